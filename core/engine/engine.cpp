#include "engine/engine.h"

#include <stdexcept>

namespace tl {

std::string_view engineName(EngineKind k) {
    return k == EngineKind::Real ? "real" : "simulated";
}

bool parseEngineName(std::string_view name, EngineKind& out) {
    if (name == "simulated" || name == "sim") {
        out = EngineKind::Simulated;
        return true;
    }
    if (name == "real" || name == "threads") {
        out = EngineKind::Real;
        return true;
    }
    return false;
}

RunInfo runInfo(const Program& program, const RunOptions& options) {
    RunInfo info = program.info;
    info.engine = std::string(engineName(options.engine));
    info.seed = options.seed;
    info.cores = options.cores;
    info.schedule = options.schedule;
    return info;
}

void prepareTrace(const Program& program, Trace& trace, const RunOptions& options) {
    // A mistake of the caller's, caught before anything is recorded: the metadata of another
    // run, or of none, would go into every file and picture made from this trace.
    if (!(trace.info() == runInfo(program, options)))
        throw std::invalid_argument("the trace was not made for this run: construct it with "
                                    "runInfo(program, options)");
    if (trace.threadCount() != 0 || trace.objectCount() != 0 || trace.finished())
        throw std::invalid_argument("the trace has been recorded into already");
    for (const CompiledThread& t : program.threads)
        trace.addThread(t.info);
    for (const CompiledObject& o : program.objects)
        trace.addObject(o.info);
    bool spawns = false;
    for (const CompiledThread& t : program.threads)
        for (const Instr& in : t.code)
            spawns = spawns || in.code == Code::Spawn || in.code == Code::Join;
    if (spawns) trace.addObject(ObjectInfo{ObjectKind::Threads, "threads", 0});
}

void settleExpectation(const Program& program, Trace& trace) {
    if (!program.hasExpect) return;
    Expectation e;
    e.text = program.expect.expr.text;
    try {
        e.held = conditionHolds(program.expect, [&](int object) {
            return trace.recordedFinalValue(std::size_t(object)).value_or(0);
        });
    } catch (const ExprError&) {
        e.held = false; // a division by zero at the end: it cannot be said to hold
    }
    trace.setExpectation(std::move(e));
}

std::string deadlockMessage(const Trace& trace, const RunOptions& options) {
    return options.deadlockWords ? options.deadlockWords(trace) : "deadlock: no thread can go on.";
}

} // namespace tl
