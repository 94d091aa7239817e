#pragma once
// A short text summary of a run for the command line: duration, events, per-role time
// in each state, the outcome and the checks.
#include "checks.h"
#include "trace.h"

#include <array>
#include <string>
#include <vector>

namespace tl {

struct RoleSummary {
    std::string role;
    int threads = 0;
    std::array<Time, kStateCount> time{}; // summed over the role's threads
};

std::vector<RoleSummary> summariseRoles(const Trace& trace);
// Total time per state of one thread, from its intervals.
std::array<Time, kStateCount> threadStateTimes(const Trace& trace, std::size_t thread);
std::string formatSummary(const Trace& trace, const std::vector<CheckResult>& checks);

} // namespace tl
