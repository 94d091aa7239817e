#include "experiment/run.h"

#include "analysis/causality.h"

namespace tl {

RunOptions withDeadlockWords(RunOptions options) {
    options.deadlockWords = [](const Trace& trace) { return analyseDeadlock(trace).text; };
    return options;
}

void run(const Program& program, Trace& trace, const RunOptions& options, std::stop_token stop) {
    const RunOptions worded = withDeadlockWords(options);
    if (worded.engine == EngineKind::Real)
        runReal(program, trace, worded, std::move(stop));
    else
        runSimulated(program, trace, worded, std::move(stop));
}

} // namespace tl
