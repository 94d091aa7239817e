#pragma once
// Memory for what a trace reader builds and throws away within one open: its lists per
// thread, its async identities, its sort keys (tens of MB for a trace of half a million
// events). Fresh memory costs the kernel a page fault and a zeroing per 4 KB page as it is
// first touched; on the shared 2-vCPU machine that was a tenth of a foreign Chrome trace's
// open (docs/performance.md). So blocks of 64 KB and more freed on a thread are kept on that
// thread, up to kScratchKeepBytes, and handed out again: to a later growth within the same
// open, and to the next open on that thread. The app opens files on its pool's threads, which
// end after 30 s idle, freeing what they kept.
//
// Only for what never leaves the reader: a Trace must not hold it (it may be freed on another
// thread, which is safe but would keep the memory there).
#include <cstddef>
#include <vector>

namespace tl {

inline constexpr std::size_t kScratchKeepBytes = std::size_t(64) << 20;

namespace scratch {
void* allocate(std::size_t bytes);
void deallocate(void* p, std::size_t bytes) noexcept;
// What the calling thread keeps (for tests).
std::size_t keptBytes();
} // namespace scratch

template <typename T> struct ScratchAllocator {
    using value_type = T;
    ScratchAllocator() = default;
    template <typename U> ScratchAllocator(const ScratchAllocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(scratch::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { scratch::deallocate(p, n * sizeof(T)); }
    template <typename U> bool operator==(const ScratchAllocator<U>&) const { return true; }
};

template <typename T> using ScratchVector = std::vector<T, ScratchAllocator<T>>;

} // namespace tl
