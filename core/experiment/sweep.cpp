#include "experiment/sweep.h"

#include "analysis/stats.h"
#include "experiment/run.h"
#include "model/timefmt.h"
#include "scenario/expr.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stop_token>
#include <thread>

namespace tl {

namespace {

constexpr std::int64_t kMinCores = 1, kMaxCores = 64;

// Numbers in the CSV and the table never depend on the C locale (a Qt program may have
// set one with a decimal comma).
std::string fixed(double v, int digits) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, digits);
    return std::string(buf, r.ptr);
}

const char* typeName(ParamType t) {
    switch (t) {
    case ParamType::Int:
        return "a whole number";
    case ParamType::Duration:
        return "a duration";
    case ParamType::Choice:
        return "a choice";
    case ParamType::Bool:
        return "true or false";
    }
    return "";
}

bool isCores(const std::string& name) {
    return name == kSweepCores;
}

std::string pointLabel(const ParamSpec* p, std::int64_t v) {
    return p ? formatParamValue(*p, ExprValue::of(v)) : std::to_string(v);
}

// Turns the Progress flag into a stop request, so that Cancel also ends a long run in the
// middle rather than only between points. One watcher for the whole sweep.
class CancelWatch {
public:
    explicit CancelWatch(const Progress* progress) {
        if (!progress || !progress->cancel) return;
        const std::atomic<bool>* flag = progress->cancel;
        m_thread = std::jthread([this, flag](std::stop_token own) {
            // Sleeps 5 ms at a time, but wakes at once when the sweep ends.
            std::mutex mutex;
            std::condition_variable_any wake;
            std::unique_lock lock(mutex);
            const auto set = [flag] { return flag->load(std::memory_order_relaxed); };
            while (!wake.wait_for(lock, own, std::chrono::milliseconds(5), set))
                if (own.stop_requested()) return;
            m_source.request_stop();
        });
    }
    std::stop_token token() const { return m_source.get_token(); }

private:
    std::stop_source m_source;
    std::jthread m_thread; // last: joined before m_source goes
};

SweepPoint reduce(const Trace& trace, std::int64_t value, std::string label) {
    SweepPoint pt;
    pt.value = value;
    pt.label = std::move(label);
    pt.outcome = trace.outcome();
    if (pt.outcome != Outcome::Completed) pt.message = trace.message();
    pt.duration = trace.endTime();
    pt.events = trace.eventCount();
    pt.threads = int(trace.threadCount());

    const Statistics st = computeStatistics(trace);
    std::array<Time, kStateCount> time{};
    Time total = 0;
    for (const ThreadStats& t : st.threads) {
        for (int s = 0; s < kStateCount; ++s)
            time[std::size_t(s)] += t.time[std::size_t(s)];
        total += t.total;
    }
    if (total > 0)
        for (int s = 0; s < kStateCount; ++s)
            pt.stateShare[std::size_t(s)] = double(time[std::size_t(s)]) / double(total);
    pt.unit = st.run.unit;
    pt.throughput = st.run.throughput;
    pt.fairness = st.run.fairness;
    pt.longestWait = st.run.longestWait;
    for (const ObjectStats& o : st.objects)
        pt.contention = std::max(pt.contention, o.contention());
    return pt;
}

} // namespace

void validateSweep(const SweepRequest& request) {
    const std::string& name = request.parameter;
    const std::string where = "sweep of \"" + name + "\"";
    const ParamSpec* p = nullptr;
    std::int64_t lo = kMinCores, hi = kMaxCores;
    if (!isCores(name)) {
        p = request.scenario.parameter(name);
        if (!p) {
            std::string known;
            for (const ParamSpec& q : request.scenario.parameters)
                if (q.type == ParamType::Int || q.type == ParamType::Duration)
                    known += q.name + ", ";
            throw ScenarioError(where + ": " + request.scenario.id +
                                " has no such parameter (can sweep: " + known +
                                std::string(kSweepCores) + ")");
        }
        if (p->type != ParamType::Int && p->type != ParamType::Duration)
            throw ScenarioError(where + ": the parameter is " + typeName(p->type) +
                                "; only whole-number and duration parameters (or cores) can be "
                                "swept");
        lo = p->min;
        hi = p->max;
    }
    if (request.points.empty()) throw ScenarioError(where + ": no points to run");
    if (request.points.size() > kMaxSweepPoints)
        throw ScenarioError(where + ": " + std::to_string(request.points.size()) +
                            " points; at most " + std::to_string(kMaxSweepPoints));
    // The extremes, not the first value out of range: they are what the user typed as the
    // ends of the sweep.
    const auto [least, most] = std::minmax_element(request.points.begin(), request.points.end());
    if (*least < lo)
        throw ScenarioError(where + ": " + pointLabel(p, *least) + " is below the minimum " +
                            pointLabel(p, lo));
    if (*most > hi)
        throw ScenarioError(where + ": " + pointLabel(p, *most) + " is above the maximum " +
                            pointLabel(p, hi));
}

