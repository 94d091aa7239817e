#include "model/scratch.h"

#include <array>
#include <bit>
#include <new>

namespace tl::scratch {

namespace {

// Below this, the allocator's own free lists already reuse the memory.
constexpr std::size_t kSmallest = std::size_t(64) << 10;

struct Cache {
    std::array<std::vector<void*>, 64> free; // by the power of two of the block's size
    std::size_t kept = 0;
    ~Cache();
};

// Set once the thread's cache is gone (the thread is ending): what is freed after that
// goes back to the allocator. A bool has no destructor, so it outlives the cache.
thread_local bool t_gone = false;

Cache::~Cache() {
    for (std::size_t c = 0; c < free.size(); ++c)
        for (void* p : free[c])
            ::operator delete(p);
    t_gone = true;
}

Cache& cache() {
    thread_local Cache c;
    return c;
}

} // namespace

void* allocate(std::size_t bytes) {
    if (bytes < kSmallest) return ::operator new(bytes);
    const std::size_t size = std::bit_ceil(bytes); // the size deallocate() will give back
    if (t_gone) return ::operator new(size);
    Cache& c = cache();
    std::vector<void*>& list = c.free[std::size_t(std::countr_zero(size))];
    if (list.empty()) return ::operator new(size);
    void* p = list.back();
    list.pop_back();
    c.kept -= size;
    return p;
}

void deallocate(void* p, std::size_t bytes) noexcept {
    if (bytes < kSmallest) {
        ::operator delete(p);
        return;
    }
    const std::size_t size = std::bit_ceil(bytes);
    if (!t_gone) {
        Cache& c = cache();
        if (c.kept + size <= kScratchKeepBytes) {
            try {
                c.free[std::size_t(std::countr_zero(size))].push_back(p);
                c.kept += size;
                return;
            } catch (const std::bad_alloc&) {
                // no room to note it: free it
            }
        }
    }
    ::operator delete(p);
}

std::size_t keptBytes() {
    return t_gone ? 0 : cache().kept;
}

} // namespace tl::scratch
