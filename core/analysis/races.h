#pragma once
// The race check: two accesses to one variable from different threads, at least one of them
// a plain write, that nothing orders. "Orders" is happens-before, followed with vector clocks
// through every synchronisation the trace records: unlock to the next lock (of a mutex, the
// GIL or either side of a readers-writer lock), every operation on a queue (a queue is a
// locked structure), release to acquire, arrival to pass at a barrier, notify to wake, set to
// a wait or wake, spawn to the child's first step, the child's last to the join, every fence
// with every fence before it, and each atomic operation on a variable with the atomic
// operations before it (release-acquire). Plain reads and writes order nothing.
//
// One pass over the trace's operations in time order, with a clock entry for each thread
// that accesses a variable: linear in the trace, and at most kMaxClockThreads entries a clock.
#include "model/timefmt.h"
#include "model/trace.h"

#include <cstddef>
#include <string>
#include <vector>

namespace tl {

inline constexpr std::size_t kMaxClockThreads = 64;

struct Race {
    int variable = -1;
    std::size_t first = 0;  // the earlier access, index in the variable's stream
    std::size_t second = 0; // the later one, which nothing orders after it
};

struct RaceReport {
    bool applies = false;               // the trace has variables
    std::size_t total = 0;              // accesses that race with an earlier one
    std::vector<Race> races;            // the first kMaxKept of them, in time order
    std::vector<std::size_t> perObject; // races by object index (0 for all but variables)
    std::size_t accessors = 0;          // threads that access a variable
    std::size_t checked = 0;            // of those, how many have a clock entry (at most 64)
    static constexpr std::size_t kMaxKept = 100'000;
};

RaceReport findRaces(const Trace& trace);

// "\"counter\": worker 1's write at 1.2ms and worker 2's read at 1.21ms are not ordered"; the
// times spelled as a check's message spells them, or as the app does.
std::string describeRace(const Trace& trace, const Race& race,
                         TimeSpelling spelling = TimeSpelling::File);

} // namespace tl
