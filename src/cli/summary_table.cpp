#include "summary_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <vector>

#include "parkgis/units.hpp"

namespace parkgis::cli {

namespace {

// Terminal columns of a UTF-8 string: CJK and full-width forms take two.
size_t display_width(const std::string& s) {
    size_t width = 0;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        int len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
        else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += len;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

std::string pad(const std::string& s, size_t width, bool right = false) {
    const size_t w = display_width(s);
    const std::string fill(width > w ? width - w : 0, ' ');
    return right ? fill + s : s + fill;
}

std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right_align) {
    std::vector<size_t> widths(rows.front().size(), 0);
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], display_width(r[c]));
    std::string out;
    for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t c = 0; c < rows[i].size(); ++c) out += (c ? "  " : "") + pad(rows[i][c], widths[c], right_align[c]);
        out += "\n";
        if (i == 0) {
            size_t total = 0;
            for (auto w : widths) total += w + 2;
            out += std::string(total - 2, '-') + "\n";
        }
    }
    return out;
}

}  // namespace

std::string format_area_table(const Dataset& d) {
    std::vector<std::vector<std::string>> rows = {{"zone", "name", "kind", "declared km²", "measured km²",
                                                   "ellipsoidal km²", "公顷", "亩", "diff %", "QA"}};
    std::map<std::string, std::string> status;
    for (const auto& z : d.zones) status[z.zone_id] = z.qa_status;
    for (const auto& r : d.area_summary) {
        const double km2 = units::km2(r.area.planar_m2);
        std::string diff = "";
        if (r.declared_area_km2 && *r.declared_area_km2 != 0)
            diff = fmt::format("{:+.3f}", std::round(100000.0 * (km2 - *r.declared_area_km2) / *r.declared_area_km2) / 1000.0 + 0.0);
        rows.push_back({r.scope == "zone" ? r.id : "", r.name, r.kind,
                        r.declared_area_km2 ? fmt::format("{:.2f}", *r.declared_area_km2) : "–", fmt::format("{:.2f}", km2),
                        fmt::format("{:.4f}", units::km2(r.area.ellipsoidal_m2)), fmt::format("{:.2f}", units::ha(r.area.planar_m2)),
                        fmt::format("{:.1f}", units::mu(r.area.planar_m2)), diff, r.scope == "zone" ? status[r.id] : ""});
    }
    return fmt::format("Zone areas (working CRS EPSG:{}; 界址点 in EPSG:{}, zone {})\n", d.working_epsg, d.prefixed_epsg,
                       d.gk_zone) +
           table(rows, {false, false, false, true, true, true, true, true, true, false});
}

std::string format_findings_summary(const Dataset& d) {
    std::map<std::string, int> count;
    std::map<std::string, std::string> severity;
    for (const auto& f : d.findings) {
        ++count[f.check_id];
        severity[f.check_id] = severity_name(f.severity);
    }
    std::string out = fmt::format("Findings: {}\n", d.findings.size());
    size_t width = 0;
    for (const auto& kv : count) width = std::max(width, kv.first.size());
    for (const auto& [id, n] : count) out += fmt::format("  {:<{}} {:>4}  ({})\n", id, width, n, severity[id]);
    for (const auto& f : d.findings)
        if (f.severity == Severity::error) out += fmt::format("  ! {}\n", f.message_en);
    return out;
}

std::string format_indicator_table(const Dataset& d) {
    if (d.indicators.empty()) return "";
    // Columns: the core, each expansion cluster, the expansion total, core + expansion, and the change
    // the expansion brings (the 扩区 question).
    struct Column {
        std::string id, title;
    };
    std::vector<Column> columns;
    for (const auto& z : d.zones)
        if (z.group == "core") columns.push_back({z.zone_id, z.name});
    if (columns.size() > 1 || columns.empty()) columns.push_back({"core", "核心区"});
    size_t clusters = 0;
    for (const auto& z : d.zones)
        if (z.group == "expansion") {
            columns.push_back({z.zone_id, z.name});
            ++clusters;
        }
    if (clusters > 0) columns.push_back({"expansion", "扩区合计"});
    columns.push_back({"total", "核心区+扩区"});
    const bool compare = d.indicator("core", "area_zone") && clusters > 0;

    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"指标", "单位"};
    for (const auto& c : columns) header.push_back(c.title);
    if (compare) header.push_back("扩区后变化");
    rows.push_back(header);
    const std::vector<std::string> ids = {
        "area_A",          "land_development_rate", "land_supply_rate", "land_built_rate", "industrial_land_rate",
        "high_tech_land_rate", "composite_far",     "building_density", "industrial_far",
        "industrial_building_coefficient", "industrial_invest_intensity", "industrial_tax_per_ha",
        "composite_tax_per_ha", "industrial_output_intensity", "population_density", "built_land_per_capita",
        "idle_land_rate", "score"};
    auto number = [](const IndicatorRow* r) -> std::string {
        if (!r || !r->value) return "n/a";
        const double v = *r->value;
        if (r->unit == "" ) return fmt::format("{:.2f}", v);
        if (std::abs(v) >= 1000) return fmt::format("{:.0f}", v);
        return fmt::format("{:.2f}", v);
    };
    const IndicatorRow* first = nullptr;
    for (const auto& id : ids) {
        first = d.indicator("total", id);
        if (!first) continue;
        std::vector<std::string> row = {first->name_zh, first->unit.empty() ? "–" : first->unit};
        for (const auto& c : columns) row.push_back(number(d.indicator(c.id, id)));
        if (compare) {
            const IndicatorRow* core = d.indicator("core", id);
            if (core && core->value && first->value) row.push_back(fmt::format("{:+.2f}", *first->value - *core->value));
            else row.push_back("n/a");
        }
        rows.push_back(row);
    }
    std::vector<bool> right(rows.front().size(), true);
    right[0] = right[1] = false;
    std::string out = "TD/T 1029 indicators (core / clusters / expansion / total; n/a: see the indicators table)\n";
    out += table(rows, right);
    out += fmt::format("开发区类型: {} — {}\n", d.zone_type == "industrial_led" ? "工业主导型"
                                                : d.zone_type == "integrated"   ? "产城融合型"
                                                                                : "其他",
                       d.zone_type_reason);
    return out;
}

}  // namespace parkgis::cli
