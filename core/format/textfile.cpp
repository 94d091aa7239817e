#include "format/textfile.h"

#include "format/atomicfile.h"
#include "format/chromejson.h"

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
constexpr std::size_t kAlign = std::size_t(2) << 20;

[[noreturn]] void tooLarge(std::size_t size) {
    throw TraceReadError("the file is " + std::to_string(size) +
                         " bytes; traces over 2 GB are refused");
}
} // namespace

PaddedText::PaddedText(std::size_t size) : m_size(size) {
    const std::size_t bytes = size + kPadding;
    m_data = static_cast<char*>(::operator new(bytes, std::align_val_t(kAlign), std::nothrow));
    if (!m_data)
        throw TraceReadError("not enough memory for a text of " + std::to_string(size) + " bytes");
#ifdef MADV_HUGEPAGE
    if (bytes >= kAlign) ::madvise(m_data, bytes, MADV_HUGEPAGE);
#endif
    std::memset(m_data + size, 0, kPadding);
}

PaddedText::~PaddedText() {
    ::operator delete(m_data, std::align_val_t(kAlign));
}

void PaddedText::setUsed(std::size_t used) {
    m_used = std::min(used, m_size);
    std::memset(m_data + m_used, 0, m_size - m_used);
}

std::unique_ptr<PaddedText> paddedCopy(std::string_view text) {
    if (text.size() > kMaxTraceBytes) tooLarge(text.size());
    auto padded = std::make_unique<PaddedText>(text.size());
    std::memcpy(padded->data(), text.data(), text.size());
    padded->setUsed(text.size());
    return padded;
}

std::unique_ptr<PaddedText> readTextFile(const std::string& path, const Progress* progress,
                                         double share) {
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
    if (size > kMaxTraceBytes) tooLarge(size);
    auto text = std::make_unique<PaddedText>(size);
    std::size_t got = 0;
    constexpr std::size_t kPiece = std::size_t(8) << 20;
    while (got < size) {
        if (progress) progress->step(share * double(got) / double(size));
        const ssize_t n = ::read(fd, text->data() + got, std::min(size - got, kPiece));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw FileError("cannot read " + path + ": " + std::strerror(errno));
        if (n == 0) break; // shrank while we read: take what is there
        got += std::size_t(n);
    }
    text->setUsed(got);
    return text;
}

std::string fileNameOf(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace tl
