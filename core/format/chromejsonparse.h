#pragma once
// Between the two halves of the Chrome JSON import: chromejsonload.cpp brings the text into
// memory with simdjson's padding after it, chromejsonread.cpp parses it. Private to the
// format layer, so that simdjson's header stays out of chromejson.h.
#include "model/progress.h"
#include "model/trace.h"

#include <simdjson.h>

#include <memory>

namespace tl {

// Parses a Chrome Trace Event JSON text that has simdjson's padding after it. With
// progress: reports from `from` to 1 as it goes, and throws Cancelled when told to stop.
// Throws TraceReadError naming what is wrong and where.
std::unique_ptr<Trace> parseChromeTrace(simdjson::padded_string_view text, const Progress* progress,
                                        double from);

} // namespace tl
