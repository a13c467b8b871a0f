#include "parkgis/write/output_set.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

constexpr const char* kStage = "write";
constexpr const char* kTempMark = ".parkgis-tmp-";
constexpr const char* kProbeMark = ".parkgis-probe-";
constexpr const char* kJournalHeader = "parkgis commit journal 1";

// The temporary files of every live OutputSet, for the signal handler: it may only call async-signal-safe
// functions, so the names sit in a fixed table of C strings. SQLite's side files are registered too.
constexpr std::size_t kSlots = 2048;
std::atomic<char*> g_temp_files[kSlots];
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];
std::mutex g_install_mutex;
int g_live_sets = 0;

extern "C" void remove_temp_files_and_reraise(int sig) {
    for (auto& slot : g_temp_files)
        if (char* p = slot.load()) ::unlink(p);
    // Then die of the same signal (the shell sees 130 for Ctrl-C), through whatever handled it before us.
    for (std::size_t i = 0; i < 3; ++i)
        if (kSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
    ::raise(sig);
}

void install_handlers() {
    std::lock_guard<std::mutex> lock(g_install_mutex);
    if (g_live_sets++ > 0) return;
    struct sigaction action {};
    action.sa_handler = remove_temp_files_and_reraise;
    sigemptyset(&action.sa_mask);
    for (int s : kSignals) sigaddset(&action.sa_mask, s);
    for (std::size_t i = 0; i < 3; ++i) ::sigaction(kSignals[i], &action, &g_previous[i]);
}

void restore_handlers() {
    std::lock_guard<std::mutex> lock(g_install_mutex);
    if (--g_live_sets > 0) return;
    for (std::size_t i = 0; i < 3; ++i) ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

void register_temp(const std::string& path) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        const std::string name = path + suffix;
        char* copy = new char[name.size() + 1];
        std::memcpy(copy, name.c_str(), name.size() + 1);
        bool placed = false;
        for (auto& slot : g_temp_files) {
            char* expected = nullptr;
            if (slot.compare_exchange_strong(expected, copy)) {
                placed = true;
                break;
            }
        }
        // A full table only means a signal leaves this file for the next run to remove.
        if (!placed) delete[] copy;
    }
}

void unregister_temp(const std::string& path) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        const std::string name = path + suffix;
        for (auto& slot : g_temp_files) {
            char* p = slot.load();
            if (p && name == p && slot.compare_exchange_strong(p, nullptr)) {
                delete[] p;
                break;
            }
        }
    }
}

void remove_with_side_files(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

// Our handlers for as long as this lives (they chain to the previous ones when the last holder goes).
struct HandlersInstalled {
    HandlersInstalled() { install_handlers(); }
    ~HandlersInstalled() { restore_handlers(); }
    HandlersInstalled(const HandlersInstalled&) = delete;
    HandlersInstalled& operator=(const HandlersInstalled&) = delete;
};

// Holds SIGINT, SIGTERM and SIGHUP off while the files move: a signal then arrives after the commit.
class SignalsHeld {
public:
    SignalsHeld() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : kSignals) sigaddset(&set, s);
        ::pthread_sigmask(SIG_BLOCK, &set, &m_old);
    }
    ~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }

private:
    sigset_t m_old;
};

std::string relative_to(const std::string& path, const std::string& folder) {
    return fs::path(path).lexically_relative(folder).string();
}

// The pid a temporary file name carries (".x.gpkg.parkgis-tmp-123" or "…-123-journal"), or 0.
long pid_in_name(const std::string& name) {
    const auto at = name.find(kTempMark);
    if (at == std::string::npos) return 0;
    return std::strtol(name.c_str() + at + std::strlen(kTempMark), nullptr, 10);
}

// Another parkgis still writing: its files are not leftovers.
bool parkgis_alive(long pid) {
    if (pid <= 0 || pid == static_cast<long>(::getpid())) return pid > 0;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
    std::ifstream comm(fmt::format("/proc/{}/comm", pid));
    std::string name;
    std::getline(comm, name);
    return name.rfind("parkgis", 0) == 0;
}

void move_into_place(const std::string& temp, const std::string& final_path) {
    if (std::rename(temp.c_str(), final_path.c_str()) != 0)
        throw OutputError(kStage, fmt::format("{}: cannot move the finished file into place ({}); the next run "
                                              "finishes the move",
                                              final_path, std::strerror(errno)));
}

}  // namespace

std::string OutputSet::temp_name(const std::string& final_path) {
    const fs::path p(final_path);
    return (p.parent_path() / fmt::format(".{}{}{}", p.filename().string(), kTempMark, ::getpid())).string();
}