SweepResult runSweep(const SweepRequest& request, const Progress* progress) {
    validateSweep(request);
    const bool cores = isCores(request.parameter);
    const ParamSpec* p = cores ? nullptr : request.scenario.parameter(request.parameter);

    SweepResult result;
    result.parameter = request.parameter;
    result.parameterLabel = cores ? "Cores" : (p->label.empty() ? p->name : p->label);
    result.points.reserve(request.points.size());

    ParamValues values = request.values;
    RunOptions options = withDeadlockWords(request.options);
    options.engine = EngineKind::Simulated;
    CancelWatch watch(progress);
    const double n = double(request.points.size());

    // The program of the unswept values, when cores are swept: compiled once.
    Program fixedProgram;
    if (cores) fixedProgram = compile(request.scenario, values);

    if (progress) progress->step(0);
    for (std::size_t i = 0; i < request.points.size(); ++i) {
        const std::int64_t v = request.points[i];
        const std::string label = pointLabel(p, v);
        Program varied;
        if (cores) {
            options.cores = int(v);
        } else {
            values[p->name] = ExprValue::of(v);
            try {
                varied = compile(request.scenario, values);
            } catch (const ScenarioError& e) {
                throw ScenarioError(p->name + "=" + label + ": " + e.what());
            } catch (const ExprError& e) {
                throw ScenarioError(p->name + "=" + label + ": " + e.what());
            }
        }
        SweepPoint pt;
        {
            const Program& program = cores ? fixedProgram : varied;
            // Gone before the next point: a sweep keeps figures, not traces.
            Trace trace(runInfo(program, options));
            runSimulated(program, trace, options, watch.token());
            if (trace.outcome() == Outcome::Cancelled && progress && progress->cancelled())
                throw Cancelled();
            pt = reduce(trace, v, label);
        }
        result.points.push_back(std::move(pt));
        if (progress) progress->step(double(i + 1) / n);
    }
    return result;
}

std::string sweepCsv(const SweepResult& result) {
    std::string out = "value,label,outcome,duration_ns,events,threads";
    // Appended piece by piece: `"," + std::string` trips GCC 12's -Wrestrict.
    auto cell = [&out](std::string_view text) {
        out += ',';
        out += text;
    };
    for (int s = 0; s < kStateCount; ++s) {
        cell(stateName(ThreadState(s)));
        out += "_share";
    }
    out += ",unit,throughput_per_s,fairness,longest_wait_ns,contention\n";
    for (const SweepPoint& pt : result.points) {
        out += std::to_string(pt.value);
        cell(pt.label); // numbers and durations ("1.5ms"): nothing to quote
        cell(outcomeName(pt.outcome));
        cell(std::to_string(pt.duration));
        cell(std::to_string(pt.events));
        cell(std::to_string(pt.threads));
        for (const double share : pt.stateShare)
            cell(fixed(share, 6));
        cell(pt.unit); // a word or two from computeStatistics, no commas
        cell(fixed(pt.throughput, 3));
        cell(fixed(pt.fairness, 4));
        cell(std::to_string(pt.longestWait));
        cell(fixed(pt.contention, 4));
        out += '\n';
    }
    return out;
}

std::string formatSweep(const SweepResult& result) {
    // Only the states some point spent time in get a column.
    std::vector<int> states;
    for (int s = 0; s < kStateCount; ++s)
        if (std::any_of(result.points.begin(), result.points.end(),
                        [s](const SweepPoint& pt) { return pt.stateShare[std::size_t(s)] > 0; }))
            states.push_back(s);
    // The throughput column names its unit when every point counts the same thing.
    const std::string* unit = nullptr;
    bool mixed = false;
    for (const SweepPoint& pt : result.points)
        if (!pt.unit.empty()) {
            if (!unit) unit = &pt.unit;
            mixed = mixed || *unit != pt.unit;
        }
    std::string through = "per s";
    if (unit && !mixed) {
        through = *unit;
        through += "/s";
    }

    std::size_t labelWidth = std::max<std::size_t>(result.parameter.size(), 5);
    for (const SweepPoint& pt : result.points)
        labelWidth = std::max(labelWidth, pt.label.size());
    const int lw = int(labelWidth);
    const int tw = int(std::max<std::size_t>(through.size(), 12));

    std::string out = "Sweep of " + result.parameterLabel + "\n";
    char line[512];
    std::snprintf(line, sizeof line, "  %-*s %-11s %10s %9s %7s", lw, result.parameter.c_str(),
                  "outcome", "duration", "events", "threads");
    out += line;
    for (const int s : states) {
        std::snprintf(line, sizeof line, " %9s", std::string(stateName(ThreadState(s))).c_str());
        out += line;
    }
    std::snprintf(line, sizeof line, " %*s %8s %12s %10s\n", tw, through.c_str(), "fairness",
                  "longest wait", "contention");
    out += line;
    for (const SweepPoint& pt : result.points) {
        std::snprintf(line, sizeof line, "  %-*s %-11s %10s %9zu %7d", lw, pt.label.c_str(),
                      std::string(outcomeName(pt.outcome)).c_str(),
                      readableTime(pt.duration, TimeSpelling::Terminal).c_str(), pt.events,
                      pt.threads);
        out += line;
        for (const int s : states) {
            std::snprintf(line, sizeof line, " %9s",
                          (fixed(100 * pt.stateShare[std::size_t(s)], 1) + "%").c_str());
            out += line;
        }
        std::snprintf(line, sizeof line, " %*s %8s %12s %10s\n", tw,
                      pt.unit.empty() ? "-" : fixed(pt.throughput, 1).c_str(),
                      fixed(pt.fairness, 3).c_str(),
                      readableTime(pt.longestWait, TimeSpelling::Terminal).c_str(),
                      (fixed(100 * pt.contention, 1) + "%").c_str());
        out += line;
    }
    return out;
}

} // namespace tl
