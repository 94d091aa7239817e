#pragma once
// A short text summary of a run for the command line: duration, events, per-role time
// in each state, the outcome and the checks.
#include "analysis/checks.h"
#include "model/trace.h"

#include <array>
#include <string>
#include <string_view>
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
// What is known before a run: the title, the parameters, the engine. The command line prints
// it as the run starts, so that a long run says at once what it is doing.
std::string formatRunHeader(const RunInfo& info);
// What the run did: the outcome, the events, time per role in each state and the checks (a
// check that does not apply to the trace says "n/a").
std::string formatRunResult(const Trace& trace, const std::vector<CheckResult>& checks);
// Both, one after the other.
std::string formatSummary(const Trace& trace, const std::vector<CheckResult>& checks);
// "1 thread", "3 threads".
std::string countOf(std::size_t n, std::string_view one, std::string_view many);

} // namespace tl
