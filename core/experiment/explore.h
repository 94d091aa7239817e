#pragma once
// Every schedule, not one: the explorer tries every order in which a scenario's threads can
// perform their visible operations (engine/simstep.h), on the simulated machine's own rules
// with time abstracted away, and reports what can happen: how many schedules end in each
// outcome, and the shortest schedule that fails — a deadlock, a failed assert, an impossible
// operation, variables that end other than the scenario expects, a data race — or that
// reaches a goal the scenario names.
//
// The search is depth-first, from checkpoints (a copy of the machine at each choice), in the
// manner of CHESS:
// - a preemption bound: a schedule may switch away from a thread that could go on at most
//   `bound` times (2 by default: most concurrency bugs need no more, and the number of
//   schedules grows polynomially, not exponentially, with the length of the program);
// - state hashing: a state seen before (with as many preemptions used, after the same thread)
//   is not explored again; its outcomes are counted from the first time, so the counts are
//   those of every schedule all the same;
// - sleep sets (partial-order reduction), without a bound only: of two orders of independent
//   operations (on different objects, or two reads) one is explored. Under a bound the order
//   kept might need a preemption more than the one dropped, so they are off there.
//
// A failing schedule is a trace: replay() runs it again on the simulated machine with the
// scenario's durations (RunOptions::schedule), recorded like any run, and the checks report
// the failure on it. The app's Step as Scheduler and hints use explorePoint and pathToGoal.
#include "engine/engine.h"
#include "model/trace.h"
#include "scenario/scenario.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tl {

inline constexpr int kNoBound = -1;

// What makes a schedule fail, the most serious first.
enum class FailureKind : std::uint8_t {
    Goal,     // reached the goal searched for (ExploreOptions::goal); then nothing else fails
    Deadlock, // nobody can go on, and not everyone has finished
    Assert,   // an assert failed
    Error,    // an impossible operation (unlocking a lock not held, ...)
    Expect,   // a variable ends other than its "expect", or the scenario's "expect" fails
    Race,     // two accesses to a variable, one a plain write, that can come in either order
};
std::string_view failureKindName(FailureKind k); // "deadlock", "failed assert", ...

struct ExploreProgress {
    std::uint64_t runs = 0;   // schedules run so far (ExploreReport::runs)
    std::uint64_t states = 0; // distinct states so far
    std::size_t depth = 0;    // steps of the schedule under way
    double seconds = 0;
    double runsPerSecond = 0, statesPerSecond = 0;
};

struct ExploreOptions {
    int bound = 2;                      // preemptions in one schedule; kNoBound: any number
    std::uint64_t maxSchedules = 0;     // schedules run (ExploreReport::runs); 0: no limit
    double timeLimit = 0;               // seconds; 0: none
    std::size_t maxDepth = 100'000;     // steps in one schedule
    std::size_t maxStates = 10'000'000; // states remembered (about 95 bytes each)
    bool stateHashing = true;           // a state seen before is not explored again
    bool sleepSets = true;              // partial-order reduction; only without a bound
    int goal = -1; // an index into Program::goals: search for it, and only it fails
    // Called about ten times a second, on the exploring thread.
    std::function<void(const ExploreProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr; // set from any thread: the search ends soon
};

enum class ExploreStop : std::uint8_t {
    None,
    MaxSchedules,
    TimeLimit,
    MaxDepth,
    MaxStates,
    Cancelled
};

// How schedules end: the same end, asserts, and final values.
struct ExploreOutcome {
    Outcome end = Outcome::Completed; // Completed, Deadlock or Error
    bool assertFailed = false;        // an assert failed on the way
    bool expectHeld = true;           // a completed run ended as the scenario expects
    std::vector<std::int64_t> values; // the variables' values, in object order
    std::string text;                 // "counter=1"; "deadlock"; "an assert failed, inside=0"
    std::uint64_t schedules = 0;      // schedules that end so
    std::vector<int> example;         // one of them
    bool fails() const { return end != Outcome::Completed || assertFailed || !expectHeld; }
};

struct ExploreFailure {
    FailureKind kind = FailureKind::Deadlock;
    std::string what;          // in words: "a deadlock", "data race on counter", the goal's name
    std::vector<int> schedule; // the whole schedule: to the failure, then to the end of the run
    std::size_t steps = 0;     // the failure comes with its step `steps`
    bool shortest = true;      // no schedule fails so in fewer steps (within the bound)
    // Found breadth first after a limit ended the search: the outcomes counted do not hold it.
    bool pastTheSearch = false;
};

struct ExploreReport {
    // Schedules accounted for: those run, and those that go through a state explored before
    // (counted from then). Exact when `exact`: no sleep sets, no spin loop, no overflow.
    std::uint64_t schedules = 0;
    bool exact = true;
    std::uint64_t runs = 0;     // schedules run, to their end or to a state seen before
    std::uint64_t states = 0;   // distinct states explored
    std::uint64_t steps = 0;    // visible operations performed, in all
    std::uint64_t revisits = 0; // times a state seen before cut a schedule short
    std::size_t longest = 0;    // steps of the longest schedule
    bool complete = false;      // every schedule within the bound was explored
    bool boundCut = false;      // some schedules needed more preemptions than the bound
    ExploreStop stopped = ExploreStop::None;
    int bound = 2;
    bool sleepSets = false; // as used
    bool stateHashing = true;
    double seconds = 0;
    std::vector<ExploreOutcome> outcomes; // the most schedules first
    std::vector<ExploreFailure> failures; // one per kind found, the most serious first

    const ExploreFailure* failure() const { return failures.empty() ? nullptr : &failures[0]; }
    std::uint64_t failingSchedules() const;
};

// Throws std::invalid_argument for a goal index out of range.
ExploreReport explore(const Program& program, const ExploreOptions& options = {});

// The machine after `prefix`: who can go next and what each would do, for stepping through
// the schedules by hand. Throws std::invalid_argument naming the first step of the prefix
// that cannot be taken.
struct ExploreChoice {
    int thread = -1;
    std::string words; // "worker 2: read counter"
};
struct ExplorePoint {
    std::vector<std::string> steps;     // the prefix's steps in words: "worker 1 reads 0"
    std::vector<ExploreChoice> choices; // who can go next, in thread order
    Outcome end = Outcome::Running;     // once nobody can go on: Completed, Deadlock, Error
    std::string ending;                 // then, in words (the outcome's text, or the error)
    std::vector<int> goalsReached;      // the Program::goals the prefix has reached, in order
};
ExplorePoint explorePoint(const Program& program, const std::vector<int>& prefix);

// The fewest steps after `prefix` that reach Program::goals[goal] (breadth first, within the
// options' bound and limits), or nothing when none does. `exhausted` (when given) says
// whether nothing means that none can: every state within the bound was seen, and no limit
// (time, states, depth, cancel) ended the search first.
std::optional<std::vector<int>> pathToGoal(const Program& program, const std::vector<int>& prefix,
                                           int goal, const ExploreOptions& options = {},
                                           bool* exhausted = nullptr);

// The prefix, then the machine's default choices to the end: the thread that went last while
// it can go on, otherwise the first that can.
std::vector<int> completeSchedule(const Program& program, const std::vector<int>& prefix);

// Each step of a schedule in words: "worker 1 reads 0", "philosopher 2 waits for fork 3".
std::vector<std::string> describeSchedule(const Program& program, const std::vector<int>& schedule);

// The schedule run again with the scenario's durations, recorded as an ordinary trace (its
// info carries the schedule).
std::unique_ptr<Trace> replay(const Program& program, const std::vector<int>& schedule,
                              RunOptions options = {});

} // namespace tl
