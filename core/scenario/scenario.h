#pragma once
// Scenarios as data: the model of a scenario file, its validating parser, parameter
// values, and the compiled program that both engines interpret.
#include "model/event.h"
#include "model/trace.h"
#include "scenario/expr.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tl {

// An error in a scenario file or in a parameter value, naming the place and the problem:
// "roles[1].program[2]: unknown step \"lok\"".
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ParamType { Int, Duration, Choice, Bool };

struct ParamSpec {
    std::string name;
    std::string label;
    std::string help;
    ParamType type = ParamType::Int;
    std::int64_t min = 0;
    std::int64_t max = 0;
    ExprValue def;                    // number (ns for durations, 0/1 for bool) or choice text
    std::vector<std::string> choices; // for Choice
};

std::string formatParamValue(const ParamSpec& p, const ExprValue& v);

struct ObjectSpec {
    ObjectKind kind = ObjectKind::Mutex;
    std::string name;
    std::string count;      // expression: how many ("fork" x 5 -> "fork 1".."fork 5"); empty = one
    std::string size;       // expression: capacity, permits or parties
    std::string mutex;      // a condition's mutex
    std::string policy;     // a readers-writer lock's policy expression
    std::string interval;   // a GIL's switch interval expression
    std::string switchCost; // a GIL's hand-off cost expression
    std::string enabled;    // a GIL's on/off expression
    std::string initial;    // a variable's initial value expression
    std::string expect;     // a variable's expected final value expression; empty: none
    std::string atomic;     // a variable's "every access atomic" expression; empty: not
    std::string path;
};

enum class StepKind {
    Work,
    Io,
    Sleep,
    Lock,
    Unlock,
    TryLock,
    ReadLock,
    ReadUnlock,
    Put,
    Get,
    Drain,
    Close,
    Acquire,
    Release,
    Wait, // barrier, event or condition, by the object's kind
    Abort,
    Notify,
    NotifyAll,
    Set,
    Clear,
    Spawn,
    Join,
    Repeat,
    If,         // decided before the run, or at the step when it names registers or variables
    WhileEmpty, // repeat the body while a queue is empty (and open)
    // Shared state: variables, registers, and control flow decided by data.
    Read,            // a variable into a register
    Compute,         // an expression into a register, taking CPU time
    Write,           // a value to a variable
    Increment,       // read, compute + value, write: three moments
    FetchAdd,        // atomic: add, the old value into a register
    Exchange,        // atomic: store, the old value into a register
    CompareExchange, // atomic: store if it holds the expected value; then / else
    Fence,           // a sequentially consistent fence
    Assert,          // a condition that must hold when the step runs
    While,           // repeat the body while a condition holds, decided at each turn
};

struct DurationSpec {
    enum Dist { Fixed, Uniform, Exponential, Normal } dist = Fixed;
    std::string a, b; // expressions: value | min,max | mean | mean,sd
};

struct StepSpec {
    StepKind kind = StepKind::Work;
    std::string path;      // "roles[0].program[2]"
    std::string object;    // an object reference: "jobs", "fork[$index]"
    std::string expr;      // repeat count, if or while condition, spawn role; a write's,
                           // exchange's or fetch-add's value; compute's expression
    std::string expected;  // compare-exchange: the value expected
    std::string into;      // the register a read, compute or atomic step sets
    bool hasTime = false;  // compute, increment: duration is the compute time
    DurationSpec duration; // work/io/sleep, or a wait's timeout
    bool hasTimeout = false;
    bool meanwhile = false;      // event wait: on timeout run `other`, then wait again
    bool hasRetry = false;       // trylock: try again after `duration` until it succeeds
    bool last = false;           // close only when the last thread of the role gets here
    std::string item;            // put: "spawned" puts the handle of the last spawned thread
    std::vector<StepSpec> body;  // repeat/drain/trylock-then/wait-then/if-then
    std::vector<StepSpec> other; // trylock-else/wait-timeout/if-else
};

struct RoleSpec {
    std::string name;
    std::string count;
    bool spawned = false; // started by a spawn step, not at the beginning
    std::vector<StepSpec> program;
    std::string path;
    std::vector<std::string> registers; // names set by the program's steps, in first-use order
};

