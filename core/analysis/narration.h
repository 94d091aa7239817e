#pragma once
// One plain sentence for every event, for learners: "consumer 2 waits: queue "jobs" is
// empty"; "producer 1 puts item 17; the queue now holds 4 of 4".
#include "model/trace.h"

#include <string>
#include <vector>

namespace tl {

// The state a thread enters at the start of one of its intervals.
std::string narrateState(const Trace& trace, std::size_t thread, std::size_t interval);

// An operation; levels are objectLevels(trace, object) (computed once by the caller for
// many operations; empty to compute them here).
std::string narrateOperation(const Trace& trace, std::size_t object, std::size_t index,
                             const std::vector<std::int64_t>& levels = {});

} // namespace tl
