// threadlens explore: every schedule of a scenario's visible operations, the outcomes with
// their counts, and the shortest failing schedule, in words and (--out) as a trace. And the
// reading of a schedule that `run --schedule` follows.
#include "analysis/summary.h"
#include "cliargs.h"
#include "experiment/explore.h"
#include "experiment/exploretext.h"
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "interrupt.h"
#include "model/timefmt.h"
#include "scenario/catalog.h"

#include <cstdio>
#include <filesystem>

namespace tl::cli {

const char* const kExploreHelp =
    R"(Usage: threadlens explore SCENARIO [options]

Tries every order in which the scenario's threads can perform their visible operations
(on a lock, a queue, a semaphore, a barrier, a condition, an event, a variable; spawn,
join, assert), on the simulated machine's rules with time left out, and says what can
happen: how many schedules end in each outcome (the variables' final values; completed
or deadlock), and the shortest schedule that fails: a deadlock, a failed assert, an
impossible operation, variables that end other than the scenario expects, or a data
race. For example:
  threadlens explore lost-update --set workers=2 --set increments=1
SCENARIO is a bundled scenario id or a scenario file.

Options:
  --set NAME=VALUE     set a parameter (repeatable)
  --bound N|none       at most N preemptions in a schedule, switches away from a thread
                       that could go on (default 2: most concurrency bugs need no more);
                       none: every schedule
  --max-schedules N    stop after running this many schedules
  --time-limit DUR     stop after this long (e.g. 30s)
  --goal NAME          look for one of the scenario's goals instead: the shortest
                       schedule that reaches it (see the scenario's "goals")
  --out FILE.json      write the shortest failing schedule as a trace, run again with
                       the scenario's durations; it opens in the app like any trace and
                       "threadlens run SCENARIO --schedule FILE.json" replays it
  --seed N, --cores N  the simulated machine of that trace (default 1 and 4)

Ctrl+C stops the search: what was found so far is printed, and the exit status is 3
unless a failing schedule was found.

Exit status (the last line on stderr says why when it is not 0):
  0  no schedule fails within the bound (the output says whether the search was
     complete, or complete within the bound)
  1  a schedule fails (or reaches the goal); written to --out when given
  2  bad input: a wrong option, scenario, parameter, goal or file
  3  a limit (or Ctrl+C) ended the search before it was complete, and nothing failed
)";

namespace {

struct ExploreArgs {
    std::string scenario, out, goal;
    std::vector<std::string> sets;
    ExploreOptions options;
    RunOptions replay;
    bool help = false;
};

ExploreArgs readExploreArgs(Args& a) {
    ExploreArgs e;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            e.help = true;
            return e;
        }
        if (auto v = a.option("--set")) {
            e.sets.push_back(*v);
        } else if (auto v = a.option("--bound")) {
            if (*v != "none" && (v->empty() || v->find_first_not_of("0123456789") != v->npos))
                throw BadInput("--bound: \"" + *v +
                               "\" is neither a number of preemptions nor none");
            e.options.bound = *v == "none" ? kNoBound : int(integer(*v, "--bound", 0, 1000));
        } else if (auto v = a.option("--max-schedules")) {
            e.options.maxSchedules = std::uint64_t(integer(*v, "--max-schedules", 1, INT64_MAX));
        } else if (auto v = a.option("--time-limit")) {
            const Time t = duration(*v, "--time-limit");
            if (t <= 0) throw BadInput("--time-limit: must be above zero");
            e.options.timeLimit = double(t) / 1e9;
        } else if (auto v = a.option("--goal")) {
            e.goal = *v;
        } else if (auto v = a.option("--out")) {
            e.out = *v;
        } else if (auto v = a.option("--seed")) {
            e.replay.seed = std::uint64_t(integer(*v, "--seed", 0, INT64_MAX));
        } else if (auto v = a.option("--cores")) {
            e.replay.cores = int(integer(*v, "--cores", 1, 64));
        } else if (a.peek().starts_with("-")) {
            throw BadInput("explore: unknown option \"" + a.peek() +
                           "\" (see threadlens help explore)");
        } else if (e.scenario.empty()) {
            e.scenario = a.next();
        } else {
            throw BadInput("explore: one scenario at a time (got \"" + e.scenario + "\" and \"" +
                           a.peek() + "\")");
        }
    }
    if (e.scenario.empty())
        throw BadInput("explore: which scenario? (\"threadlens list\" shows them)");
    return e;
}

} // namespace

