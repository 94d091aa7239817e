#pragma once
// A mipmap of each thread's states (Perfetto keeps per-bucket summaries for the same
// reason): level 0 summarises every block of kBlock consecutive intervals (when it starts,
// how long it spent in each state); each next level merges kFanout blocks of the one
// below. When a pixel column holds a block or more, the geometry builder decides the
// column's dominant state from the coarsest such level and never touches the raw events,
// so a frame reads at most about kFanout summaries per pixel column and lane, whatever the
// trace's size. About 6 bytes per event; grows incrementally with a live trace.
#include "model/trace.h"

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace tl::ui {

class StateIndex {
public:
    static constexpr std::size_t kBlock = 8;  // intervals per level-0 block
    static constexpr std::size_t kFanout = 4; // blocks per block of the next level

    struct Block {
        Time start = 0;                                  // start of the block's first interval
        std::array<std::uint32_t, kStateCount> weight{}; // ns per state, saturating
    };

    // Summarises the intervals completed since the last call that end by `upTo`.
    void update(const Trace& trace, Time upTo = std::numeric_limits<Time>::max());
    void clear();

    std::size_t threads() const { return m_threads.size(); }
    // Intervals summarised for a thread: its completed ones (followed by another event),
    // which is all of them once it exits.
    std::size_t indexed(std::size_t thread) const {
        return thread < m_threads.size() ? m_threads[thread].count : 0;
    }
    std::size_t levels(std::size_t thread) const { return m_threads[thread].levels.size(); }
    // Intervals per block at a level.
    static std::size_t blockSize(std::size_t level);
    // The blocks of a level; the last one may be partial.
    const std::vector<Block>& blocks(std::size_t thread, std::size_t level) const {
        return m_threads[thread].levels[level];
    }
    // Intervals summarised since the index was made or cleared, for tests: growing with a
    // live trace or a moving horizon must add each interval once, not rebuild.
    std::size_t added() const { return m_added; }

private:
    struct Thread {
        std::size_t count = 0;
        std::vector<std::vector<Block>> levels;
    };
    static void add(std::vector<std::vector<Block>>& levels, std::size_t index, Time start,
                    std::size_t state, Time duration);

    const Trace* m_trace = nullptr;
    std::vector<Thread> m_threads;
    std::size_t m_added = 0;
};

} // namespace tl::ui
