#pragma once
// Levels of synchronisation objects over time (queue depth, semaphore permits, threads at
// a barrier, the owner of a mutex), derived by replaying each object's operation stream.
// Replaying from the start for every frame would cost the whole stream, so the index keeps
// one checkpoint per block of operations (the level before it and the min/max within it):
// the level at any operation costs at most one block of replay, the min/max over any span
// costs its blocks. It grows incrementally as a live trace grows. What an operation does to a
// level is core/analysis/levelrules.h, the rules the export's counters and the analysis use too.
#include "analysis/levelrules.h"
#include "model/trace.h"

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace tl::ui {

enum class TrackKind : std::uint8_t {
    None,    // not drawn (the spawn/join pseudo-object)
    Counter, // step chart: queue depth, semaphore permits, threads waiting at a barrier
    Owner,   // bar coloured by the holding thread: mutex, GIL, readers-writer lock
    Flag,    // on/off bar: event set or clear
    Marks,   // operations only: condition variable
    Value,   // a shared variable: its value as a step chart, its accesses as ticks
};

TrackKind trackKind(ObjectKind kind);

// The level a track draws: for an Owner track the thread holding the object exclusively
// (-1: none; its readers are ObjectLevel::readers), for a Counter or Flag track the count,
// and 0 for tracks that draw operations only.
int trackLevel(TrackKind kind, const ObjectLevel& level);

class LevelIndex {
public:
    static constexpr std::size_t kBlock = 32;

    // Indexes the operations appended since the last call (all of them the first time, or
    // after the trace changed) up to those after `upTo`.
    void update(const Trace& trace, Time upTo = std::numeric_limits<Time>::max());
    void clear();

    // The object's level before operation i; i may equal the number of indexed operations.
    ObjectLevel stateBefore(const Trace& trace, std::size_t object, std::size_t i) const;
    // The level its track draws then (trackLevel).
    int levelBefore(const Trace& trace, std::size_t object, std::size_t i) const;
    // Lowest and highest drawn level after each of operations [a, b), a < b.
    std::pair<int, int> levelRange(const Trace& trace, std::size_t object, std::size_t a,
                                   std::size_t b) const;
    // The highest level seen so far (at least the initial level and the capacity), to scale
    // the step chart.
    int maxLevel(std::size_t object) const;
    // The lowest level seen so far (at most 0 and the initial level): a variable may go below
    // zero.
    int minLevel(std::size_t object) const;
    std::size_t indexed(std::size_t object) const;
    // Operations indexed since the index was made or cleared (tests: growth adds each once).
    std::size_t applied() const { return m_applied; }

private:
    struct Block {
        ObjectLevel before;
        std::int32_t min = 0; // of the drawn level
        std::int32_t max = 0;
    };
    struct Object {
        ObjectKind kind = ObjectKind::Mutex;
        TrackKind track = TrackKind::None;
        std::size_t count = 0; // operations indexed
        ObjectLevel level;     // after them
        int maxLevel = 0;
        int minLevel = 0;
        std::vector<Block> blocks;
    };

    const Trace* m_trace = nullptr;
    std::vector<Object> m_objects;
    std::size_t m_applied = 0;
};

} // namespace tl::ui
