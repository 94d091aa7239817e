// Chrome Trace Event JSON import, the memory side: a file or a string brought into memory
// with simdjson's padding after it, then parsed by chromejsonread.cpp.
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "format/chromejsonparse.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tl {

namespace {

// The text with simdjson's zeroed padding after it, in memory that asks for huge pages:
// filling fresh 4 KB pages with a large file costs more in page faults than the parse.
class PaddedText {
public:
    explicit PaddedText(std::size_t size) : m_size(size) {
        const std::size_t bytes = size + simdjson::SIMDJSON_PADDING;
        m_data = static_cast<char*>(::operator new(bytes, std::align_val_t(kAlign), std::nothrow));
        if (!m_data)
            throw TraceReadError("not enough memory for a text of " + std::to_string(size) +
                                 " bytes");
#ifdef MADV_HUGEPAGE
        if (bytes >= kAlign) ::madvise(m_data, bytes, MADV_HUGEPAGE);
#endif
        std::memset(m_data + size, 0, simdjson::SIMDJSON_PADDING);
    }
    ~PaddedText() {
        ::operator delete(m_data, std::align_val_t(kAlign));
    }
    PaddedText(const PaddedText&) = delete;
    PaddedText& operator=(const PaddedText&) = delete;

    char* data() {
        return m_data;
    }
    // The first `used` bytes (a file may shrink while it is read); the rest is zeroed.
    simdjson::padded_string_view view(std::size_t used) {
        std::memset(m_data + used, 0, m_size - used);
        return simdjson::padded_string_view(m_data, used, m_size + simdjson::SIMDJSON_PADDING);
    }

private:
    static constexpr std::size_t kAlign = std::size_t(2) << 20;
    char* m_data = nullptr;
    std::size_t m_size;
};

// Reading the file is the first quarter of the progress, parsing the rest.
constexpr double kReadShare = 0.25;

std::unique_ptr<Trace> readPadded(simdjson::padded_string_view text,
                                  const Progress* progress = nullptr) {
    if (text.size() == 0) throw TraceReadError("the file is empty");
    if (text.size() > kMaxChromeTraceBytes)
        throw TraceReadError("the file is " + std::to_string(text.size()) +
                             " bytes; traces over 2 GB are refused");
    return parseChromeTrace(text, progress, progress ? kReadShare : 0);
}

} // namespace

std::unique_ptr<Trace> readChromeTrace(std::string_view json) {
    if (json.empty()) throw TraceReadError("the file is empty");
    if (json.size() > kMaxChromeTraceBytes)
        throw TraceReadError("the file is " + std::to_string(json.size()) +
                             " bytes; traces over 2 GB are refused");
    PaddedText padded(json.size());
    std::memcpy(padded.data(), json.data(), json.size());
    return readPadded(padded.view(json.size()));
}

std::unique_ptr<Trace> loadChromeTrace(const std::string& path, const Progress* progress) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FileError("cannot open " + path + ": " + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw FileError("cannot read " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw FileError("cannot read " + path + ": not a regular file");
    const auto size = std::size_t(st.st_size);
    try {
        if (size > kMaxChromeTraceBytes)
            throw TraceReadError("the file is " + std::to_string(size) +
                                 " bytes; traces over 2 GB are refused");
        PaddedText text(size);
        std::size_t got = 0;
        constexpr std::size_t kPiece = std::size_t(8) << 20;
        while (got < size) {
            if (progress) progress->step(kReadShare * double(got) / double(size));
            const ssize_t n = ::read(fd, text.data() + got, std::min(size - got, kPiece));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw FileError("cannot read " + path + ": " + std::strerror(errno));
            if (n == 0) break; // shrank while we read: parse what is there
            got += std::size_t(n);
        }
        return readPadded(text.view(got), progress);
    } catch (const TraceReadError& e) {
        throw TraceReadError(path + ": " + e.what());
    }
}

} // namespace tl
