#include "model/eventstream.h"

#include <new>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace tl {

EventStream::~EventStream() {
    for (std::size_t k = 0; k < kChunks; ++k)
        if (Event* c = m_chunks[k].load(std::memory_order_relaxed))
            ::operator delete(c, std::align_val_t(chunkAlignment(k)));
}

Event* EventStream::allocate(std::size_t chunk) {
    const std::size_t bytes = chunkSize(chunk) * sizeof(Event);
    void* p = ::operator new(bytes, std::align_val_t(chunkAlignment(chunk)));
#ifdef MADV_HUGEPAGE
    if (bytes >= kHugePage) ::madvise(p, bytes, MADV_HUGEPAGE);
#endif
    Event* c = static_cast<Event*>(p);
    m_chunks[chunk].store(c, std::memory_order_release);
    return c;
}

} // namespace tl
