#pragma once
// The interchange format: Chrome Trace Event JSON exactly as docs/trace-format.md describes it
// field by field, written as a stream (never built as a document) and read back with simdjson.
//
// What the file holds beyond the format's usual fields, so that a read-back trace exports byte for
// byte as the original: otherData carries "outcome", "message", "endTimeNs" and an "objects" array
// (name, kind, capacity, in registration order); operation events carry their flags as booleans
// ("waited", "shared", "broken", "closed"); the last slice of a thread that had not ended when the
// recording stopped carries "unfinished": true. Counters and flows are derived from the operations,
// so the reader ignores them.
#include "model/progress.h"
#include "model/trace.h"

#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tl {

class PaddedText;

// Streams the trace to out. The bytes depend only on the trace (deterministic).
void writeChromeTrace(const Trace& trace, std::ostream& out);
// The same bytes, handed to sink in pieces of about a megabyte. With progress, reports the
// fraction of events written and throws Cancelled when told to stop.
void writeChromeTrace(const Trace& trace, const std::function<void(std::string_view)>& sink,
                      const Progress* progress = nullptr);
std::string chromeTraceString(const Trace& trace);
// Writes atomically; throws FileError (atomicfile.h) naming the path and the reason, or
// Cancelled (leaving the old file, or none) when progress says stop.
void saveChromeTrace(const Trace& trace, const std::string& path,
                     const Progress* progress = nullptr);

class TraceReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Files larger than this are refused before they are read.
inline constexpr std::size_t kMaxChromeTraceBytes = std::size_t(2) << 30;

// Reads a file written by writeChromeTrace, or any Chrome trace of another tool, object or
// array form (chromeforeign.h says what of it is read). Throws TraceReadError naming the
// byte offset or the event (its 0-based index in traceEvents) and the problem: "event 12:
// unknown state \"sleepy\"". What other tools' files hold that cannot be taken as it is
// (an E with no B, a file cut short after its last complete event, ...) is read as far as
// it can be and said in TraceSource::notices.
std::unique_ptr<Trace> readChromeTrace(std::string_view json);
// The same from a text already padded for the parser (as readTextFile reads a file): the
// other copies it into one first.
std::unique_ptr<Trace> readChromeTrace(const PaddedText& text);
// With progress: reports the fraction read and throws Cancelled when told to stop. The trace's
// TraceSource::file is the file's name.
std::unique_ptr<Trace> loadChromeTrace(const std::string& path, const Progress* progress = nullptr);

} // namespace tl
