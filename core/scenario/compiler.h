#pragma once
// Private to the compiler (compile.cpp: objects, threads and the synchronisation steps;
// compileshared.cpp: variables, registers and the steps decided by data): the Compiler class
// and its limits.
#include "model/timefmt.h"
#include "scenario/scenario.h"

#include <map>
#include <string>
#include <vector>

namespace tl::compiler {

constexpr std::int64_t kMaxThreadsPerRun = 1024;
constexpr std::int64_t kMaxObjectsPerSet = 1024;
constexpr std::int64_t kMaxRepeat = 100'000'000;
// One more than the objects a run may have is the "threads" pseudo-object (spawn/join).
constexpr std::int64_t kMaxObjectsPerRun = std::int64_t(Trace::kMaxObjects) - 1;
// Every thread gets its own copy of its role's program; a large file times many threads
// would otherwise take gigabytes.
constexpr std::size_t kMaxInstructions = 2'000'000;
// The longest duration, time limit or timeout: about 11.6 days. Far beyond any lesson, and
// far enough below 2^63 ns that adding durations to a clock cannot overflow.
constexpr Time kMaxDuration = 1'000'000'000'000'000;

inline void checkDuration(Time d, const std::string& path) {
    if (d < 0) throw ScenarioError(path + ": a duration cannot be negative");
    if (d > kMaxDuration)
        throw ScenarioError(path + ": " + exactTime(d) + " is longer than the longest " +
                            "duration, " + exactTime(kMaxDuration));
}

class Compiler {
public:
    Compiler(const Scenario& s, const ParamValues& values) : m_s(s), m_values(values) {}

    Program run();

private:
    struct Set {
        int first = 0;
        std::int64_t count = 1;
        bool isSet = false;
    };

    // Objects; a set ("fork" x N) becomes "fork 1".."fork N".
    void objects(Program& p);
    RwPolicy rwPolicy(const ObjectSpec& o);
    void gil(const ObjectSpec& o, CompiledObject& c);
    // Threads: every role's count first, so that spawn can find its role's threads.
    void threads(Program& p);
    [[noreturn]] static void tooLarge(const RoleSpec& r, std::int64_t threads);
    // The fewest instructions a program compiles to: a repeat may run zero times, an if
    // takes one branch, an untimed wait has no "else" to emit; every other step emits
    // itself and all of its nested steps.
    static std::size_t leastSteps(const std::vector<StepSpec>& steps);
    ExprValue eval(const std::string& e, const std::string& path, const void* inRole);
    std::int64_t number(const std::string& e, const std::string& path, bool inRole = false);
    int object(const StepSpec& st);
    void duration(const DurationSpec& d, const std::string& path, Instr& in);
    void emit(const std::vector<StepSpec>& steps, std::vector<Instr>& code);
    // Appends a forward jump and returns its position, to patch once the target is known.
    static std::size_t placeholder(std::vector<Instr>& code, Instr in);
    static void patch(std::vector<Instr>& code, std::size_t at);
    // A step by its row of the step table (steptable.h), or by a rule of its own.
    void emit(const StepSpec& st, std::vector<Instr>& code);
    // A trylock or a wait: one instruction, and the branches it takes on success and on
    // failure (a failed try, a timed-out wait), or a retry after a pause until it succeeds.
    void attempt(const StepSpec& st, std::vector<Instr>& code);
    void repeat(const StepSpec& st, std::vector<Instr>& code);
    ObjectKind m_objectKinds(int objectIndex) const;
    // top: test (jumps out when done); body; jump top. Drain leaves when the queue is
    // closed and empty, whileEmpty when it holds an item.
    void loop(Code test, const StepSpec& st, std::vector<Instr>& code);

    // ---- variables, registers, steps decided by data (compileshared.cpp) ----
    void variable(const ObjectSpec& o, ObjectInfo& info);
    void emitShared(const StepSpec& st, std::vector<Instr>& code);
    // How an expression's variables are looked at: read (each an access, emitted before the
    // step) or peeked (an assert's look, which is no access).
    enum class Loads { Read, Peek };
    int expression(const std::string& e, const std::string& path, std::vector<Instr>& code,
                   Loads loads = Loads::Read, CompiledAssert* assert = nullptr);
    // A condition at the scenario's level (its expect, a goal): register i holds variable
    // variables[i].
    CompiledCondition condition(const std::string& e, const std::string& path);
    void conditions(Program& p);
    int registerOf(const std::string& name) const;
    int hiddenRegister();
    int pseudoObject(ObjectKind kind, const std::string& name);
    static void markUpdates(CompiledThread& t);

    const Scenario& m_s;
    const ParamValues& m_values;
    std::map<std::string, Set> m_sets;
    std::int64_t m_index = 1;
    std::int64_t m_count = 1;
    std::int64_t m_roleCount = 1;
    int m_slots = 0;
    std::size_t m_instructions = 0;
    Program* m_program = nullptr;       // being compiled
    CompiledThread* m_thread = nullptr; // being emitted
};

} // namespace tl::compiler
