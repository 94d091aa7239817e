#include "engine/engine.h"

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

void prepareTrace(const Program& program, Trace& trace, const RunOptions& options) {
    RunInfo& info = trace.info();
    info = program.info;
    info.engine = std::string(engineName(options.engine));
    info.seed = options.seed;
    info.cores = options.cores;
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

std::string deadlockMessage(const Trace& trace, const RunOptions& options) {
    return options.deadlockWords ? options.deadlockWords(trace) : "deadlock: no thread can go on.";
}

} // namespace tl