OutputSet::OutputSet(std::string journal_folder, std::string stem)
    : m_folder(std::move(journal_folder)),
      m_journal((fs::path(m_folder) / fmt::format(".{}.parkgis-commit", stem)).string()) {
    install_handlers();
}

OutputSet::~OutputSet() {
    for (const auto& e : m_entries) {
        if (!m_committed) remove_with_side_files(e.temp_path);
        unregister_temp(e.temp_path);
    }
    restore_handlers();
}

std::string OutputSet::add(const std::string& final_path) {
    for (const auto& e : m_entries)
        if (e.final_path == final_path) return e.temp_path;
    const std::string temp = temp_name(final_path);
    remove_with_side_files(temp);
    register_temp(temp);
    m_entries.push_back({final_path, temp});
    return temp;
}

bool OutputSet::contains(const std::string& final_path) const {
    for (const auto& e : m_entries)
        if (e.final_path == final_path) return true;
    return false;
}

const std::string& OutputSet::temp_of(const std::string& final_path) const {
    for (const auto& e : m_entries)
        if (e.final_path == final_path) return e.temp_path;
    throw OutputError(kStage, fmt::format("{}: not written by this run", final_path));
}

void OutputSet::write(const std::string& final_path, const std::string& bytes) {
    const std::string temp = add(final_path);
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f)
        throw OutputError(kStage, fmt::format("{}: cannot write ({}); nothing of this run was put in place",
                                              final_path, std::strerror(errno)));
}

void OutputSet::retire(const std::string& path) {
    for (const auto& e : m_entries)
        if (e.final_path == path) return;
    m_retired.push_back(path);
}

void OutputSet::commit() {
    SignalsHeld held;
    std::vector<std::string> retired;
    for (const auto& r : m_retired) {
        bool written = false;
        for (const auto& e : m_entries) written = written || e.final_path == r;
        std::error_code ec;
        if (!written && fs::exists(r, ec)) retired.push_back(r);
    }
    // The journal says what is to happen, so that a SIGKILL between two moves is finished by the next run.
    std::string journal = std::string(kJournalHeader) + "\n";
    for (const auto& e : m_entries)
        journal += fmt::format("rename\t{}\t{}\n", relative_to(e.temp_path, m_folder), relative_to(e.final_path, m_folder));
    for (const auto& r : retired) journal += fmt::format("remove\t{}\n", relative_to(r, m_folder));
    const std::string journal_temp = temp_name(m_journal);
    {
        std::ofstream f(journal_temp, std::ios::binary | std::ios::trunc);
        f << journal;
        f.flush();
        if (!f) {
            std::error_code ec;
            fs::remove(journal_temp, ec);
            throw OutputError(kStage, fmt::format("{}: cannot write the commit journal ({}); nothing of this run was "
                                                  "put in place",
                                                  m_journal, std::strerror(errno)));
        }
    }
    move_into_place(journal_temp, m_journal);
    const char* delay = std::getenv("PARKGIS_TEST_COMMIT_DELAY_MS");  // test hook: a kill between two moves
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        move_into_place(m_entries[i].temp_path, m_entries[i].final_path);
        if (i == 0 && delay) ::usleep(static_cast<useconds_t>(std::atoi(delay)) * 1000);
    }
    std::error_code ec;
    for (const auto& r : retired) fs::remove(r, ec);
    fs::remove(m_journal, ec);
    m_committed = true;
}

std::vector<std::string> OutputSet::recover(const std::vector<std::string>& folders) {
    std::vector<std::string> done;
    std::error_code ec;
    if (fs::exists(m_journal, ec)) {
        std::ifstream in(m_journal);
        std::string line;
        std::getline(in, line);
        if (line == kJournalHeader) {
            int moved = 0, removed = 0;
            while (std::getline(in, line)) {
                std::istringstream fields(line);
                std::string what, a, b;
                std::getline(fields, what, '\t');
                std::getline(fields, a, '\t');
                std::getline(fields, b, '\t');
                const fs::path from = fs::path(m_folder) / a;
                if (what == "rename" && !b.empty() && fs::exists(from, ec)) {
                    if (std::rename(from.c_str(), (fs::path(m_folder) / b).c_str()) == 0) ++moved;
                } else if (what == "remove" && fs::remove(from, ec)) {
                    ++removed;
                }
            }
            done.push_back(fmt::format("{}: an earlier run was stopped while moving its outputs into place; its move was "
                                       "finished ({} files moved, {} removed) before this run",
                                       relative_to(m_journal, m_folder), moved, removed));
        }
        fs::remove(m_journal, ec);
    }
    for (const auto& folder : folders) {
        if (!fs::is_directory(folder, ec)) continue;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const std::string name = entry.path().filename().string();
            const bool temp = name.size() > 1 && name[0] == '.' && name.find(kTempMark) != std::string::npos;
            const bool probe = name.rfind(kProbeMark, 0) == 0;
            if (!temp && !probe) continue;
            if (temp && parkgis_alive(pid_in_name(name))) continue;
            std::error_code size_ec;
            const auto bytes = entry.is_regular_file(size_ec) ? entry.file_size(size_ec) : 0;
            if (fs::remove(entry.path(), ec))
                done.push_back(fmt::format("{}: left by a run that was killed ({} bytes); removed",
                                           relative_to(entry.path().string(), m_folder), bytes));
        }
    }
    return done;
}

