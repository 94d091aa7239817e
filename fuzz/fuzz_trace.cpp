// libFuzzer target: a Chrome Trace Event file from untrusted bytes, read as `render` and
// the app's File > Open read it. A TraceReadError is the expected refusal; a trace that is
// accepted is then exported again and checked, as the app would show it.
#include "analysis/checks.h"
#include "format/chromejson.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<tl::Trace> trace;
    try {
        trace = tl::readChromeTrace(text);
    } catch (const tl::TraceReadError& e) {
        if (std::string_view(e.what()).empty()) std::abort();
        return 0;
    }
    // An accepted trace is a trace like any other: every view and export must cope.
    (void)tl::chromeTraceString(*trace);
    (void)tl::runChecks(*trace);
    for (std::size_t i = 0; i < trace->threadCount(); ++i)
        for (std::size_t k = 0; k < trace->intervalCount(i); ++k)
            (void)trace->interval(i, k);
    return 0;
}
