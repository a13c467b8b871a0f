#pragma once
// A run's outputs appear together or not at all (docs/reliability.md, "All-or-nothing output sets").
//
// Every output (GeoPackage, 坐标 TXT, report page, workbook, CSV tables) is written to a temporary file
// beside its final path; only when all of them are ready does commit() move them into place, under a
// commit journal, so that a run killed half-way through the moves is finished by the next run. Until then
// SIGINT, SIGTERM and SIGHUP remove the temporary files and leave the previous set byte-identical; after a
// SIGKILL the next run names and removes what was left.
#include <string>
#include <vector>

namespace parkgis {

struct Project;

class OutputSet {
public:
    // journal_folder: the GeoPackage's folder; stem: the GeoPackage's name without .gpkg (names the journal).
    OutputSet(std::string journal_folder, std::string stem);
    ~OutputSet();  // not committed: every temporary file removed, the previous outputs untouched
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // The temporary file to write final_path's content to (same folder, so the move is atomic).
    std::string add(const std::string& final_path);
    // The temporary file already added for final_path (the report reads the GeoPackage before it is moved).
    const std::string& temp_of(const std::string& final_path) const;
    // Whether this run writes final_path (parkgis report reads a GeoPackage written by an earlier run).
    bool contains(const std::string& final_path) const;
    // add() and write the bytes.
    void write(const std::string& final_path, const std::string& bytes);
    // An earlier run's output this run does not write again (a table it no longer has, the report of a
    // --no-report run): removed at commit, so the set on disk is this run's alone.
    void retire(const std::string& path);
    // Moves every file into place and removes the retired ones; signals are held off meanwhile.
    void commit();

    // Before the first file: an interrupted commit of an earlier run finished, and temporary files of killed
    // runs in `folders` removed. Returns one line per file, relative to the journal folder, for a finding.
    std::vector<std::string> recover(const std::vector<std::string>& folders);

    // The temporary name parkgis writes `final_path` to: ".<name>.parkgis-tmp-<pid>" beside it.
    static std::string temp_name(const std::string& final_path);

private:
    struct Entry {
        std::string final_path, temp_path;
    };
    std::string m_folder, m_journal;
    std::vector<Entry> m_entries;
    std::vector<std::string> m_retired;
    bool m_committed = false;
};

// Throws OutputError (naming the input's role) when final_path is one of the files the project reads: an
// input layer (with a Shapefile's side files), a rule set, a table, the project file itself.
void refuse_output_over_input(const Project& project, const std::string& final_path, const std::string& stage);

// Throws OutputError unless each path's folder exists (or can be created) and is writable, and no path is a
// folder. Each existing folder is probed once, however many of the paths lie in it.
void ensure_writable_folders(const std::vector<std::string>& paths);

}  // namespace parkgis
