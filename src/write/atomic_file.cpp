#include "parkgis/write/atomic_file.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "parkgis/errors.hpp"

namespace fs = std::filesystem;

namespace parkgis {

AtomicOutput::AtomicOutput(std::string final_path) : m_final(std::move(final_path)) {
    fs::path p(m_final);
    m_temp = (p.parent_path() / fmt::format(".{}.parkgis-tmp-{}", p.filename().string(), ::getpid())).string();
    std::error_code ec;
    fs::remove(m_temp, ec);
}

AtomicOutput::~AtomicOutput() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_temp, ec);
        fs::remove(m_temp + "-journal", ec);
        fs::remove(m_temp + "-wal", ec);
        fs::remove(m_temp + "-shm", ec);
    }
}

void AtomicOutput::commit() {
    if (std::rename(m_temp.c_str(), m_final.c_str()) != 0)
        throw OutputError("write", fmt::format("{}: cannot move the finished file into place ({}); the previous file, "
                                               "if any, is unchanged",
                                               m_final, std::strerror(errno)));
    m_committed = true;
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
    AtomicOutput out(path);
    {
        std::ofstream f(out.temp_path(), std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        f.flush();
        if (!f) throw OutputError("write", fmt::format("{}: cannot write ({})", path, std::strerror(errno)));
    }
    out.commit();
}

void ensure_writable_folder(const std::string& path) {
    fs::path folder = fs::absolute(path).parent_path();
    std::error_code ec;
    if (fs::exists(path, ec) && fs::is_directory(path, ec))
        throw OutputError("write", fmt::format("{}: is a folder; give a file name for the output (e.g. out/zone.gpkg)", path));
    fs::path existing = folder;
    while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
    if (existing.empty() || !fs::is_directory(existing, ec))
        throw OutputError("write", fmt::format("{}: the output folder {} cannot be created", path, folder.string()));
    // A real probe, not access(2): root passes access() on read-only mounts and /proc.
    std::string probe = (existing / ".parkgis-probe-XXXXXX").string();
    const int fd = ::mkstemp(probe.data());
    if (fd < 0)
        throw OutputError("write", fmt::format("{}: the folder {} is not writable ({}); choose another output with -o",
                                               path, existing.string(), std::strerror(errno)));
    ::close(fd);
    ::unlink(probe.c_str());
}

}  // namespace parkgis