int explore(Args& a) {
    ExploreArgs args = readExploreArgs(a);
    if (args.help) {
        std::fputs(kExploreHelp, stdout);
        return kOk;
    }
    const Scenario scenario = resolveScenario(args.scenario);
    ParamValues values = defaultValues(scenario);
    for (const std::string& s : args.sets)
        setAssignment(scenario, values, s);
    const Program program = compile(scenario, values);
    if (!args.goal.empty()) {
        std::string names;
        for (std::size_t i = 0; i < program.goals.size(); ++i) {
            if (program.goals[i].name == args.goal) args.options.goal = int(i);
            names += (names.empty() ? "" : ", ") + program.goals[i].name;
        }
        if (args.options.goal < 0)
            throw BadInput("--goal \"" + args.goal + "\": " + scenario.id +
                           (names.empty() ? " names no goals" : " names these goals: " + names));
    }
    if (!args.out.empty()) AtomicFile probe(args.out); // found out now, not after the search

    InterruptStop interrupt("the search");
    args.options.cancel = interrupt.stopProgress()->cancel;
    std::printf("%s: every schedule of %s, %s\n", scenario.id.c_str(),
                countOf(program.threads.size(), "thread", "threads").c_str(),
                args.options.bound == kNoBound
                    ? "any number of preemptions"
                    : ("at most " +
                       countOf(std::size_t(args.options.bound), "preemption", "preemptions") +
                       " each")
                          .c_str());
    std::fflush(stdout);
    ExploreReport report;
    try {
        report = tl::explore(program, args.options);
    } catch (const std::invalid_argument& e) {
        throw BadInput(scenario.id + ": " + e.what());
    }
    interrupt.workDone();
    const Progress* quit = interrupt.quitProgress();

    std::printf("%s\n%s\n", exploredLine(report, args.options).c_str(),
                outcomesLine(report).c_str());
    const ExploreFailure* failure = report.failure();
    if (!failure) {
        std::printf(args.options.goal >= 0 ? "no schedule reaches the goal \"%s\"\n"
                                           : "no schedule fails%s\n",
                    args.options.goal >= 0 ? args.goal.c_str() : "");
        std::fflush(stdout);
        if (report.complete) return kOk;
        std::fprintf(stderr, "threadlens: the search did not complete and found nothing: %s\n",
                     exploredLine(report, args.options).c_str());
        return kIncomplete;
    }
    if (report.failingSchedules() > 0 && failure->kind != FailureKind::Goal)
        std::printf("%s of %s fail\n", scheduleCountText(report.failingSchedules()).c_str(),
                    scheduleCountText(report.schedules).c_str());
    const auto trace = replay(program, failure->schedule, args.replay);
    quit->step(0);
    const std::vector<std::string> words = describeSchedule(program, failure->schedule);
    const std::string why = failureWords(*trace, *failure);
    // Not the shortest when the breadth-first search for it met a limit.
    const std::string how = failure->pastTheSearch ? "; " + pastTheSearchText()
                            : failure->shortest
                                ? ""
                                : "; a shorter one may exist: the search for it met a limit";
    std::printf("%s (%s%s): %s \u2014 %s\n", failureHeading(*failure).c_str(),
                countOf(failure->steps, "step", "steps").c_str(), how.c_str(),
                joinSteps(words, failure->steps).c_str(), why.c_str());
    for (std::size_t i = 1; i < report.failures.size(); ++i) {
        const ExploreFailure& f = report.failures[i];
        std::printf("also %s (%s): %s\n", std::string(failureKindName(f.kind)).c_str(),
                    countOf(f.steps, "step", "steps").c_str(), f.what.c_str());
    }
    if (!args.out.empty()) {
        saveChromeTrace(*trace, args.out, quit);
        std::printf("trace: %s\n", args.out.c_str());
    }
    std::fflush(stdout);
    std::fprintf(stderr, "threadlens: %s: %s\n",
                 failure->kind == FailureKind::Goal ? "a schedule reaches the goal"
                                                    : "a schedule fails",
                 failure->what.c_str());
    return kCheckFailed;
}

std::vector<int> readSchedule(const std::string& text) {
    std::vector<int> schedule;
    if (std::filesystem::is_regular_file(text)) { // a trace that followed one
        const auto trace = loadChromeTrace(text);
        if (trace->info().schedule.empty())
            throw BadInput("--schedule " + text + ": the trace followed no schedule");
        return trace->info().schedule;
    }
    if (text.ends_with(".json"))
        throw BadInput("--schedule " + text + ": cannot open the file (no such file)");
    // "1,2,1,2": thread numbers (tids) from 1, as the trace file writes them.
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        schedule.push_back(int(integer(text.substr(at, comma - at), "--schedule", 1, 4096)) - 1);
        at = comma + 1;
    }
    return schedule;
}

} // namespace tl::cli
