#include "engine.h"
namespace tl {
void runReal(const Program& program, Trace& trace, const RunOptions& options, std::stop_token) {
    prepareTrace(program, trace, options);
    trace.setMessage("the real-thread engine is not built yet");
    trace.setOutcome(Outcome::Error);
}
} // namespace tl
