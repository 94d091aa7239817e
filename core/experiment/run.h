#pragma once
// One run as the app and the command line start it: the engine that the options name, and
// the words for how the run ended that only the analysis layer can give (a deadlock's
// wait-for cycle, read off the trace). The engines sit below analysis, so it is here, a
// layer above both, that the two meet.
#include "engine/engine.h"
#include "model/trace.h"
#include "scenario/scenario.h"

#include <stop_token>

namespace tl {

// The options with the analysis layer's words for a deadlock (engine.h, DeadlockWords).
RunOptions withDeadlockWords(RunOptions options);

// Runs the program on the engine options.engine names, with withDeadlockWords(options).
// As runSimulated and runReal: the trace must be fresh; on return its outcome, message and
// end time are set.
void run(const Program& program, Trace& trace, const RunOptions& options,
         std::stop_token stop = {});

} // namespace tl
