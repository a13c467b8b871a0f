#include "parkgis/measure/parcels.hpp"

#include <fmt/format.h>

#include <map>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "parkgis/errors.hpp"
#include "parkgis/normalize/geometry_repair.hpp"
#include "parkgis/units.hpp"
#include "../core/csv_table.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "measure";
constexpr const char* kClassSource =
    "TD/T 1029（2014年度试行）土地利用状况调查分类；用地代码的对应为解读 (code mapping: a reading)";

using detail::trim;

std::string normalise_code(const std::string& raw, const std::string& system) {
    std::string c = trim(raw);
    for (auto& ch : c)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    // Numeric codes read from a number column lose their leading zero (0601 → 601).
    const bool numeric = !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (numeric && system != "GB50137-2011" && c.size() % 2 == 1) c = "0" + c;
    return c;
}

}  // namespace

void LanduseTable::add(LanduseClass c) {
    auto key = std::make_pair(c.system, c.code);
    m_rows[key] = std::move(c);
}

LanduseTable LanduseTable::load(const std::string& path) {
    static const std::vector<std::string> valid = {"A1",  "A2",  "A31", "A32", "A4", "A51", "A52", "A6",
                                                   "B11", "B12", "B2",  "C1",  "C2", "C3"};
    LanduseTable table;
    bool header_seen = false;
    const bool readable = detail::for_each_csv_row(path, [&](int line_no, const std::vector<std::string>& cells) {
        if (!header_seen) {
            if (cells.size() < 4 || cells[0] != "system" || cells[1] != "code" || cells[3] != "tdt_class")
                throw InputError(kStage, fmt::format("{}:{}: expected the header system,code,name_zh,tdt_class,status[,map_class]",
                                                     path, line_no));
            header_seen = true;
            return;
        }
        if (cells.size() < 4)
            throw InputError(kStage, fmt::format("{}:{}: a row needs system, code, name_zh and tdt_class", path, line_no));
        if (std::find(valid.begin(), valid.end(), cells[3]) == valid.end())
            throw InputError(kStage, fmt::format("{}:{}: '{}' is not a TD/T 1029 class; use one of A1 A2 A31 A32 A4 A51 "
                                                 "A52 A6 B11 B12 B2 C1 C2 C3",
                                                 path, line_no, cells[3]));
        LanduseClass c{cells[0], normalise_code(cells[1], cells[0]), cells[2], cells[3], cells.size() > 4 ? cells[4] : "",
                       cells.size() > 5 ? cells[5] : ""};
        table.add(std::move(c));
    });
    if (!readable)
        throw InputError(kStage, fmt::format("{}: the land-use class table cannot be read; check measure.landuse_table",
                                             path));
    if (!header_seen) throw InputError(kStage, fmt::format("{}: the land-use class table is empty", path));
    return table;
}

const LanduseClass* LanduseTable::find(const std::string& system, const std::string& code) const {
    const std::string c = normalise_code(code, system);
    for (size_t n = c.size(); n > 0; --n) {
        auto it = m_rows.find({system, c.substr(0, n)});
        if (it != m_rows.end()) return &it->second;
    }
    return nullptr;
}

std::string landuse_system_of(const std::string& code, const std::string& configured) {
    if (configured != "auto") return configured;
    const std::string c = trim(code);
    if (!c.empty() && std::isalpha(static_cast<unsigned char>(c[0]))) return "GB50137-2011";
    return "";
}

SupplyStatus parse_supply_status(const std::string& raw) {
    const std::string t = trim(raw);
    auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
    std::string lower = t;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (has("不可供应") || lower == "not_suppliable" || lower == "f") return {"F", false};
    if (has("未供应") || has("尚可") || lower.rfind("available", 0) == 0 || lower == "e" || lower == "e1" ||
        lower == "e21" || lower == "e22") {
        const bool ready = has("已达") || lower == "available_ready";
        const bool not_ready = has("未达") || lower == "available_not_ready";
        return {"E", ready && !not_ready};
    }
    if (has("已供应") || has("出让") || has("划拨") || lower == "supplied" || lower == "granted" ||
        lower == "allocated" || lower == "d" || lower == "d1" || lower == "d21" || lower == "d22")
        return {"D", true};
    return {"", false};
}

