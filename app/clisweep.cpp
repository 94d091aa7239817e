// threadlens sweep: a scenario run once per value of one parameter (or of the simulated
// cores), printed as a table and saved as CSV.
#include "analysis/summary.h"
#include "cliargs.h"
#include "experiment/sweep.h"
#include "format/atomicfile.h"
#include "interrupt.h"
#include "model/timefmt.h"
#include "scenario/catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tl::cli {

const char* const kSweepHelp =
    R"(Usage: threadlens sweep SCENARIO --vary NAME=FROM..TO [options]

Runs SCENARIO on the simulated machine once for each of several values of one
parameter, or of the machine's cores, and prints a row per value: outcome, duration,
events, threads, the share of thread time in each state, throughput, fairness, the
longest wait and the contention of the most contended object. For example:
  threadlens sweep lock-contention --vary workers=1..16
shows where more workers stop finishing sooner.

Options:
  --vary NAME=FROM..TO the parameter to sweep: a whole-number or duration one
                       (durations written as for --set: --vary hold=1ms..10ms), or
                       cores (--vary cores=1..8)
  --points N           how many values, evenly spaced from FROM to TO and rounded,
                       1-200; default: every whole number when that is 16 values or
                       fewer, else 8 (durations: 8)
  --doubling           space the values geometrically instead (1, 2, 4, 8 ...);
                       default: about one value per doubling
  --set NAME=VALUE     set another parameter (repeatable)
  --seed N             random seed of every run (default 1)
  --cores N            cores of the simulated machine, 1-64 (default 4)
  --time-limit DUR     end each run after this long (e.g. 5s); default: the scenario's
  --max-events N       end each run after this many events (default 20000000)
  --csv FILE.csv       save the table as CSV, a row per value

The simulated machine is deterministic: the same command gives the same figures. A run
that ends in a deadlock or at a limit is a row like any other, with its outcome.

Ctrl+C stops the sweep: the table and --csv keep the runs that were done, and the exit
status is 3. A second Ctrl+C quits at once.

Exit status (the last line on stderr says why when it is not 0):
  0  every run was made
  2  bad input, or a run that failed with an error
  3  stopped with Ctrl+C before every run was made
)";

namespace {

// --vary NAME=FROM..TO, read in the swept parameter's own unit.
struct Vary {
    std::string name;
    std::int64_t from = 0, to = 0;
    bool duration = false;
};

Vary parseVary(const std::string& text, const Scenario& scenario) {
    const auto eq = text.find('=');
    const auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || eq == 0 || dots == std::string::npos)
        throw BadInput("--vary \"" + text + "\": expected NAME=FROM..TO, e.g. workers=1..16");
    Vary v;
    v.name = text.substr(0, eq);
    const std::string fromText = text.substr(eq + 1, dots - eq - 1);
    const std::string toText = text.substr(dots + 2);
    const std::string what = "--vary " + v.name;
    if (v.name != kSweepCores) {
        const ParamSpec* p = scenario.parameter(v.name);
        if (!p || (p->type != ParamType::Int && p->type != ParamType::Duration)) {
            SweepRequest r;
            r.scenario = scenario;
            r.parameter = v.name;
            validateSweep(r); // names the unknown or unsweepable parameter
        }
        v.duration = p->type == ParamType::Duration;
    }
    auto value = [&](const std::string& t) -> std::int64_t {
        if (v.duration) {
            const auto d = parseDuration(t);
            if (!d)
                throw BadInput(what + ": \"" + t + "\" is not a duration (e.g. 500us, 5ms, 1.5s)");
            return *d;
        }
        std::int64_t n = 0;
        const auto r = std::from_chars(t.data(), t.data() + t.size(), n);
        if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
            throw BadInput(what + ": \"" + t + "\" is not a whole number");
        return n;
    };
    v.from = value(fromText);
    v.to = value(toText);
    if (v.from > v.to) throw BadInput(what + ": FROM " + fromText + " is above TO " + toText);
    return v;
}

// What the command line asked for, as typed.
struct SweepArgs {
    std::string scenario, vary, csv;
    std::vector<std::string> sets;
    RunOptions options;
    int points = 0; // 0: chosen from the range
    bool doubling = false, coresSet = false, help = false;
};

SweepArgs readSweepArgs(Args& a) {
    SweepArgs s;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            s.help = true;
            return s;
        }
        if (auto v = a.option("--vary")) {
            if (!s.vary.empty()) throw BadInput("--vary: one parameter at a time");
            s.vary = *v;
        } else if (auto v = a.option("--points")) {
            s.points = int(integer(*v, "--points", 1, std::int64_t(kMaxSweepPoints)));
        } else if (a.peek() == "--doubling") {
            a.next();
            s.doubling = true;
        } else if (auto v = a.option("--set")) {
            s.sets.push_back(*v);
        } else if (const bool cores = a.peek().starts_with("--cores");
                   takeRunOption(a, s.options)) {
            s.coresSet = s.coresSet || cores;
        } else if (auto v = a.option("--csv")) {
            s.csv = *v;
        } else if (a.peek().starts_with("-")) {
            throw BadInput("sweep: unknown option \"" + a.peek() +
                           "\" (see threadlens help sweep)");
        } else if (s.scenario.empty()) {
            s.scenario = a.next();
        } else {
            throw BadInput("sweep: one scenario at a time (got \"" + s.scenario + "\" and \"" +
                           a.peek() + "\")");
        }
    }
    if (s.scenario.empty())
        throw BadInput("sweep: which scenario? (\"threadlens list\" shows them)");
    if (s.vary.empty())
        throw BadInput("sweep: say what to vary with --vary NAME=FROM..TO, e.g. workers=1..16");
    return s;
}