void refuse_output_over_input(const Project& project, const std::string& final_path, const std::string& stage) {
    std::error_code ec;
    const fs::path out = fs::absolute(final_path).lexically_normal();
    auto same = [&](const std::string& file) {
        if (file.empty() || file.rfind("PG:", 0) == 0 || file.rfind("/vsi", 0) == 0) return false;
        return fs::absolute(file).lexically_normal() == out || fs::equivalent(file, out, ec);
    };
    auto refuse = [&](const std::string& what) {
        throw OutputError(stage, fmt::format("{}: this output would overwrite {}; inputs are never overwritten: write "
                                             "elsewhere with -o (or `output:` in the project file)",
                                             out.string(), what));
    };
    if (same(project.file)) refuse("the project file");
    for (const auto& in : project.inputs) {
        if (same(in.path)) refuse(fmt::format("an input (inputs.{}, {})", in.role, in.yaml_location));
        // A Shapefile is several files: its .dbf, .shx, .prj and .cpg are read too.
        const fs::path p(in.path);
        const std::string ext = p.extension().string();
        if (ext == ".shp" || ext == ".SHP" || ext == ".dbf" || ext == ".DBF")
            for (const char* side : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx",
                                     ".SHP", ".SHX", ".DBF", ".PRJ", ".CPG"})
                if (same(fs::path(p).replace_extension(side).string()))
                    refuse(fmt::format("a side file of an input (inputs.{}, {})", in.role, in.yaml_location));
    }
    for (const auto& set : project.judge.rule_sets)
        if (same(set)) refuse(fmt::format("a rule set of judge.rule_sets ({})", set));
    const std::vector<std::pair<std::string, std::string>> tables = {
        {project.measure.landuse_table, "measure.landuse_table"},
        {project.evaluation.file, "evaluation.file"},
        {project.jobs_housing.activity_table, "jobs_housing.activity_table"},
        {project.jobs_housing.density_table, "jobs_housing.density_table"}};
    for (const auto& [file, key] : tables)
        if (same(file)) refuse(fmt::format("the file of {}", key));
}

void ensure_writable_folders(const std::vector<std::string>& paths) {
    static std::atomic<unsigned> probe_count{0};
    std::set<fs::path> probed;
    for (const auto& path : paths) {
        fs::path folder = fs::absolute(path).parent_path();
        std::error_code ec;
        if (fs::exists(path, ec) && fs::is_directory(path, ec))
            throw OutputError(kStage, fmt::format("{}: is a folder; the output needs this name for a file: move the "
                                                  "folder away or choose another output with -o",
                                                  path));
        fs::path existing = folder;
        while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
        if (existing.empty() || !fs::is_directory(existing, ec))
            throw OutputError(kStage, fmt::format("{}: the output folder {} cannot be created", path, folder.string()));
        if (!probed.insert(existing).second) continue;
        // A real probe, not access(2): root passes access() on read-only mounts and /proc. Its name is in the
        // signal handler's table before the file exists, so a Ctrl-C at this moment leaves nothing behind.
        const std::string probe =
            (existing / fmt::format("{}{}-{}", kProbeMark, ::getpid(), probe_count.fetch_add(1))).string();
        HandlersInstalled handlers;
        register_temp(probe);
        const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        const int error = errno;
        if (fd >= 0) {
            if (const char* delay = std::getenv("PARKGIS_TEST_PROBE_DELAY_MS"))  // test hook: a kill mid-probe
                ::usleep(static_cast<useconds_t>(std::atoi(delay)) * 1000);
            ::close(fd);
            ::unlink(probe.c_str());
        }
        unregister_temp(probe);
        if (fd < 0)
            throw OutputError(kStage, fmt::format("{}: the folder {} is not writable ({}); choose another output with -o",
                                                  path, existing.string(), std::strerror(error)));
    }
}

}  // namespace parkgis