std::vector<ParcelRecord> classify_parcels(const Layer& layer, const LanduseTable& table,
                                           const MeasureSettings& settings, std::vector<Finding>& findings) {
    std::vector<ParcelRecord> out;
    out.reserve(layer.features.size());
    // Parcels with the same check and cause make one finding (a missing mapping is one finding, not one per
    // parcel): its message is made once the parcels are counted.
    struct Group {
        const char* check;
        std::string cause;  // what the parcels share: the code, the text given, the class taken
        std::vector<std::string> parcels;
        double area_m2 = 0;
    };
    std::vector<Group> groups;
    std::map<std::pair<std::string, std::string>, size_t> group_of;
    auto finding = [&](const ParcelRecord& p, const char* check, std::string cause) {
        auto [it, added] = group_of.emplace(std::make_pair(std::string(check), cause), groups.size());
        if (added) groups.push_back({check, std::move(cause), {}, 0});
        groups[it->second].parcels.push_back(p.parcel_id);
        groups[it->second].area_m2 += p.area_m2;
    };
    for (size_t i = 0; i < layer.features.size(); ++i) {
        const Feature& feat = layer.features[i];
        ParcelRecord p;
        p.feature = i;
        p.parcel_id = feat.id;
        p.area_m2 = feat.geometry ? polygonal_area(*feat.geometry) : 0.0;
        p.landuse_code = feat.text("landuse").value_or("");
        p.industry_code = feat.text("industry_code").value_or("");
        p.idle = feat.number("idle").value_or(0) != 0;
        p.high_tech = feat.number("high_tech").value_or(0) != 0;
        p.yard_m2 = feat.number("yard_area_m2");
        p.admin_m2 = feat.number("admin_area_m2");
        p.green_m2 = feat.number("green_area_m2");
        p.invest_10k_cny = feat.number("invest_10k_cny");
        p.tax_10k_cny = feat.number("tax_10k_cny");
        p.output_10k_cny = feat.number("output_10k_cny");
        const auto supply = parse_supply_status(feat.text("supply_status").value_or(""));
        p.supply = supply.code;

        p.landuse_system = landuse_system_of(p.landuse_code, settings.landuse_codes);
        if (p.landuse_system.empty())
            throw InputError(kStage, fmt::format("{}, parcel {}: numeric land-use code '{}' may be 用地用海 2023 or 三调 "
                                                 "(they share numbers); set measure.landuse_codes in the project file",
                                                 layer.describe(), p.parcel_id, p.landuse_code));
        const LanduseClass* cls = p.landuse_code.empty() ? nullptr : table.find(p.landuse_system, p.landuse_code);
        if (cls) p.landuse_name = cls->name_zh;
        if (cls) p.landuse_map_class = cls->map_class;
        const auto built_flag = feat.number("built");
        const std::string base = cls ? cls->tdt_class : "";
        if (!built_flag && cls) finding(p, "MEASURE-PARCEL-BUILT-MISSING", base[0] == 'A' ? "built" : "not built");
        p.built = built_flag ? *built_flag != 0 : (cls && base[0] == 'A');

        if (!cls) {
            finding(p, "MEASURE-LANDUSE-UNKNOWN", fmt::format("'{}' ({})", p.landuse_code, p.landuse_system));
        } else if (base[0] == 'C') {
            p.tdt_class = base;  // 不可建设: water, protected, other
        } else if (p.built && base[0] == 'A') {
            p.tdt_class = base;
        } else if (p.built && (base == "B11" || base == "B12")) {
            p.tdt_class = base;
        } else if (p.built) {  // an unbuilt-land code on a built parcel
            p.tdt_class = "A6";
            finding(p, "MEASURE-PARCEL-BUILT-CONFLICT", fmt::format("{}（{}）", p.landuse_code, p.landuse_name));
        } else {
            // 已达到供地条件 (B21): supplied, or available and ready (征地手续已办, 三通一平).
            p.tdt_class = (p.supply == "D" || (p.supply == "E" && supply.ready_to_supply)) ? "B21" : "B22";
        }
        if (cls && p.supply.empty())
            finding(p, "MEASURE-SUPPLY-UNKNOWN", fmt::format("'{}'", feat.text("supply_status").value_or("")));
        if (p.idle && p.supply != "D") {
            finding(p, "MEASURE-IDLE-NOT-SUPPLIED", "");
            p.idle = false;
        }
        out.push_back(std::move(p));
    }
    for (auto& g : groups) {
        const size_t n = g.parcels.size();
        const std::string ids = first_subjects(g.parcels);
        const std::string check = g.check;
        std::string zh, en;
        if (check == "MEASURE-PARCEL-BUILT-MISSING") {
            zh = fmt::format("{} 个地块缺少建设状况（built），按用地代码推定为{}：{}", n,
                             g.cause == "built" ? "已建成" : "未建成", ids);
            en = fmt::format("{} parcel(s) have no built flag; taken as {} from their land-use codes: {}", n, g.cause, ids);
        } else if (check == "MEASURE-LANDUSE-UNKNOWN") {
            zh = fmt::format("{} 个地块的用地代码 {} 不在分类对照表中，未计入各类用地；面积 {:.1f} m² 仍计入总面积：{}", n,
                             g.cause, g.area_m2, ids);
            en = fmt::format("{} parcel(s): land-use code {} is not in the class table; their {:.1f} m² count in the total "
                             "area but in no class. Add the code to measure.landuse_table: {}",
                             n, g.cause, g.area_m2, ids);
        } else if (check == "MEASURE-PARCEL-BUILT-CONFLICT") {
            zh = fmt::format("{} 个地块标为已建成，但用地代码 {} 为未建设用地，按 A6 其他城镇建设用地计：{}", n, g.cause, ids);
            en = fmt::format("{} parcel(s) are marked built but their code {} is unbuilt land; counted as A6: {}", n,
                             g.cause, ids);
        } else if (check == "MEASURE-SUPPLY-UNKNOWN") {
            zh = fmt::format("{} 个地块的供应状况 {} 无法识别，未计入已供应/尚可供应/不可供应：{}", n, g.cause, ids);
            en = fmt::format("{} parcel(s): supply status {} is not recognised (已供应…/未供应-已达供地条件/"
                             "未供应-未达供地条件/不可供应); they count in no supply class: {}",
                             n, g.cause, ids);
        } else {  // MEASURE-IDLE-NOT-SUPPLIED
            zh = fmt::format("{} 个地块标为闲置但未供应；闲置土地须为已供应土地，不计入闲置：{}", n, ids);
            en = fmt::format("{} parcel(s) are marked idle but not supplied; idle land must be supplied land, so they are "
                             "not counted as idle: {}",
                             n, ids);
        }
        Finding f{g.check, Severity::warning, "parcels", ids, static_cast<double>(n), {}, "parcels", std::move(zh),
                  std::move(en), kClassSource, {}};
        f.subjects = std::move(g.parcels);
        findings.push_back(std::move(f));
    }
    return out;
}

