#include "analysis/summary.h"

#include "analysis/variables.h"
#include "model/timefmt.h"

#include <algorithm>

namespace tl {

std::array<Time, kStateCount> threadStateTimes(const Trace& trace, std::size_t thread) {
    std::array<Time, kStateCount> out{};
    for (std::size_t i = 0, n = trace.intervalCount(thread); i < n; ++i) {
        const Trace::Interval iv = trace.interval(thread, i);
        if (std::size_t(iv.state) < out.size()) out[std::size_t(iv.state)] += iv.range.delta();
    }
    return out;
}

std::vector<RoleSummary> summariseRoles(const Trace& trace) {
    std::vector<RoleSummary> roles;
    for (std::size_t t = 0, n = trace.threadCount(); t < n; ++t) {
        const std::string& role = trace.thread(t).role;
        auto it = std::find_if(roles.begin(), roles.end(),
                               [&](const RoleSummary& r) { return r.role == role; });
        if (it == roles.end()) {
            roles.push_back(RoleSummary{role, 0, {}});
            it = roles.end() - 1;
        }
        ++it->threads;
        const auto times = threadStateTimes(trace, t);
        for (std::size_t s = 0; s < times.size(); ++s)
            it->time[s] += times[s];
    }
    return roles;
}

namespace {

// "12.3 ms", "-" for none: short enough for a table column.
std::string shortDuration(Time ns) {
    return ns == 0 ? std::string("-") : readableTime(ns, TimeSpelling::Terminal);
}

std::string pad(std::string s, std::size_t width, bool right = false) {
    if (s.size() >= width) return s + " ";
    const std::string fill(width - s.size(), ' ');
    return right ? fill + s + " " : s + fill + " ";
}

} // namespace

std::string countOf(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string formatRunHeader(const RunInfo& info) {
    std::string out;
    out += info.title + " (" + info.scenarioId + ")\n";
    std::string params;
    for (const auto& [k, v] : info.parameters)
        params += (params.empty() ? "" : ", ") + k + "=" + v;
    out += "  parameters: " + (params.empty() ? std::string("none") : params) + "\n";
    out += "  engine: " + info.engine + ", seed " + std::to_string(info.seed);
    if (info.engine == "simulated") out += ", " + countOf(std::size_t(info.cores), "core", "cores");
    out += "\n";
    return out;
}

std::string formatSummary(const Trace& trace, const std::vector<CheckResult>& checks) {
    return formatRunHeader(trace.info()) + formatRunResult(trace, checks);
}

std::string formatRunResult(const Trace& trace, const std::vector<CheckResult>& checks) {
    std::string out;
    const std::string_view outcome = outcomeLabel(trace.outcome());
    out += "  outcome: " + std::string(outcome) + " after " +
           (trace.endTime() == 0 ? std::string("0 s") : shortDuration(trace.endTime())) + "\n";
    if (!trace.message().empty() && trace.message() != outcome)
        out += "  " + trace.message() + "\n";
    out += "  events: " + std::to_string(trace.eventCount()) + " (" +
           countOf(trace.threadCount(), "thread", "threads") + ", " +
           countOf(trace.objectCount(), "object", "objects") + ")\n";
    // The shared variables' values at the end, and what each should have been.
    std::string variables;
    for (std::size_t o = 0, n = trace.objectCount(); o < n; ++o)
        if (trace.object(o).kind == ObjectKind::Variable)
            variables += (variables.empty() ? "" : "; ") + variableLine(trace, o);
    if (!variables.empty()) out += "  variables: " + variables + "\n";
    if (trace.expectation()) out += "  expected: " + expectationLine(trace) + "\n";
    out += "\n";

    // Only the states that occur get a column.
    const auto roles = summariseRoles(trace);
    std::array<bool, kStateCount> used{};
    for (const RoleSummary& r : roles)
        for (int s = 0; s < kStateCount; ++s)
            used[std::size_t(s)] = used[std::size_t(s)] || r.time[std::size_t(s)] > 0;
    std::size_t roleWidth = 6;
    for (const RoleSummary& r : roles)
        roleWidth = std::max(roleWidth, r.role.size() + 1);
    out += "  " + pad("role", roleWidth) + pad("threads", 8, true);
    for (int s = 0; s < kStateCount; ++s)
        if (used[std::size_t(s)]) out += pad(std::string(stateName(ThreadState(s))), 10, true);
    out += "\n";
    for (const RoleSummary& r : roles) {
        out += "  " + pad(r.role, roleWidth) + pad(std::to_string(r.threads), 8, true);
        for (int s = 0; s < kStateCount; ++s)
            if (used[std::size_t(s)]) out += pad(shortDuration(r.time[std::size_t(s)]), 10, true);
        out += "\n";
    }
    out += "\n  checks:";
    for (const CheckResult& c : checks)
        out += " " + c.name + (!c.passed ? " FAILED;" : c.applies ? " ok;" : " n/a;");
    out.back() = '\n';
    for (const CheckResult& c : checks)
        if (!c.passed) out += "  check \"" + c.name + "\" failed: " + c.detail + "\n";
    return out;
}

} // namespace tl
