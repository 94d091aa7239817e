#include "cli.h"

#include "analysis/checks.h"
#include "analysis/slicestats.h"
#include "analysis/stats.h"
#include "analysis/summary.h"
#include "cliargs.h"
#include "engine/engine.h"
#include "experiment/run.h"
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "format/convert.h"
#include "interrupt.h"
#include "model/timefmt.h"
#include "scenario/catalog.h"
#include "timeline/picture.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace tl::cli {

namespace {

const char* const kMainHelp = R"(ThreadLens - see how threads behave.

Usage:
  threadlens                      start the desktop app
  threadlens FILE.json            open a saved trace (or add a scenario file) in the app
  threadlens list                 list the bundled scenarios
  threadlens run SCENARIO [options]
                                  run a scenario (a bundled id or a .json file)
  threadlens render TRACE --png OUT.png [options]
                                  draw a trace as a picture
  threadlens check TRACE          run the checks on a trace
  threadlens stats TRACE [--csv FILE] [--range A:B]
                                  statistics of a trace
  threadlens convert TRACE --out OUT.json
                                  write any trace as our Chrome JSON (Perfetto opens it)
  threadlens sweep SCENARIO --vary NAME=FROM..TO [options]
                                  run a scenario once per value of a parameter (or of
                                  the cores) and tabulate duration, throughput, waits
  threadlens explore SCENARIO [options]
                                  try every order of the threads' operations: the
                                  outcomes, and the shortest schedule that fails
  threadlens help [COMMAND]       show help

TRACE is a trace saved by "run --out" or the app, a Chrome Trace Event JSON file of
another tool (object or array form), or the text of "perf script" for a "perf sched
record" recording. render, check, stats and convert take --process NAME|PID to keep
one process of it.

Exit status:
  0  done: the run completed and every check passed
  1  a check failed
  2  bad input: a wrong option, scenario, parameter or file
  3  the run did not complete: a deadlock, the time limit, the event limit, or
     stopped with Ctrl+C
Whenever it is not 0, the last line on stderr says why, in one line.
Run "threadlens help run" for the options of a command.
)";

const char* const kRunHelp = R"(Usage: threadlens run SCENARIO [options]

SCENARIO is a bundled scenario id (see "threadlens list") or a path to a scenario file.

Options:
  --set NAME=VALUE     set a parameter (repeatable); "threadlens run ID --params" lists them
  --params             list the scenario's parameters and exit
  --engine ENGINE      simulated (default) or real
  --seed N             random seed (default 1); same seed, same simulated trace
  --cores N            cores of the simulated machine, 1-64 (default 4)
  --time-limit DUR     end the run after this long (e.g. 5s); default: the scenario's
  --max-events N       end the run after this many events (default 20000000)
  --schedule S         the threads' visible operations in this order: a trace that
                       followed one ("explore --out") or thread numbers (1,2,1,2)
  --out FILE.json      save the trace as Chrome Trace Event JSON
  --png FILE.png       save the timeline as a PNG picture
  --svg FILE.svg       save the timeline as an SVG picture
  --pdf FILE.pdf       save the timeline as a PDF
  --width N            picture width in pixels (default 1600)
  --scale N            PNG pixel scale, 1 or 2 (default 1)
  --stats FILE.csv     save the run's statistics as CSV
  --quiet              print nothing but errors

Prints what runs as it starts, then a summary: the outcome, events, time per role in
each state, and the checks ("n/a" where the scenario has nothing a check looks at).

Ctrl+C stops the run as the app's Stop button does: the summary is printed and --out,
--stats and the pictures are written with what was recorded, and the exit status is 3.
A second Ctrl+C quits at once.

Exit status (the last line on stderr says why when it is not 0):
  0  the run completed and every check passed
  1  a check failed
  2  bad input: a wrong option, scenario, parameter or file, or one that cannot be
     written
  3  the run did not complete: a deadlock, the time limit, the event limit, or Ctrl+C
)";

const char* const kRenderHelp =
    R"(Usage: threadlens render TRACE (--png|--svg|--pdf) OUT [options]

Draws a trace as a picture: one saved by "threadlens run --out" or the app's Save trace,
another tool's Chrome JSON, or "perf script" text of a "perf sched record" recording.

Options:
  --png FILE / --svg FILE / --pdf FILE   the picture to write
  --width N            width in pixels (default 1600)
  --scale N            PNG pixel scale, 1 or 2 (default 1)
  --range A:B          only the time range A to B, e.g. 10ms:25ms (default: all)
  --process NAME|PID   only this process's threads

