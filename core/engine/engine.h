#pragma once
// The two engines. Both interpret a compiled Program and record into a Trace; both can
// be stopped through a stop_token and end a run that would not end by itself. Which one
// runs, and the words for how a run ended, are chosen a layer up (experiment/run.h).
#include "model/trace.h"
#include "scenario/scenario.h"

#include <functional>
#include <stop_token>

namespace tl {

enum class EngineKind { Simulated, Real };
std::string_view engineName(EngineKind k);
bool parseEngineName(std::string_view name, EngineKind& out);

// How a deadlock is put into words: the wait-for cycle, read off the trace. The engines find
// a deadlock but sit below the analysis layer that reads it (analyseDeadlock), so whoever
// starts a run hands the words down; experiment/run.h does for the app and the command
// line. Called once, on the engine's thread, before the outcome is published. Without it
// the message is "deadlock: no thread can go on."
using DeadlockWords = std::string (*)(const Trace& trace);

struct RunOptions {
    EngineKind engine = EngineKind::Simulated;
    std::uint64_t seed = 1;
    int cores = 4;            // simulated machine; 1..64
    Time quantum = 2'000'000; // round-robin time slice on the simulated machine
    Time timeLimit = 0;       // 0: the scenario's own
    std::size_t maxEvents = 20'000'000;
    DeadlockWords deadlockWords = nullptr;
    // Simulated machine only: the order in which the threads perform their visible operations
    // (those on an object or a variable: simstep.h), one thread index each, as the explorer
    // found it (experiment/explore.h). A thread that comes to a visible operation before its
    // turn waits, recorded runnable; everything else takes the time it takes. Empty: the
    // machine's own order. A schedule that cannot be followed (it names a thread that is
    // blocked, or runs out before the threads do) ends the run with an error saying where.
    std::vector<int> schedule{};
    // With a schedule (even an empty one): when it runs out, the threads stop at their next
    // visible operation instead of going on in the machine's own order, recorded runnable,
    // and the run ends there, Cancelled ("waiting for the scheduler"), unless it completed or
    // deadlocked on the schedule's last step. Stepping by hand shows the steps taken so far.
    bool stopAtScheduleEnd = false;
    bool operator==(const RunOptions&) const = default;
};

// The metadata of a run of `program` with `options`: a trace for the run is constructed with
// it (Trace trace(runInfo(program, options))), so it is whole before the trace is shared.
RunInfo runInfo(const Program& program, const RunOptions& options);

// Registers the program's threads and objects. Throws std::invalid_argument when the trace
// was not made for this run (its info is not runInfo(program, options)) or is not fresh.
void prepareTrace(const Program& program, Trace& trace, const RunOptions& options);

// The scenario's expect (Program::hasExpect), evaluated over the final values the engine set
// in the trace and recorded there (Trace::setExpectation); nothing when it states none.
void settleExpectation(const Program& program, Trace& trace);

// The message of a run that deadlocked, in the words options.deadlockWords gives.
std::string deadlockMessage(const Trace& trace, const RunOptions& options);

// Runs to the end (or a limit, a deadlock, an error, a stop request) and sets the trace's
// end time, then finishes it (Trace::finish). The trace must be fresh and made with
// runInfo(program, options); prepareTrace is called here.
void runSimulated(const Program& program, Trace& trace, const RunOptions& options,
                  std::stop_token stop = {});
void runReal(const Program& program, Trace& trace, const RunOptions& options,
             std::stop_token stop = {});

} // namespace tl
