#pragma once
// The bundled lookup tables (layers/…/*.csv): UTF-8, an optional BOM, '#' comment lines, plain
// comma-separated cells; a cell may be quoted ("a, b", with "" for a quote), as Excel saves it.
// Internal to libparkgis.
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace parkgis::detail {

inline std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

inline std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false, was_quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && trim(cell).empty()) {
            quoted = was_quoted = true;
            cell.clear();
        } else if (c == ',') {
            out.push_back(was_quoted ? cell : trim(cell));
            cell.clear();
            was_quoted = false;
        } else {
            cell += c;
        }
    }
    out.push_back(was_quoted ? cell : trim(cell));
    return out;
}

// Calls row(line number, cells) for every data line, header included; false when the file cannot be read.
inline bool for_each_csv_row(const std::string& path,
                             const std::function<void(int, const std::vector<std::string>&)>& row) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty() || line[0] == '#') continue;
        row(line_no, split_csv_line(line));
    }
    return true;
}

}  // namespace parkgis::detail