Exit status: 0 written, 2 bad input: a trace that cannot be read, a picture that cannot
be written (the last line on stderr says why).
)";

const char* const kCheckHelp = R"(Usage: threadlens check TRACE [--process NAME|PID]

Reads a trace (Chrome Trace Event JSON as "run --out" writes it, another tool's Chrome
JSON, or "perf script" text) and runs the checks: mutual exclusion, permits, queue
depth, barrier, items, intervals. A check that has nothing to look at in the trace
(permits, with no semaphore) says "n/a".
Exit status: 0 all pass, 1 a check fails, 2 bad input (the last line on stderr says why).
)";

const char* const kStatsHelp =
    R"(Usage: threadlens stats TRACE [--csv FILE.csv] [--range A:B] [--process NAME|PID]

Statistics of a trace. For a scenario's run: per thread the share of time in each state
and the waits; per object acquisitions, contention, wait times (total, p50, p95, max),
hold times, queue occupancy, permits in use, barrier arrival skew; per run throughput,
the longest wait and who caused it, and how fairly the acquisitions and the waiting were
shared. For another program's trace: per thread the time working, runnable, waiting and
in io and the wakeups into it, and for named slices their count, total, self and longest
time per name and per thread.
--range limits them to a time range (e.g. 10ms:25ms, from the trace's first event).
Exit status: 0 done, 2 bad input (the last line on stderr says why).
)";

const char* const kListHelp = R"(Usage: threadlens list

Lists the bundled scenarios: id and title.
)";

struct Pictures {
    std::vector<std::string> paths;
    int width = 1600;
    double scale = 1;
    TimeRange range{0, 0};
    std::vector<ParamSpec> parameters; // the scenario's, for the subtitle's labels

    bool take(Args& a) {
        for (const char* flag : {"--png", "--svg", "--pdf"})
            if (auto v = a.option(flag)) {
                paths.push_back(*v);
                return true;
            }
        if (auto v = a.option("--width")) {
            width = int(integer(*v, "--width", 100, 20000));
            return true;
        }
        if (auto v = a.option("--scale")) {
            scale = double(integer(*v, "--scale", 1, 2));
            return true;
        }
        return false;
    }

    // Pictures need a QGuiApplication; with no display it paints offscreen.
    void write(const Trace& trace, int argc, char** argv,
               const Progress* progress = nullptr) const {
        if (paths.empty()) return;
        qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            // Qt warns on stderr without one; a private folder of our own keeps it quiet.
            const QByteArray dir = QDir::tempPath().toUtf8() + "/threadlens-runtime-" +
                                   QByteArray::number(uint(getuid()));
            QDir().mkpath(QString::fromUtf8(dir));
            QFile::setPermissions(QString::fromUtf8(dir), QFileDevice::ReadOwner |
                                                              QFileDevice::WriteOwner |
                                                              QFileDevice::ExeOwner);
            qputenv("XDG_RUNTIME_DIR", dir);
        }
        std::unique_ptr<QGuiApplication> app;
        if (!QGuiApplication::instance()) app = std::make_unique<QGuiApplication>(argc, argv);
        for (const std::string& path : paths) {
            ui::PictureOptions o;
            o.path = path;
            o.width = width;
            o.scale = scale;
            o.range = range;
            o.parameters = parameters;
            std::string error;
            if (!ui::writeTimelinePicture(trace, o, &error, progress)) throw FileError(error);
        }
    }
};

int list() {
    const std::vector<Scenario> all = loadBundledScenarios();
    int width = 0;
    for (const Scenario& s : all)
        width = std::max(width, int(s.id.size()));
    for (const Scenario& s : all)
        std::printf("%-*s  %s\n", width, s.id.c_str(), s.title.c_str());
    return kOk;
}

void printParameters(const Scenario& s) {
    std::printf("Parameters of %s (set with --set name=value):\n", s.id.c_str());
    for (const ParamSpec& p : s.parameters) {
        std::string range;
        if (p.type == ParamType::Int || p.type == ParamType::Duration)
            range = formatParamValue(p, ExprValue::of(p.min)) + ".." +
                    formatParamValue(p, ExprValue::of(p.max));
        else if (p.type == ParamType::Choice)
            for (const std::string& c : p.choices)
                range += (range.empty() ? "" : "|") + c;
        else
            range = "true|false";
        std::printf("  %-14s %-10s %-16s %s\n", p.name.c_str(), formatParamValue(p, p.def).c_str(),
                    range.c_str(), p.help.c_str());
    }
}

