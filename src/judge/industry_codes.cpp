#include "parkgis/judge/industry_codes.hpp"

#include <fmt/format.h>

#include <cctype>

#include "../core/csv_table.hpp"
#include "parkgis/errors.hpp"

namespace parkgis {

IndustryCrosswalk IndustryCrosswalk::load(const std::string& path) {
    IndustryCrosswalk table;
    bool header = false;
    const bool readable = detail::for_each_csv_row(path, [&](int line, const std::vector<std::string>& cells) {
        if (!header) {
            if (cells.size() < 4 || cells[0] != "from_edition" || cells[1] != "from_code" || cells[3] != "to_code")
                throw RuleError("rules", fmt::format("{}:{}: expected the header from_edition,from_code,to_edition,to_code,"
                                                     "from_name,to_name,note",
                                                     path, line));
            header = true;
            return;
        }
        if (cells.size() < 4 || normalise(cells[1]).empty())
            throw RuleError("rules", fmt::format("{}:{}: a row needs from_edition, from_code, to_edition, to_code", path, line));
        Target t{normalise(cells[3]), cells.size() > 4 ? cells[4] : "", cells.size() > 5 ? cells[5] : "",
                 cells.size() > 6 ? cells[6] : ""};
        table.m_rows[{cells[0], cells[2]}][normalise(cells[1])] = t;
    });
    if (!readable) throw RuleError("rules", fmt::format("{}: the GB/T 4754 crosswalk cannot be read", path));
    return table;
}

std::string IndustryCrosswalk::normalise(const std::string& raw) {
    std::string c = detail::trim(raw);
    if (c.size() > 2 && c.compare(c.size() - 2, 2, ".0") == 0) c.resize(c.size() - 2);
    if (!c.empty() && std::isalpha(static_cast<unsigned char>(c[0]))) c.erase(0, 1);
    for (char ch : c)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return "";
    return c;
}

IndustryCrosswalk::Converted IndustryCrosswalk::convert(const std::string& raw, const std::string& from,
                                                        const std::string& to) const {
    const std::string code = normalise(raw);
    if (code.size() < 2) return {"", fmt::format("industry code '{}' is not a GB/T 4754 code of two or more digits", raw)};
    if (from == to) return {code, ""};
    auto rows = m_rows.find({from, to});
    if (rows == m_rows.end()) return {"", fmt::format("no crosswalk from {} to {}", from, to)};
    for (size_t n = code.size(); n >= 2; --n) {
        auto it = rows->second.find(code.substr(0, n));
        if (it == rows->second.end()) continue;
        if (it->second.code.empty())
            return {"", fmt::format("{} {} ({}) has no single {} counterpart: {}", from, code, it->second.from_name, to,
                                    it->second.note)};
        return {it->second.code, fmt::format("{} {} → {} {} {}", from, code, to, it->second.code, it->second.to_name)};
    }
    return {"", fmt::format("{} code {} is not in the crosswalk to {} (manufacturing divisions 13–43 only)", from, code, to)};
}

std::string IndustryCrosswalk::name_of(const std::string& raw, const std::string& edition) const {
    const std::string code = normalise(raw);
    for (const auto& [editions, rows] : m_rows) {
        if (editions.first != edition) continue;
        if (auto it = rows.find(code); it != rows.end() && !it->second.from_name.empty()) return it->second.from_name;
    }
    return "";
}

}  // namespace parkgis
