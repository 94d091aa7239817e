#pragma once
// A list that grows in chunks of 2^Bits elements that never move, for what a reader collects
// in numbers it cannot know beforehand (a Chrome trace's async and flow events): a vector
// doubling to 6 MB copies all it holds at each growth and faults in twice the pages it keeps.
// Its chunks are scratch memory (scratch.h).
#include "model/scratch.h"

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace tl {

template <typename T, unsigned Bits = 13> class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    void push_back(const T& v) {
        if ((m_size & kMask) == 0) m_chunks.emplace_back(ScratchAllocator<T>().allocate(kChunk));
        std::construct_at(m_chunks.back().get() + (m_size & kMask), v);
        ++m_size;
    }
    T& operator[](std::size_t i) { return m_chunks[i >> Bits][i & kMask]; }
    const T& operator[](std::size_t i) const { return m_chunks[i >> Bits][i & kMask]; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

private:
    static constexpr std::size_t kChunk = std::size_t(1) << Bits;
    static constexpr std::size_t kMask = kChunk - 1;
    struct Free {
        void operator()(T* p) const { ScratchAllocator<T>().deallocate(p, kChunk); }
    };
    std::vector<std::unique_ptr<T[], Free>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace tl