// What "threadlens run" was asked for, as typed.
struct RunArgs {
    std::string scenario;
    std::vector<std::string> sets;
    RunOptions options;
    std::string out, statsPath;
    Pictures pictures;
    bool quiet = false, params = false, help = false;
};

RunArgs readRunArgs(Args& a) {
    if (a.done()) throw BadInput("run: which scenario? (\"threadlens list\" shows them)");
    RunArgs r;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            r.help = true;
            return r;
        }
        if (auto v = a.option("--set")) {
            r.sets.push_back(*v);
        } else if (auto v = a.option("--engine")) {
            if (!parseEngineName(*v, r.options.engine))
                throw BadInput("--engine: \"" + *v + "\" is not simulated or real");
        } else if (takeRunOption(a, r.options)) {
        } else if (auto v = a.option("--schedule")) {
            r.options.schedule = readSchedule(*v);
        } else if (auto v = a.option("--out")) {
            r.out = *v;
        } else if (auto v = a.option("--stats")) {
            r.statsPath = *v;
        } else if (r.pictures.take(a)) {
        } else if (a.peek() == "--quiet" || a.peek() == "-q") {
            a.next();
            r.quiet = true;
        } else if (a.peek() == "--params") {
            a.next();
            r.params = true;
        } else if (a.peek().starts_with("-")) {
            throw BadInput("run: unknown option \"" + a.peek() + "\" (see threadlens help run)");
        } else if (r.scenario.empty()) {
            r.scenario = a.next();
        } else {
            throw BadInput("run: one scenario at a time (got \"" + r.scenario + "\" and \"" +
                           a.peek() + "\")");
        }
    }
    if (r.scenario.empty()) throw BadInput("run: which scenario? (\"threadlens list\" shows them)");
    if (!r.options.schedule.empty() && r.options.engine == EngineKind::Real)
        throw BadInput("--schedule: the simulated machine follows a schedule, real threads do not");
    return r;
}

int run(Args& a, int argc, char** argv) {
    RunArgs args = readRunArgs(a);
    if (args.help) {
        std::fputs(kRunHelp, stdout);
        return kOk;
    }
    if (args.params) {
        printParameters(resolveScenario(args.scenario));
        return kOk;
    }
    const Scenario scenario = resolveScenario(args.scenario);
    ParamValues values = defaultValues(scenario);
    for (const std::string& s : args.sets)
        setAssignment(scenario, values, s);
    const Program program = compile(scenario, values);
    // A destination that cannot be written is found out now, not after a long run: creating
    // the temporary file beside it fails as the real write would (the probe leaves nothing).
    for (const std::string* path : {&args.out, &args.statsPath})
        if (!path->empty()) AtomicFile probe(*path);
    for (const std::string& path : args.pictures.paths)
        AtomicFile probe(path);

    // Ctrl+C while the run goes on ends it as the app's Stop does, and what was recorded is
    // summarised and written; a Ctrl+C after that quits without writing more. Installed
    // before the first line goes out: a Ctrl+C that answers it must find it.
    InterruptStop interrupt("the run");
    // Said before the run starts: a long run shows at once what it is doing.
    if (!args.quiet) {
        std::fputs(formatRunHeader(runInfo(program, args.options)).c_str(), stdout);
        std::fflush(stdout);
    }
    Trace trace(runInfo(program, args.options));
    tl::run(program, trace, args.options, interrupt.token());
    interrupt.workDone();
    const Progress* quit = interrupt.quitProgress();
    if (trace.outcome() == Outcome::Error) throw BadInput(args.scenario + ": " + trace.message());
    const auto checks = runChecks(trace);
    quit->step(0); // throws Cancelled if a Ctrl+C came meanwhile
    if (!args.out.empty()) saveChromeTrace(trace, args.out, quit);
    quit->step(0);
    if (!args.statsPath.empty())
        writeFileAtomically(args.statsPath, statisticsCsv(trace, computeStatistics(trace)));
    args.pictures.parameters = scenario.parameters;
    args.pictures.write(trace, argc, argv, quit);
    if (!args.quiet) {
        std::fputs(formatRunResult(trace, checks).c_str(), stdout);
        if (!args.out.empty()) std::printf("  trace: %s\n", args.out.c_str());
        if (!args.statsPath.empty()) std::printf("  statistics: %s\n", args.statsPath.c_str());
        for (const std::string& p : args.pictures.paths)
            std::printf("  picture: %s\n", p.c_str());
        std::fflush(stdout);
    }
    for (const CheckResult& c : checks)
        if (!c.passed) {
            std::fprintf(stderr, "threadlens: check \"%s\" failed: %s\n", c.name.c_str(),
                         c.detail.c_str());
            return kCheckFailed;
        }
    if (const std::string why = incompleteReason(trace); !why.empty()) {
        std::fprintf(stderr, "%s\n", why.c_str());
        return kIncomplete;
    }
    return kOk;
}

