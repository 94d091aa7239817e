#pragma once
// The interchange format: Chrome Trace Event JSON exactly as DESIGN.md specifies it,
// written as a stream (never built as a document) and read back with simdjson.
#include "trace.h"

#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

namespace tl {

// Streams the trace to out. The bytes depend only on the trace (deterministic).
void writeChromeTrace(const Trace& trace, std::ostream& out);
std::string chromeTraceString(const Trace& trace);
// Writes atomically; throws FileError (atomicfile.h) naming the path and the reason.
void saveChromeTrace(const Trace& trace, const std::string& path);

class TraceReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads a file written by writeChromeTrace (and tolerates what other tools add); throws
// TraceReadError naming the byte offset or event and the problem.
std::unique_ptr<Trace> readChromeTrace(std::string_view json);
std::unique_ptr<Trace> loadChromeTrace(const std::string& path);

} // namespace tl
