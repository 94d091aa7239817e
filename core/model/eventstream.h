#pragma once
// An append-only sequence of events that one writer grows while any number of readers
// read what has been published. Storage is a fixed directory of chunks that double in
// size, so an element never moves once written: a reader needs no lock, only the size.
#include "model/event.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <memory>

namespace tl {

class EventStream {
public:
    EventStream() = default;
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;
    ~EventStream();

    // Only one thread may append at a time (the owner thread, or whoever holds the
    // object's lock); readers may call size() and operator[] concurrently.
    void append(const Event& e) {
        const std::size_t pos = m_size.load(std::memory_order_relaxed);
        const auto [chunk, offset] = locate(pos);
        Event* c = m_chunks[chunk].load(std::memory_order_relaxed);
        if (!c) [[unlikely]]
            c = allocate(chunk);
        c[offset] = e;
        m_size.store(pos + 1, std::memory_order_release);
    }

    std::size_t size() const { return m_size.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }

    const Event& operator[](std::size_t i) const {
        const auto [chunk, offset] = locate(i);
        return m_chunks[chunk].load(std::memory_order_acquire)[offset];
    }
    const Event& back() const { return (*this)[size() - 1]; }

    // First index in [0, n) whose time is >= t (events are in time order).
    std::size_t lowerBound(Time t, std::size_t n) const {
        std::size_t lo = 0, hi = n;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if ((*this)[mid].time < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    // First index in [0, n) whose time is > t.
    std::size_t upperBound(Time t, std::size_t n) const {
        std::size_t lo = 0, hi = n;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if ((*this)[mid].time <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    std::size_t memoryBytes() const {
        std::size_t bytes = 0;
        for (std::size_t k = 0; k < kChunks; ++k)
            if (m_chunks[k].load(std::memory_order_relaxed)) bytes += chunkSize(k) * sizeof(Event);
        return bytes;
    }

private:
    static constexpr int kFirstBits = 8;       // the first chunk holds 256 events
    static constexpr std::size_t kChunks = 64; // a power of two: see locate()
    static constexpr std::size_t chunkSize(std::size_t k) {
        return std::size_t(1) << (k + kFirstBits);
    }

    struct Where {
        std::size_t chunk;
        std::size_t offset;
    };
    static Where locate(std::size_t pos) {
        const std::size_t q = pos + (std::size_t(1) << kFirstBits);
        // The mask only tells the compiler the index is in range (it always is).
        const std::size_t chunk = (std::size_t(std::bit_width(q)) - 1 - kFirstBits) & (kChunks - 1);
        return {chunk, q - (std::size_t(1) << (chunk + kFirstBits))};
    }
    // Fresh memory costs more than the appends that fill it (a page fault for every 256
    // events): chunks of 2 MB and more ask for transparent huge pages, one fault per 2 MB.
    // Chunks are not value-initialised either: every element is written before it is
    // published (Event is an implicit-lifetime aggregate), so that would be a second pass.
    static constexpr std::size_t kHugePage = std::size_t(2) << 20;
    static constexpr std::size_t chunkAlignment(std::size_t k) {
        return chunkSize(k) * sizeof(Event) >= kHugePage ? kHugePage : alignof(Event);
    }
    // Out of line (eventstream.cpp), with the system header it needs: it runs once per chunk,
    // at most 64 times in a stream's life, and <sys/mman.h> would otherwise reach every file
    // that includes trace.h, with its macros.
    Event* allocate(std::size_t chunk);

    std::array<std::atomic<Event*>, kChunks> m_chunks{};
    std::atomic<std::size_t> m_size{0};
};

} // namespace tl