int render(Args& a, int argc, char** argv) {
    std::string input, process;
    Pictures pictures;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            std::fputs(kRenderHelp, stdout);
            return kOk;
        }
        if (pictures.take(a)) continue;
        if (takeProcess(a, process)) continue;
        if (auto v = a.option("--range")) {
            const auto colon = v->find(':');
            if (colon == std::string::npos)
                throw BadInput("--range: expected START:END, e.g. 10ms:25ms");
            pictures.range = {duration(v->substr(0, colon), "--range start"),
                              duration(v->substr(colon + 1), "--range end")};
            if (pictures.range.end <= pictures.range.start)
                throw BadInput("--range: the end must come after the start");
            continue;
        }
        if (a.peek().starts_with("-"))
            throw BadInput("render: unknown option \"" + a.peek() +
                           "\" (see threadlens help render)");
        if (!input.empty()) throw BadInput("render: one trace at a time");
        input = a.next();
    }
    if (input.empty()) throw BadInput("render: which trace? (a .json file or perf script text)");
    if (pictures.paths.empty())
        throw BadInput("render: say where to write the picture with --png, --svg or --pdf");
    const auto trace = loadInput(input, process);
    pictures.write(*trace, argc, argv);
    for (const std::string& p : pictures.paths)
        std::printf("%s\n", p.c_str());
    return kOk;
}

int check(Args& a) {
    std::string input, process;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            std::fputs(kCheckHelp, stdout);
            return kOk;
        }
        if (takeProcess(a, process)) continue;
        if (a.peek().starts_with("-"))
            throw BadInput("check: unknown option \"" + a.peek() +
                           "\" (see threadlens help check)");
        if (!input.empty()) throw BadInput("check: one trace at a time");
        input = a.next();
    }
    if (input.empty()) throw BadInput("check: which trace? (a .json file or perf script text)");
    const auto trace = loadInput(input, process);
    const auto results = runChecks(*trace);
    for (const CheckResult& c : results)
        std::printf("%-17s %s%s%s\n", c.name.c_str(),
                    !c.passed   ? "FAILED"
                    : c.applies ? "ok"
                                : "n/a",
                    c.passed ? "" : ": ", c.detail.c_str());
    std::fflush(stdout);
    for (const CheckResult& c : results)
        if (!c.passed) {
            std::fprintf(stderr, "threadlens: check \"%s\" failed\n", c.name.c_str());
            return kCheckFailed;
        }
    return kOk;
}

TimeRange parseRange(const std::string& v) {
    const auto colon = v.find(':');
    if (colon == std::string::npos) throw BadInput("--range: expected START:END, e.g. 10ms:25ms");
    const TimeRange r{duration(v.substr(0, colon), "--range start"),
                      duration(v.substr(colon + 1), "--range end")};
    if (r.end <= r.start) throw BadInput("--range: the end must come after the start");
    return r;
}

int stats(Args& a) {
    std::string input, csv, process;
    TimeRange range{0, 0};
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            std::fputs(kStatsHelp, stdout);
            return kOk;
        }
        if (auto v = a.option("--csv")) {
            csv = *v;
        } else if (auto v = a.option("--range")) {
            range = parseRange(*v);
        } else if (takeProcess(a, process)) {
        } else if (a.peek().starts_with("-")) {
            throw BadInput("stats: unknown option \"" + a.peek() +
                           "\" (see threadlens help stats)");
        } else if (input.empty()) {
            input = a.next();
        } else {
            throw BadInput("stats: one trace at a time");
        }
    }
    if (input.empty()) throw BadInput("stats: which trace? (a .json file or perf script text)");
    const auto trace = loadInput(input, process);
    const Statistics st = computeStatistics(*trace, range);
    if (!csv.empty()) writeFileAtomically(csv, statisticsCsv(*trace, st));
    const std::string slices = formatSliceStatistics(*trace, computeSliceStatistics(*trace, range));
    if (trace->foreign()) {
        // Another program: no scenario objects or run figures, its threads' own times.
        const std::string threads = formatForeignThreads(*trace, range);
        std::fputs(threads.c_str(), stdout);
        if (!threads.empty() && !slices.empty()) std::fputs("\n", stdout);
        if (threads.empty() && slices.empty())
            std::fputs("nothing in this trace has a length\n", stdout);
    } else {
        std::fputs(formatStatistics(*trace, st).c_str(), stdout);
        if (!slices.empty()) std::fputs("\n", stdout);
    }
    std::fputs(slices.c_str(), stdout);
    return kOk;
}

