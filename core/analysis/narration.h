#pragma once
// One plain sentence for every event, for learners: "consumer 2 waits: queue "jobs" is
// empty"; "producer 1 puts item 17; the queue now holds 4 of 4".
#include "model/trace.h"

#include <string>
#include <vector>

namespace tl {

// The state a thread enters at the start of one of its intervals.
// For a scheduler trace (or any foreign trace with wakeup flows), the state's sentence also
// says who woke the thread: a runnable span ends, and a working one begins, where the arrow
// of the wakeup does.
std::string narrateState(const Trace& trace, std::size_t thread, std::size_t interval);

// Who woke a thread that went on a CPU at `time` in another program's trace (a wakeup flow
// of a scheduler trace ending there): "woken by worker 1 (tid 12607) on CPU 1", "started by
// main (tid 12604) on CPU 1" for a new thread; "" when no flow ends on the thread then.
std::string wokenBy(const Trace& trace, std::size_t thread, Time time);

// An operation; levels are objectLevels(trace, object) (computed once by the caller for
// many operations; empty to compute them here).
std::string narrateOperation(const Trace& trace, std::size_t object, std::size_t index,
                             const std::vector<std::int64_t>& levels = {});

} // namespace tl
