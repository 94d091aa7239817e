#pragma once
// A file's bytes in memory for the trace readers: with 64 zeroed bytes after them (the
// padding simdjson reads past the end; the `perf script` reader needs none but takes the same
// buffer), in memory that asks for huge pages: filling fresh 4 KB pages with a large file
// costs more in page faults than the parse.
#include "model/progress.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace tl {

class PaddedText {
public:
    static constexpr std::size_t kPadding = 64; // simdjson::SIMDJSON_PADDING

    // Throws TraceReadError when the memory cannot be had.
    explicit PaddedText(std::size_t size);
    ~PaddedText();
    PaddedText(const PaddedText&) = delete;
    PaddedText& operator=(const PaddedText&) = delete;

    char* data() { return m_data; }
    const char* data() const { return m_data; }
    std::size_t capacity() const { return m_size; }
    // Only the first `used` bytes count (a file may shrink while it is read); the rest is zeroed.
    void setUsed(std::size_t used);
    std::size_t size() const { return m_used; }
    std::string_view text() const { return std::string_view(m_data, m_used); }

private:
    char* m_data = nullptr;
    std::size_t m_size;
    std::size_t m_used = 0;
};

// Files larger than this are refused before they are read.
inline constexpr std::size_t kMaxTraceBytes = std::size_t(2) << 30;

// Reads a whole regular file, reporting progress from 0 to `share` of the work. Throws
// FileError (atomicfile.h) when it cannot be read, TraceReadError when it is over
// kMaxTraceBytes, Cancelled when told to stop.
std::unique_ptr<PaddedText> readTextFile(const std::string& path, const Progress* progress,
                                         double share);
// The same bytes from memory.
std::unique_ptr<PaddedText> paddedCopy(std::string_view text);

// The last part of a path: "traces/node.json" -> "node.json".
std::string fileNameOf(const std::string& path);

} // namespace tl
