#pragma once
// Files are written whole or not at all: into a temporary file beside the target,
// then renamed over it. A failure leaves the old file (or no file) and says why.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tl {

class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class AtomicFile {
public:
    explicit AtomicFile(std::string path); // throws FileError when the folder is unwritable
    ~AtomicFile();                         // discards the temporary unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view data); // throws FileError
    void commit();                     // flushes, syncs and renames; throws FileError
    const std::string& path() const { return m_path; }

private:
    [[noreturn]] void failed(const std::string& what);
    std::string m_path;
    std::string m_temp;
    std::FILE* m_file = nullptr;
};

void writeFileAtomically(const std::string& path, std::string_view data);
std::string readFile(const std::string& path); // throws FileError

} // namespace tl
