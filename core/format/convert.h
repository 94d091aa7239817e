#pragma once
// Every trace file ThreadLens reads, behind one call: our own traces and other tools' Chrome
// Trace Event JSON (chromejson.h), and `perf script` text of a `perf sched record` recording
// (perfscript.h), told apart by their first bytes. With a process named, only its threads
// are kept.
#include "model/progress.h"
#include "model/trace.h"

#include <memory>
#include <string>

namespace tl {

// Throws FileError when the file cannot be read, TraceReadError when it is not a trace, or
// when `process` (a name or a pid) names no process of it.
std::unique_ptr<Trace> loadTrace(const std::string& path, const std::string& process = {},
                                 const Progress* progress = nullptr);
// The same from memory (tests, fuzzing).
std::unique_ptr<Trace> readTrace(std::string_view text, const std::string& process = {});

// Only the threads of one process of a foreign trace (by pid, or by name), with their
// slices, the process's async tracks, counters and instants, the global instants, and the
// flows that end in them (a flow from a thread left out keeps its args, loses its source).
std::unique_ptr<Trace> keepProcess(std::unique_ptr<Trace> trace, const std::string& process);

// The processes of a foreign trace as "name (pid)", the busiest first, at most `max`.
std::string processList(const Trace& trace, std::size_t max = 8);

} // namespace tl
