#pragma once
// Outputs appear whole or not at all: write to a temp file in the target folder, then rename.
#include <string>

namespace parkgis {

class AtomicOutput {
public:
    explicit AtomicOutput(std::string final_path);
    ~AtomicOutput();  // removes the temp file unless committed
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& temp_path() const { return m_temp; }
    const std::string& final_path() const { return m_final; }
    void commit();  // rename(2) over the final path: atomic on one filesystem

private:
    std::string m_final, m_temp;
    bool m_committed = false;
};

// Writes bytes to path atomically.
void write_file_atomically(const std::string& path, const std::string& bytes);

// Throws OutputError unless path's folder exists (or can be created) and is writable.
void ensure_writable_folder(const std::string& path);

}  // namespace parkgis