// Where on the timeline a "what to look for" bullet happens, so the app can jump there:
// the first (or longest) interval in a state, or the first operation of a kind, optionally
// of one role or on one object; or the end of the run.
struct MomentQuery {
    bool valid = false;
    std::string state;       // a state name: "blocked", "waiting", ...
    std::string reason;      // "queue full", "lock", ...
    std::string op;          // an operation name: "trylock-failed", "abort", ...
    std::string role;        // only threads of this role
    std::string object;      // only this object (a set's base name matches its members)
    bool longest = false;    // the longest matching interval instead of the first
    bool end = false;        // the end of the run (a deadlock, say)
    bool lostUpdate = false; // the first lost update: from the stale read to the write
    bool race = false;       // the first data race: from one access to the other
};

// A bullet that compares runs instead of pointing at a moment: the sweep it describes
// ("Compare the total time with 2, 4 and 8 workers"), which the app opens in Run ▸ Sweep…
// and starts when the bullet is clicked. Read by parseSweepLink (sweeplink.h).
struct SweepLink {
    std::string vary;                 // a parameter's name, or "cores"; empty: no sweep
    std::vector<std::int64_t> values; // increasing, in the parameter's unit (ns for durations)
    bool doubling = false;            // the values double (2, 4, 8) rather than step evenly
    std::string chart;                // a figure to chart (kSweepCharts); empty: as chosen
};

// A state the scenario names for the explorer to reach (Run ▸ Explore, threadlens explore
// --goal): a condition on the shared variables, looked at after every step ("when", at any
// moment) or only when every thread has finished ("when" with "at": "end"); or a run that
// deadlocks; or an assert that fails.
struct GoalSpec {
    enum class Kind : std::uint8_t { State, End, Deadlock, AssertFails };
    std::string name;
    Kind kind = Kind::State;
    std::string when; // the condition, for State and End
    std::string path; // "goals[0]", for messages
};

struct Scenario {
    std::string id;
    std::string title;
    std::string explanation;
    std::vector<std::string> lookFor;
    std::vector<MomentQuery> lookForMoments; // one per bullet; invalid when it has none
    std::vector<SweepLink> lookForSweeps;    // one per bullet; `vary` empty when it has none
    std::vector<ParamSpec> parameters;
    std::vector<ObjectSpec> objects;
    std::vector<RoleSpec> roles;
    std::string timeLimit = "60s"; // expression
    std::string origin;            // the file it came from, for messages
    // What must hold when every thread has finished, over the variables and parameters
    // ("counter == $workers * $increments"); empty: nothing beyond the variables' own expect.
    std::string expect;
    std::vector<GoalSpec> goals;

    const ParamSpec* parameter(std::string_view name) const;
};

// Parses and validates a scenario file; throws ScenarioError naming the place.
Scenario parseScenario(std::string_view text, const std::string& origin = {});
Scenario loadScenarioFile(const std::string& path);

// Parameter values by name; every parameter has one.
using ParamValues = std::map<std::string, ExprValue, std::less<>>;
ParamValues defaultValues(const Scenario& s);
// Parses "name=value" text for one parameter, checks type and range; throws ScenarioError
// ("parameter \"workers\": 0 is below the minimum 1").
void setParameter(const Scenario& s, ParamValues& values, std::string_view name,
                  std::string_view text);
void setAssignment(const Scenario& s, ParamValues& values, std::string_view assignment);

// The compiled form both engines interpret: one flat instruction list per thread.
enum class Code : std::uint8_t {
    Work,
    Io,
    Sleep,
    Lock,
    Unlock,
    TryLock, // on failure jump
    ReadLock,
    ReadUnlock,
    Put,
    Get,
    Drain, // get; when the queue is closed and empty, jump
    Close,
    Acquire,
    Release,
    BarrierWait,
    Abort,
    CondWait,
    Notify,
    NotifyAll,
    Set,
    Clear,
    EventWait, // on timeout jump
    Spawn,     // object = role index
    Join,      // count: 0 = the last item got, 1 = the last spawned
    RepeatBegin,
    RepeatEnd,
    Jump,
    JumpIfNotEmpty, // jump when the queue holds an item or is closed
    Exit,
    // Shared state. Registers are slots of the thread's register file; expressions are
    // indexes into CompiledThread::exprs.
    Read,            // object: the variable; slot: the register
    Write,           // object, expr; flags: InstrUpdate
    Compute,         // slot, expr; dist, a, b: the CPU time it takes
    FetchAdd,        // object, expr: what to add; slot: the old value (-1: kept nowhere)
    Exchange,        // object, expr: the new value; slot: the old one
    CompareExchange, // object, expr: the new value, expr2: the expected one, slot: what it
                     // found; on failure jump
    Fence,           // object: the "fences" pseudo-object
    Assert,          // object: the assertion; expr; count: index into CompiledThread::asserts
    JumpIfFalse,     // expr; jump when it is 0
};

