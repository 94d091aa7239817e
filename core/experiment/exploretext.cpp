// The explorer's report in words (exploretext.h), moved out of the command line so that the
// app's Explore window says the same things.
#include "experiment/exploretext.h"

#include "analysis/checks.h"
#include "analysis/summary.h"
#include "model/timefmt.h"

#include <cstdio>

namespace tl {

std::string scheduleCountText(std::uint64_t n) {
    if (n < 1'000'000'000) return std::to_string(n);
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.2e", double(n)); // "1.33e+19"
    const std::string text = digits;
    const std::size_t e = text.find('e');
    static const char* const kSuperscript[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                               "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    std::string power;
    for (const char c : std::to_string(std::stoi(text.substr(e + 1))))
        power += kSuperscript[c - '0'];
    // The counter's ceiling means it overflowed.
    return (n == UINT64_MAX ? "more than " : "") + text.substr(0, e) + " \u00d7 10" + power;
}

std::string completenessText(const ExploreReport& r, const ExploreOptions& options,
                             ExploreWording wording) {
    const bool cli = wording == ExploreWording::CommandLine;
    switch (r.stopped) {
    case ExploreStop::None:
        if (!r.boundCut) return "complete";
        return "complete within the bound of " +
               countOf(std::size_t(r.bound), "preemption", "preemptions") +
               "; some need more: try " +
               (cli ? "--bound " + std::to_string(r.bound + 1) + " or --bound none"
                    : "a bound of " + std::to_string(r.bound + 1) + " or no bound");
    case ExploreStop::MaxSchedules:
        return cli ? "not complete: stopped at --max-schedules " +
                         std::to_string(options.maxSchedules)
                   : "not complete: stopped at the limit of " +
                         countOf(std::size_t(options.maxSchedules), "schedule", "schedules");
    case ExploreStop::TimeLimit:
        return cli ? "not complete: stopped at --time-limit"
                   : "not complete: stopped at the time limit";
    case ExploreStop::MaxDepth:
        return "not complete: some schedules are longer than " + std::to_string(options.maxDepth) +
               " steps";
    case ExploreStop::MaxStates:
        return "not complete: more than " + std::to_string(options.maxStates) +
               " states to remember";
    case ExploreStop::Cancelled:
        return cli ? "not complete: stopped" : "not complete: cancelled";
    }
    return {};
}

std::string exploredLine(const ExploreReport& r, const ExploreOptions& options,
                         ExploreWording wording) {
    std::string line = "explored " + scheduleCountText(r.schedules) +
                       (r.schedules == 1 ? " schedule (" : " schedules (") +
                       completenessText(r, options, wording) + "): ";
    if (r.runs < r.schedules)
        line += std::to_string(r.runs) + " run, the rest known from states already explored; ";
    else if (r.runs > r.schedules) // some were cut where a thread spun round a loop
        line += std::to_string(r.runs) + " run; ";
    line += countOf(std::size_t(r.states), "state", "states") + ", " +
            readableTime(Time(r.seconds * 1e9), wording == ExploreWording::CommandLine
                                                    ? TimeSpelling::Terminal
                                                    : TimeSpelling::App);
    if (r.sleepSets)
        line += "; one order of each set of independent operations";
    else if (!r.exact && r.schedules != UINT64_MAX)
        line += "; a spin loop's turns counted once";
    return line;
}

std::string outcomesLine(const ExploreReport& r) {
    // An outcome of several variables has commas of its own: then a semicolon between two.
    bool commas = false;
    for (const ExploreOutcome& o : r.outcomes)
        commas = commas || o.text.find(',') != std::string::npos;
    std::string line;
    for (const ExploreOutcome& o : r.outcomes)
        line += (line.empty() ? ""
                 : commas     ? "; "
                              : ", ") +
                o.text + " \u00d7" + scheduleCountText(o.schedules);
    return "outcomes: " + (line.empty() ? std::string("none") : line);
}

std::string failureHeading(const ExploreFailure& f) {
    if (f.kind == FailureKind::Goal)
        return f.shortest ? "shortest schedule to the goal" : "a schedule to the goal";
    return f.shortest ? "shortest failing schedule" : "a failing schedule";
}

std::string pastTheSearchText() {
    return "found breadth first after the search stopped; the outcomes above do not count it";
}

std::string failureWords(const Trace& trace, const ExploreFailure& f) {
    if (f.kind == FailureKind::Deadlock && trace.outcome() == Outcome::Deadlock) {
        const std::string& m = trace.message();
        return m.starts_with("deadlock: ") ? m.substr(10) : m;
    }
    const char* check = f.kind == FailureKind::Race                                      ? "races"
                        : f.kind == FailureKind::Assert || f.kind == FailureKind::Expect ? "asserts"
                                                                                         : nullptr;
    if (check)
        for (const CheckResult& c : runChecks(trace))
            if (c.name == check && !c.passed) return c.detail;
    if (trace.outcome() == Outcome::Error) return trace.message();
    return f.what;
}

std::string joinSteps(const std::vector<std::string>& words, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n && i < words.size(); ++i)
        out += (i ? ", " : "") + words[i];
    return out;
}

} // namespace tl
