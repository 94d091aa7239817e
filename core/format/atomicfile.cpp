#include "format/atomicfile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tl {

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    if (m_path.empty()) throw FileError("no output path given");
    m_temp = m_path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(m_temp.data());
    if (fd < 0) throw FileError("cannot write " + m_path + ": " + std::strerror(errno));
    ::fchmod(fd, 0644);
    m_file = ::fdopen(fd, "wb");
    if (!m_file) {
        ::close(fd);
        ::unlink(m_temp.c_str());
        throw FileError("cannot write " + m_path + ": " + std::strerror(errno));
    }
}

AtomicFile::~AtomicFile() {
    if (m_file) {
        std::fclose(m_file);
        ::unlink(m_temp.c_str());
    }
}

void AtomicFile::failed(const std::string& what) {
    const int err = errno;
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
        ::unlink(m_temp.c_str());
    }
    throw FileError("cannot write " + m_path + ": " + what +
                    (err ? std::string(": ") + std::strerror(err) : ""));
}

void AtomicFile::write(std::string_view data) {
    if (!m_file) throw FileError("cannot write " + m_path + ": the file is closed");
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), m_file) != data.size())
        failed("write failed");
}

void AtomicFile::commit() {
    if (!m_file) throw FileError("cannot write " + m_path + ": the file is closed");
    errno = 0;
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0) failed("flush failed");
    if (std::fclose(m_file) != 0) {
        m_file = nullptr;
        ::unlink(m_temp.c_str());
        throw FileError("cannot write " + m_path + ": " + std::strerror(errno));
    }
    m_file = nullptr;
    if (::rename(m_temp.c_str(), m_path.c_str()) != 0) {
        const int err = errno;
        ::unlink(m_temp.c_str());
        throw FileError("cannot write " + m_path + ": " + std::strerror(err));
    }
}

void writeFileAtomically(const std::string& path, std::string_view data) {
    AtomicFile f(path);
    f.write(data);
    f.commit();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError("cannot open " + path + ": " + std::strerror(errno));
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw FileError("cannot read " + path);
    return buf.str();
}

} // namespace tl