int help(Args& a) {
    const std::string topic = a.done() ? "" : a.next();
    if (topic == "run")
        std::fputs(kRunHelp, stdout);
    else if (topic == "render")
        std::fputs(kRenderHelp, stdout);
    else if (topic == "list")
        std::fputs(kListHelp, stdout);
    else if (topic == "check")
        std::fputs(kCheckHelp, stdout);
    else if (topic == "stats")
        std::fputs(kStatsHelp, stdout);
    else if (topic == "sweep")
        std::fputs(kSweepHelp, stdout);
    else if (topic == "convert")
        std::fputs(kConvertHelp, stdout);
    else if (topic == "explore")
        std::fputs(kExploreHelp, stdout);
    else if (topic.empty())
        std::fputs(kMainHelp, stdout);
    else
        throw BadInput("help: no command \"" + topic +
                       "\" (commands: list, run, render, check, stats, convert, sweep, explore)");
    return kOk;
}

} // namespace

std::string incompleteReason(const Trace& trace) {
    // A real run stopped before its threads were let go ends at 0: "after 0 s", as the
    // summary says.
    const std::string after =
        " after " + (trace.endTime() == 0 ? std::string("0 s")
                                          : readableTime(trace.endTime(), TimeSpelling::Terminal));
    const std::string& message = trace.message();
    std::string why;
    switch (trace.outcome()) {
    case Outcome::Completed:
    case Outcome::Running:
    case Outcome::Error:
        return {};
    case Outcome::Cancelled:
        why = "the run was stopped" + after;
        break;
    case Outcome::Deadlock:
        // The engines name the cycle: "deadlock: a-to-b holds account A and waits for ...".
        why = "the run ended in a deadlock" + after;
        if (!message.empty())
            why += ": " + (message.starts_with("deadlock: ") ? message.substr(10) : message);
        break;
    case Outcome::TimeLimit:
        // "the run reached its time limit of 5s and was ended"
        why = message.empty() ? "the run reached its time limit" + after : message;
        break;
    case Outcome::EventLimit:
        why = message.empty() ? "the run reached its event limit" + after : message;
        break;
    }
    for (char& c : why)
        if (c == '\n') c = ' ';
    return "threadlens: " + why;
}

int main(int argc, char** argv) {
    if (argc < 2) return -1;
    const std::string command = argv[1];
    Args a(argc, argv, 2);
    try {
        if (command == "list") {
            if (!a.done() && (a.peek() == "--help" || a.peek() == "-h")) {
                std::fputs(kListHelp, stdout);
                return kOk;
            }
            if (!a.done()) throw BadInput("list: takes no arguments");
            return list();
        }
        if (command == "run") return run(a, argc, argv);
        if (command == "render") return render(a, argc, argv);
        if (command == "check") return check(a);
        if (command == "stats") return stats(a);
        if (command == "sweep") return sweep(a);
        if (command == "convert") return convert(a);
        if (command == "explore") return explore(a);
        if (command == "help" || command == "--help" || command == "-h") return help(a);
        if (command == "--version" || command == "version") {
            std::printf("threadlens %s\n", THREADLENS_VERSION);
            return kOk;
        }
        if (command.starts_with("-"))
            return -1; // Qt's own options (-style, -platform ...) go to the app
        // A file for the app to open: a trace or scenario (.json), perf script text (any name).
        if (command.ends_with(".json") || std::filesystem::is_regular_file(command)) return -1;
        throw BadInput("no command \"" + command +
                       "\" (commands: list, run, render, check, stats, " +
                       "convert, sweep, explore, help)");
    } catch (const Cancelled&) {
        // A Ctrl+C that quits (interrupt.h): what was being written is gone, as promised.
        std::fflush(stdout);
        InterruptStop::quitNow();
    } catch (const std::exception& e) {
        // ScenarioError, FileError, TraceReadError, BadInput: one line naming what is wrong.
        std::string msg = e.what();
        for (char& c : msg)
            if (c == '\n') c = ' ';
        std::fprintf(stderr, "threadlens: %s\n", msg.c_str());
        return kBadInput;
    }
}

} // namespace tl::cli