// Without --points: one per whole value of a short range, one per doubling, otherwise 8.
int defaultPoints(const Vary& v, bool doubling) {
    int points = 0;
    if (doubling)
        points =
            v.from == v.to ? 1 : int(std::lround(std::log2(double(v.to) / double(v.from)))) + 1;
    else if (!v.duration && v.to - v.from < 16)
        points = int(v.to - v.from + 1);
    else
        points = 8;
    return std::clamp(points, 2, int(kMaxSweepPoints));
}

// The request, every point checked before the first runs; `v` is the range it sweeps.
SweepRequest sweepRequest(const SweepArgs& s, Vary& v) {
    SweepRequest request;
    request.scenario = resolveScenario(s.scenario);
    v = parseVary(s.vary, request.scenario);
    if (v.name == kSweepCores && s.coresSet)
        throw BadInput("--cores: not with --vary cores, which sets them per run");
    request.values = defaultValues(request.scenario);
    for (const std::string& set : s.sets) {
        if (set.substr(0, set.find('=')) == v.name)
            throw BadInput("--set " + v.name + ": that is the parameter being swept");
        setAssignment(request.scenario, request.values, set);
    }
    if (s.doubling && v.from < 1)
        throw BadInput("--doubling: FROM must be above zero (--vary " + s.vary + ")");
    request.parameter = v.name;
    request.points =
        sweepPoints(v.from, v.to, s.points ? s.points : defaultPoints(v, s.doubling), s.doubling);
    request.options = s.options;
    validateSweep(request);
    return request;
}

// One point at a time, so that Ctrl+C keeps the points already run (a stopped runSweep
// gives back none); the point under way ends within one look at the stop flag.
SweepResult runPoints(const SweepRequest& request, const InterruptStop& interrupt, bool& stopped) {
    SweepResult result;
    result.parameter = request.parameter;
    if (const ParamSpec* p = request.scenario.parameter(request.parameter))
        result.parameterLabel = p->label.empty() ? p->name : p->label;
    else
        result.parameterLabel = "Cores";
    stopped = false;
    SweepRequest one = request;
    for (std::size_t i = 0; i < request.points.size() && !stopped; ++i) {
        one.points = {request.points[i]};
        try {
            SweepResult r = runSweep(one, interrupt.stopProgress());
            result.parameterLabel = r.parameterLabel;
            result.points.push_back(std::move(r.points.front()));
        } catch (const Cancelled&) {
            stopped = true;
        }
    }
    return result;
}

} // namespace

int sweep(Args& a) {
    const SweepArgs args = readSweepArgs(a);
    if (args.help) {
        std::fputs(kSweepHelp, stdout);
        return kOk;
    }
    Vary v;
    const SweepRequest request = sweepRequest(args, v);
    // Before the first line goes out: a Ctrl+C that answers it must find the handler.
    InterruptStop interrupt("the sweep");

    std::printf("%s: %s, seed %llu%s\n", request.scenario.id.c_str(),
                countOf(request.points.size(), "run", "runs").c_str(),
                static_cast<unsigned long long>(args.options.seed),
                v.name == kSweepCores
                    ? ""
                    : (", " + countOf(std::size_t(args.options.cores), "core", "cores")).c_str());
    std::fflush(stdout);

    bool stopped = false;
    const SweepResult result = runPoints(request, interrupt, stopped);
    interrupt.workDone();
    interrupt.quitProgress()->step(0); // throws Cancelled if a Ctrl+C came meanwhile

    if (!args.csv.empty()) writeFileAtomically(args.csv, sweepCsv(result));
    std::fputs(formatSweep(result).c_str(), stdout);
    if (!args.csv.empty()) std::printf("  csv: %s\n", args.csv.c_str());
    if (stopped)
        std::printf("  stopped after %zu of %s\n", result.points.size(),
                    countOf(request.points.size(), "run", "runs").c_str());
    std::fflush(stdout);
    for (const SweepPoint& pt : result.points)
        if (pt.outcome == Outcome::Error)
            throw BadInput(args.scenario + " at " + v.name + "=" + pt.label + ": " + pt.message);
    if (stopped) {
        std::fprintf(stderr, "threadlens: the sweep did not complete: stopped after %zu of %s\n",
                     result.points.size(), countOf(request.points.size(), "run", "runs").c_str());
        return kIncomplete;
    }
    return kOk;
}

} // namespace tl::cli