namespace {

// Building-derived shares and ratios are per the parcel's land area; money per 公顷 (ha) or 亩.
std::optional<double> per_area_pct(const ParcelRecord& p, double m2) { return 100.0 * m2 / p.area_m2; }
std::optional<double> per_ha(const std::optional<double>& v, const ParcelRecord& p) {
    if (!v) return std::nullopt;
    return *v / units::ha(p.area_m2);
}
std::optional<double> per_mu(const std::optional<double>& v, const ParcelRecord& p) {
    if (!v) return std::nullopt;
    return *v / units::mu(p.area_m2);
}

}  // namespace

// The per-parcel ratios: 工业项目建设用地控制指标 definitions (S8), the parcel-level 亩均 measures and the
// TD/T 1029 shares. Adding one is one entry here.
const std::vector<ParcelMetricDefinition>& parcel_metric_definitions() {
    using R = ParcelRecord;
    static const std::vector<ParcelMetricDefinition> list = {
        {"far", "容积率", "Floor-area ratio", "", "容积率", "", "", true,
         [](const R& p) -> std::optional<double> { return p.gfa_m2 / p.area_m2; }},
        {"far_control", "容积率（控制指标口径，层高>8m加倍）", "Floor-area ratio (storeys over 8 m double)", "",
         "容积率（控制指标口径）", "", "", true,
         [](const R& p) -> std::optional<double> { return p.far_gfa_m2 / p.area_m2; }},
        {"building_density_pct", "建筑密度", "Building density", "%", "建筑密度(%)", "", "", true,
         [](const R& p) { return per_area_pct(p, p.footprint_m2); }},
        // Buildings, structures and yards; with no yards recorded, the buildings alone.
        {"building_coefficient_pct", "建筑系数", "Building coefficient", "%", "建筑系数(%)", "", "", true,
         [](const R& p) { return per_area_pct(p, p.footprint_m2 + p.yard_m2.value_or(0.0)); }},
        {"invest_10k_cny_per_ha", "投资强度", "Investment intensity", "万元/ha", "投资强度(万元/公顷)",
         "invest_10k_cny", "固定资产投资", false, [](const R& p) { return per_ha(p.invest_10k_cny, p); }},
        {"invest_10k_cny_per_mu", "投资强度（亩）", "Investment intensity per mu", "万元/亩", "投资强度(万元/亩)",
         "invest_10k_cny", "固定资产投资", false, [](const R& p) { return per_mu(p.invest_10k_cny, p); }},
        {"tax_10k_cny_per_ha", "地均税收", "Tax per hectare", "万元/ha", "地均税收(万元/公顷)", "tax_10k_cny", "税收",
         false, [](const R& p) { return per_ha(p.tax_10k_cny, p); }},
        // 亩均税收, the measure of 亩均论英雄 evaluations: tax ÷ land in 亩 (1 亩 = 10000/15 m²).
        {"tax_10k_cny_per_mu", "亩均税收", "Tax per mu", "万元/亩", "亩均税收(万元/亩)", "tax_10k_cny", "税收", false,
         [](const R& p) { return per_mu(p.tax_10k_cny, p); }},
        {"output_10k_cny_per_ha", "土地产出率", "Output per hectare", "万元/ha", "产出强度(万元/公顷)",
         "output_10k_cny", "产值", false, [](const R& p) { return per_ha(p.output_10k_cny, p); }},
        {"admin_share_pct", "行政办公及生活服务设施用地所占比重", "Admin and living-service land share", "%",
         "行政办公及生活服务设施用地比重(%)", "admin_area_m2", "行政办公及生活服务设施用地面积", false,
         [](const R& p) -> std::optional<double> {
             if (!p.admin_m2) return std::nullopt;
             return per_area_pct(p, *p.admin_m2);
         }},
        {"green_ratio_pct", "绿地率", "Green-space ratio", "%", "绿地率(%)", "green_area_m2", "绿地面积", false,
         [](const R& p) -> std::optional<double> {
             if (!p.green_m2) return std::nullopt;
             return per_area_pct(p, *p.green_m2);
         }},
    };
    return list;
}

int parcel_metric_index(const std::string& id) {
    const auto& list = parcel_metric_definitions();
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].id == id) return static_cast<int>(i);
    return -1;
}

ParcelMetrics parcel_metrics(const ParcelRecord& p) {
    const auto& definitions = parcel_metric_definitions();
    ParcelMetrics m;
    m.area_ha = units::ha(p.area_m2);
    m.area_mu = units::mu(p.area_m2);
    m.values.resize(definitions.size());
    if (p.area_m2 <= 0) return m;
    for (size_t i = 0; i < definitions.size(); ++i) m.values[i] = definitions[i].formula(p);
    return m;
}

}  // namespace parkgis
