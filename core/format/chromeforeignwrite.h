#pragma once
// The Chrome JSON writer's part for traces of other programs (chromejson.cpp calls it): the
// header that says where the trace came from instead of an engine, the processes and the
// threads' own pids and tids, and the named slices, async spans, instants, counters and
// flows of SliceData. docs/trace-format.md, "Converted traces", describes the result.
#include "format/jsonout.h"
#include "model/progress.h"
#include "model/slices.h"
#include "model/trace.h"

#include <string>

namespace tl {

// "pid":12604,"tid":12606 for a thread of a foreign trace.
std::string foreignThreadIds(const Trace& trace, std::size_t thread);
// {"displayTimeUnit":..,"otherData":{"generator":..,"source":"perf",..},"traceEvents":[
void foreignHeader(const Trace& trace, jsonout::Out& out, Time end);
void foreignMetadata(const Trace& trace, jsonout::Lines& lines);
void foreignEvents(const Trace& trace, jsonout::Lines& lines, ProgressCounter& progress);

} // namespace tl
