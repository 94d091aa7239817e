// libFuzzer target: a scenario file from untrusted bytes. Parses it, compiles it with the
// default parameter values, and runs it briefly on the simulated machine (a small event
// cap), then writes the trace as Chrome JSON and reads it back. The only acceptable
// failure is a ScenarioError or TraceReadError with a message; anything else — a crash,
// another exception, a leak, a run that does not end — is a finding.
#include "engine/engine.h"
#include "format/chromejson.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tl::Program program;
    try {
        const tl::Scenario s = tl::parseScenario(text, "fuzz");
        program = tl::compile(s, tl::defaultValues(s));
    } catch (const tl::ScenarioError& e) {
        if (std::string_view(e.what()).empty()) std::abort(); // every refusal says why
        return 0;
    }
    tl::RunOptions options;
    options.maxEvents = 4000; // enough to reach every kind of step, short enough to be fast
    tl::Trace trace(tl::runInfo(program, options));
    tl::runSimulated(program, trace, options);
    if (!trace.finished()) std::abort();
    // What the simulator recorded must survive the interchange format.
    const std::string json = tl::chromeTraceString(trace);
    try {
        const auto back = tl::readChromeTrace(json);
        if (tl::chromeTraceString(*back) != json) {
            std::fprintf(stderr, "the trace does not read back as it was written\n");
            std::abort();
        }
    } catch (const tl::TraceReadError& e) {
        std::fprintf(stderr, "a written trace is refused on reading: %s\n", e.what());
        std::abort();
    }
    return 0;
}