struct Instr {
    Code code = Code::Exit;
    std::uint8_t flags = 0; // Close: last; Put: spawned handle
    std::int32_t object = -1;
    std::int32_t jump = -1;
    std::int32_t slot = -1; // repeat counter slot
    std::int64_t count = 0; // repeat count; close-last: threads in the role
    DurationSpec::Dist dist = DurationSpec::Fixed;
    Time a = 0, b = 0; // duration parameters (ns); for a timed wait, the timeout
    bool timed = false;
    std::int32_t expr = -1, expr2 = -1; // shared-state steps: CompiledThread::exprs
};
// InstrUpdate: a write whose value the thread computed from a read of the same variable
// (recorded with OpFlagUpdate).
enum InstrFlag : std::uint8_t { InstrLast = 1, InstrPutSpawned = 2, InstrUpdate = 4 };

// What each read, write, atomic operation and fence costs on the simulated machine: a moment
// of CPU time of its own, so that two cores really interleave and a time slice can end
// between a read and the write after it. Also what compute and the compute of an increment
// take unless they say.
inline constexpr Time kAccessTime = 10;

// An assert looks at the variables it names without being an access (no time, nothing
// recorded): `peeks` are (variable's object, register) pairs to load before the condition
// runs; `values` the registers that hold its names' values, in the order the condition
// names them, recorded when it fails.
struct CompiledAssert {
    std::vector<std::pair<int, int>> peeks;
    std::vector<int> values;
};

enum class RwPolicy : std::uint8_t { ReadersFirst, WritersFirst, Fair };

struct CompiledObject {
    ObjectInfo info;
    int mutex = -1; // a condition's mutex
    RwPolicy policy = RwPolicy::Fair;
    // A global interpreter lock: CPU work needs it; the holder is asked to drop it after
    // `interval` when others wait; each hand-off costs `switchCost` of CPU time.
    Time interval = 5'000'000;
    Time switchCost = 0;
    bool enabled = true;
};

struct CompiledThread {
    ThreadInfo info;
    int roleIndex = 0;
    bool spawned = false;
    int counterSlots = 0; // repeat counters needed
    std::vector<Instr> code;
    int registers = 0; // register file size: named registers first, then the hidden ones
    std::vector<std::string> registerNames; // the named ones
    std::vector<CompiledExpr> exprs;
    std::vector<CompiledAssert> asserts;
};

// A condition on the shared variables with every parameter folded in: register i of the
// expression holds the value of variable objects[variables[i]].
struct CompiledCondition {
    CompiledExpr expr; // expr.text: the condition as written
    std::vector<int> variables;
};
// Whether it holds for the variables' values (`valueOf(object)`); throws ExprError on a
// division by zero or an overflow.
template <class ValueOf> bool conditionHolds(const CompiledCondition& c, ValueOf valueOf) {
    std::int64_t regs[16];
    std::vector<std::int64_t> more;
    std::int64_t* r = regs;
    if (c.variables.size() > 16) {
        more.resize(c.variables.size());
        r = more.data();
    }
    for (std::size_t i = 0; i < c.variables.size(); ++i)
        r[i] = valueOf(c.variables[i]);
    return runExpr(c.expr, r) != 0;
}

struct CompiledGoal {
    std::string name;
    GoalSpec::Kind kind = GoalSpec::Kind::State;
    CompiledCondition when; // State and End
};

struct Program {
    RunInfo info;
    std::vector<CompiledObject> objects;
    std::vector<CompiledThread> threads;
    std::vector<std::string> roles;
    Time timeLimit = 60'000'000'000;
    bool hasExpect = false;
    CompiledCondition expect; // the scenario's "expect", when hasExpect
    std::vector<CompiledGoal> goals;
};

// Evaluates every expression for the given values and lays out threads and objects.
Program compile(const Scenario& s, const ParamValues& values);

// Draws a duration for an instruction from a generator; identical on every machine.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }

private:
    std::uint64_t m_state;
};
Time drawDuration(const Instr& in, Random& rng);

} // namespace tl
