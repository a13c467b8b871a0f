#include "parkgis/project.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "parkgis/errors.hpp"
#include "text.hpp"
#include "yaml_reader.hpp"

namespace fs = std::filesystem;

namespace parkgis {

using T = CanonicalField::Type;

const std::vector<std::string>& known_roles() {
    static const std::vector<std::string> roles = {"zones",       "parcels",    "buildings", "enterprises", "population",
                                                   "constraints", "zone_stats", "commuting", "study_area",  "neighbours"};
    return roles;
}

const std::vector<CanonicalField>& canonical_fields(const std::string& role) {
    // docs/project-file.md lists them. Identifiers and names are text; amounts are real.
    static const std::map<std::string, std::vector<CanonicalField>> table = {
        {"zones",
         {{"zone_id", T::text, true},
          {"name", T::text, true},
          {"kind", T::text, true},
          {"parent_id", T::text, false},
          {"declared_area_km2", T::real, false}}},
        {"parcels",
         {{"parcel_id", T::text, true},     {"landuse", T::text, true},         {"industry_code", T::text, false},
          {"supply_status", T::text, false}, {"built", T::integer, false},      {"idle", T::integer, false},
          {"high_tech", T::integer, false},  {"invest_10k_cny", T::real, false}, {"tax_10k_cny", T::real, false},
          {"output_10k_cny", T::real, false}, {"admin_area_m2", T::real, false}, {"green_area_m2", T::real, false},
          {"yard_area_m2", T::real, false}}},
        {"buildings",
         {{"building_id", T::text, true},
          {"floors", T::real, false},
          {"height_m", T::real, false},
          {"gfa_m2", T::real, false},
          {"use", T::text, false},
          {"storey_height_m", T::real, false}}},
        {"enterprises",
         {{"name", T::text, true},
          {"industry_code", T::text, false},
          {"high_tech", T::integer, false},
          {"revenue_10k_cny", T::real, false},
          {"rd_10k_cny", T::real, false},
          {"employees", T::real, false},
          {"invention_patents", T::real, false},
          {"energy_tce", T::real, false},
          {"value_added_10k_cny", T::real, false}}},
        {"population", {{"residents", T::real, false}, {"workers", T::real, false}, {"households", T::real, false}}},
        {"commuting", {{"home_id", T::text, true}, {"work_id", T::text, true}, {"count", T::real, true}}},
        {"study_area", {}},
        {"neighbours", {{"name", T::text, true}}},  // roads, rivers, villages: what a zone's 四至 names
        {"constraints", {{"kind", T::text, false}, {"name", T::text, false}}},
        {"zone_stats", {{"zone_id", T::text, true}}},
    };
    auto it = table.find(role);
    static const std::vector<CanonicalField> none;
    return it == table.end() ? none : it->second;
}

const InputSpec* Project::input(const std::string& role) const {
    for (const auto& in : inputs)
        if (in.role == role) return &in;
    return nullptr;
}

std::vector<const InputSpec*> Project::inputs_of(const std::string& role) const {
    std::vector<const InputSpec*> out;
    for (const auto& in : inputs)
        if (in.role == role) out.push_back(&in);
    return out;
}

namespace {

constexpr const char* kStage = "project";

using Reader = detail::YamlReader;

// The keys of layers/measure/parameters.yaml, which a project's `measure:` section may override.
void apply_measure_settings(const Reader& r, const YAML::Node& m, MeasureSettings& s, const std::string& folder) {
    r.only_keys(m,
                {"landuse_codes", "landuse_table", "storey_height_m", "double_count_storey_over_m",
                 "floors_max_plausible", "value_max_plausible", "text_max_characters", "missing_floors", "split_report_pct",
                 "industrial_uses"},
                "measure");
    if (m["landuse_codes"]) {
        s.landuse_codes = r.text(m["landuse_codes"], "landuse_codes");
        static const std::set<std::string> systems = {"auto", "GB50137-2011", "用地用海2023", "三调"};
        if (!systems.count(s.landuse_codes))
            r.fail(m["landuse_codes"], "landuse_codes must be auto, GB50137-2011, 用地用海2023 or 三调");
    }
    if (m["landuse_table"]) {
        fs::path t = r.text(m["landuse_table"], "landuse_table");
        s.landuse_table = (t.is_relative() ? fs::path(folder) / t : t).lexically_normal().string();
    }
    if (const auto& h = m["storey_height_m"]) {
        r.only_keys(h, {"industrial", "other"}, "measure.storey_height_m");
        if (h["industrial"]) s.storey_height_industrial_m = r.non_negative(h["industrial"], "storey_height_m.industrial");
        if (h["other"]) s.storey_height_other_m = r.non_negative(h["other"], "storey_height_m.other");
    }
    if (m["double_count_storey_over_m"])
        s.double_count_storey_over_m = r.non_negative(m["double_count_storey_over_m"], "double_count_storey_over_m");
    if (m["floors_max_plausible"]) s.floors_max_plausible = r.non_negative(m["floors_max_plausible"], "floors_max_plausible");
    if (m["value_max_plausible"]) s.value_max_plausible = r.non_negative(m["value_max_plausible"], "value_max_plausible");
    if (m["text_max_characters"]) s.text_max_characters = r.non_negative(m["text_max_characters"], "text_max_characters");
    if (m["missing_floors"]) {
        s.missing_floors = r.text(m["missing_floors"], "missing_floors");
        if (s.missing_floors != "skip" && s.missing_floors != "one_floor")
            r.fail(m["missing_floors"], "missing_floors must be skip (no floor area) or one_floor (assume one storey)");
    }
    if (m["split_report_pct"]) s.split_report_pct = r.non_negative(m["split_report_pct"], "split_report_pct");
    if (m["industrial_uses"]) s.industrial_uses = r.text_list(m["industrial_uses"], "industrial_uses");
}

void parse_evaluation(const Reader& r, const YAML::Node& e, EvaluationSettings& s, const std::string& folder) {
    r.only_keys(e, {"file", "zone_type", "ideal_values", "area_weights", "population_field", "zone_stats_rows"},
                "evaluation");
    if (e["file"]) {
        fs::path f = r.text(e["file"], "file");
        s.file = (f.is_relative() ? fs::path(folder) / f : f).lexically_normal().string();
    }
    if (e["zone_type"]) {
        s.zone_type = r.text(e["zone_type"], "zone_type");
        if (s.zone_type != "auto" && s.zone_type != "industrial_led" && s.zone_type != "integrated")
            r.fail(e["zone_type"], "zone_type must be auto (2014 rule), industrial_led (工业主导型) or integrated (产城融合型)");
    }
    if (const auto& iv = e["ideal_values"]) {
        if (!iv.IsMap()) r.fail(iv, "ideal_values maps indicator ids to 理想值, e.g. land_supply_rate: 100");
        for (const auto& kv : iv) {
            const auto id = r.key(kv.first);
            if (kv.second.IsMap()) {  // inverse indicators: {ideal: 0, worst: 10}
                r.only_keys(kv.second, {"ideal", "worst"}, "ideal_values." + id);
                if (!kv.second["ideal"] || !kv.second["worst"])
                    r.fail(kv.second, fmt::format("ideal_values.{} needs both 'ideal' and 'worst'", id));
                s.ideal_values[id] = r.number(kv.second["ideal"], id + ".ideal");
                s.worst_values[id] = r.number(kv.second["worst"], id + ".worst");
                if (s.worst_values[id] == s.ideal_values[id])
                    r.fail(kv.second, fmt::format("ideal_values.{}: 'worst' must differ from 'ideal'", id));
            } else {
                s.ideal_values[id] = r.number(kv.second, "ideal_values." + id);
                if (s.ideal_values[id] <= 0)
                    r.fail(kv.second, fmt::format("ideal_values.{} must be positive (实现度 = value / 理想值)", id));
            }
        }
    }
    if (const auto& w = e["area_weights"]) {
        r.only_keys(w, {"main", "direction"}, "evaluation.area_weights");
        if (!w["main"] || !w["direction"]) r.fail(w, "area_weights needs main (主区) and direction (发展方向区)");
        s.main_weight = r.non_negative(w["main"], "area_weights.main");
        s.direction_weight = r.non_negative(w["direction"], "area_weights.direction");
        if (std::abs(*s.main_weight + *s.direction_weight - 1.0) > 1e-9) r.fail(w, "area_weights must add up to 1");
    }
    if (e["population_field"]) s.population_field = r.text(e["population_field"], "population_field");
    if (const auto& z = e["zone_stats_rows"]) {
        if (!z.IsMap()) r.fail(z, "zone_stats_rows maps a scope (zone id, core, expansion, total) to a zone_stats row id");
        for (const auto& kv : z) s.zone_stats_rows[r.key(kv.first)] = r.text(kv.second, "zone_stats_rows");
    }
}

// The keys of layers/measure/jobs_housing.yaml, which a project's `jobs_housing:` section may override.
void apply_jobs_housing_settings(const Reader& r, const YAML::Node& j, JobsHousingSettings& s,
                                 const std::string& folder) {
    r.only_keys(j,
                {"enabled", "jobs_source", "activity_table", "density_table", "floor_area_per_resident_m2",
                 "employment_ratio", "persons_per_household", "floor_area_per_dwelling_m2", "bands",
                 "catchment_radii_m", "complete_coverage_pct", "grid_cell_m", "window_radius_m", "window_shape",
                 "stats_jobs_field", "stats_difference_report_pct"},
                "jobs_housing");
    auto positive = [&](const char* key) {
        const double v = r.number(j[key], key);
        if (!(v > 0)) r.fail(j[key], fmt::format("'{}' must be greater than zero", key));
        return v;
    };
    auto path = [&](const char* key) {
        fs::path t = r.text(j[key], key);
        return (t.is_relative() ? fs::path(folder) / t : t).lexically_normal().string();
    };
    if (j["enabled"]) {
        s.enabled = r.flag(j["enabled"], "jobs_housing.enabled");
    }
    if (j["jobs_source"]) {
        s.jobs_source = r.text(j["jobs_source"], "jobs_source");
        if (s.jobs_source != "auto" && s.jobs_source != "enterprises" && s.jobs_source != "floor_area")
            r.fail(j["jobs_source"], "jobs_source must be auto (enterprise employees where given, floor area "
                                     "elsewhere), enterprises or floor_area");
    }
    if (j["activity_table"]) s.activity_table = path("activity_table");
    if (j["density_table"]) s.density_table = path("density_table");
    if (j["floor_area_per_resident_m2"]) s.floor_area_per_resident_m2 = positive("floor_area_per_resident_m2");
    if (j["employment_ratio"]) {
        s.employment_ratio = positive("employment_ratio");
        if (s.employment_ratio > 1) r.fail(j["employment_ratio"], "employment_ratio is a share of residents (0 to 1)");
    }
    if (j["persons_per_household"]) s.persons_per_household = positive("persons_per_household");
    if (j["floor_area_per_dwelling_m2"]) s.floor_area_per_dwelling_m2 = positive("floor_area_per_dwelling_m2");
    if (const auto& b = j["bands"]) {
        if (!b.IsSequence() || b.size() == 0)
            r.fail(b, "bands is a list of {id, zh, en, min, max}, ascending, one of them balanced: true");
        s.bands.clear();
        for (const auto& item : b) {
            r.only_keys(item, {"id", "zh", "en", "min", "max", "balanced"}, "jobs_housing.bands");
            JobsHousingBand band;
            if (!item["id"] || !item["zh"]) r.fail(item, "each band needs an id and a Chinese name (zh)");
            band.id = r.text(item["id"], "id");
            band.name_zh = r.text(item["zh"], "zh");
            band.name_en = item["en"] ? r.text(item["en"], "en") : band.id;
            if (item["min"]) band.min = r.non_negative(item["min"], "min");
            if (item["max"]) band.max = r.non_negative(item["max"], "max");
            if (item["balanced"]) band.balanced = r.flag(item["balanced"], "balanced");
            if (band.min && band.max && !(*band.min < *band.max)) r.fail(item, "a band's min must be below its max");
            if (!s.bands.empty() && (!s.bands.back().max || !band.min || *s.bands.back().max != *band.min))
                r.fail(item, "bands must be ascending and contiguous: each band's min is the previous band's max");
            s.bands.push_back(band);
        }
        if (s.bands.front().min || s.bands.back().max)
            r.fail(b, "the first band has no min and the last no max, so that every ratio has a class");
        if (std::count_if(s.bands.begin(), s.bands.end(), [](const auto& x) { return x.balanced; }) != 1 ||
            std::any_of(s.bands.begin(), s.bands.end(), [](const auto& x) { return x.balanced && (!x.min || !x.max); }))
            r.fail(b, "exactly one band is balanced: true, and it has both min and max");
    }
    if (const auto& c = j["catchment_radii_m"]) {
        if (!c.IsSequence()) r.fail(c, "catchment_radii_m is a list of buffer radii in metres, e.g. [1000, 5000]");
        s.catchment_radii_m.clear();
        for (const auto& v : c) {
            const double radius = r.number(v, "catchment_radii_m");
            if (!(radius > 0) || (!s.catchment_radii_m.empty() && radius <= s.catchment_radii_m.back()))
                r.fail(v, "catchment radii must be positive and ascending");
            s.catchment_radii_m.push_back(radius);
        }
    }
    if (j["complete_coverage_pct"]) {
        s.complete_coverage_pct = r.non_negative(j["complete_coverage_pct"], "complete_coverage_pct");
        if (s.complete_coverage_pct > 100) r.fail(j["complete_coverage_pct"], "complete_coverage_pct is at most 100");
    }
    if (j["grid_cell_m"]) s.grid_cell_m = positive("grid_cell_m");
    if (j["window_radius_m"]) s.window_radius_m = r.non_negative(j["window_radius_m"], "window_radius_m");
    if (j["window_shape"]) {
        s.window_shape = r.text(j["window_shape"], "window_shape");
        if (s.window_shape != "square" && s.window_shape != "circle")
            r.fail(j["window_shape"], "window_shape must be square (summed-area table) or circle");
    }
    if (j["stats_jobs_field"]) s.stats_jobs_field = r.text(j["stats_jobs_field"], "stats_jobs_field");
    if (j["stats_difference_report_pct"])
        s.stats_difference_report_pct = r.non_negative(j["stats_difference_report_pct"], "stats_difference_report_pct");
    // The grid's cost grows with (extent ÷ cell)² and its window with (radius ÷ cell)²: bounds that keep a
    // city-wide grid in memory and the GeoPackage small, far from any 职住 analysis's needs (cells of
    // 250–1000 m, windows of one to a few km).
    constexpr double kMinCellM = 50, kMaxWindowCells = 100;
    if (s.grid_cell_m > 0 && s.grid_cell_m < kMinCellM)
        r.fail(j["grid_cell_m"] ? j["grid_cell_m"] : j,
               fmt::format("grid_cell_m {:g} is finer than {:g} m, finer than any jobs-housing grid needs (250–1000 m "
                           "is usual); raise it",
                           s.grid_cell_m, kMinCellM));
    if (s.grid_cell_m > 0 && s.window_radius_m / s.grid_cell_m > kMaxWindowCells)
        r.fail(j["window_radius_m"] ? j["window_radius_m"] : j,
               fmt::format("window_radius_m {:g} is {:g} cells of grid_cell_m {:g}; at most {:g} cells: raise grid_cell_m "
                           "to at least {:g} or shorten the window",
                           s.window_radius_m, s.window_radius_m / s.grid_cell_m, s.grid_cell_m, kMaxWindowCells,
                           s.window_radius_m / kMaxWindowCells));
}

void parse_judge(const Reader& r, const YAML::Node& j, JudgeSettings& s, const std::string& folder) {
    r.only_keys(j, {"rule_sets", "zone_level", "region_tier", "industry_code_edition", "parameters", "overrides"},
                "judge");
    if (j["rule_sets"]) {
        s.rule_sets.clear();
        for (auto& id : r.text_list(j["rule_sets"], "rule_sets")) {
            // TD/T 1029's 理想值 are set by the evaluators for scoring: an indicator below its ideal value is a
            // 实现度 under 100 %, not a failure, so they are evaluated (indicators: 实现度, score), never judged.
            if (id == "tdt1029-2014")
                r.fail(j["rule_sets"], "tdt1029-2014 is no longer a rule set: TD/T 1029 理想值 are evaluated, not judged "
                                       "pass/fail (the indicators table gives each one's 实现度 and score, from "
                                       "evaluation.ideal_values); remove it from judge.rule_sets");
            // A path (has a slash or ends in .yaml) is resolved against the project folder; else a bundled id.
            const bool is_path = id.find('/') != std::string::npos || fs::path(id).extension() == ".yaml" ||
                                 fs::path(id).extension() == ".yml";
            if (is_path && fs::path(id).is_relative()) id = (fs::path(folder) / id).lexically_normal().string();
            s.rule_sets.push_back(id);
        }
    }
    if (j["zone_level"]) {
        s.zone_level = r.text(j["zone_level"], "zone_level");
        if (s.zone_level != "municipal" && s.zone_level != "provincial" && s.zone_level != "national")
            r.fail(j["zone_level"], "zone_level must be municipal (市级), provincial (省级/自治区级) or national (国家级)");
    }
    if (j["region_tier"] && !j["region_tier"].IsNull()) {
        const double t = r.number(j["region_tier"], "region_tier");
        if (t != std::floor(t) || t < 1 || t > 7)
            r.fail(j["region_tier"], "region_tier is the 地区分类 1 to 7 of the 2008 投资强度 table (by 土地等别)");
        s.region_tier = static_cast<int>(t);
    }
    if (j["industry_code_edition"]) {
        s.industry_code_edition = r.text(j["industry_code_edition"], "industry_code_edition");
        if (!industry_code_editions().count(s.industry_code_edition))
            r.fail(j["industry_code_edition"],
                   "industry_code_edition must be GB/T 4754-2002, GB/T 4754-2011 or GB/T 4754-2017");
    }
    if (const auto& p = j["parameters"]) {
        if (!p.IsMap()) r.fail(p, "judge.parameters maps a parameter name to a number, e.g. local_invest_min: 3750");
        for (const auto& kv : p) {
            const auto key = r.key(kv.first);
            s.parameters[key] = r.number(kv.second, "parameters." + key);
            s.parameter_notes[key] = r.where(kv.second);
        }
    }
    if (const auto& o = j["overrides"]) {
        if (!o.IsMap()) r.fail(o, "judge.overrides maps a rule id to {enabled: false, reason: …} or {threshold: …, reason: …}");
        for (const auto& kv : o) {
            const auto id = r.key(kv.first);
            r.only_keys(kv.second, {"enabled", "threshold", "reason"}, "overrides." + id);
            RuleOverride ov;
            ov.yaml_location = r.where(kv.second);
            if (kv.second["enabled"]) {
                ov.enabled = r.flag(kv.second["enabled"], fmt::format("overrides.{}.enabled", id));
            }
            if (kv.second["threshold"]) ov.threshold = r.number(kv.second["threshold"], "overrides." + id + ".threshold");
            if (!ov.enabled && !ov.threshold)
                r.fail(kv.second, fmt::format("overrides.{} changes nothing: give enabled: false or a threshold", id));
            if (!kv.second["reason"] || r.text(kv.second["reason"], "reason").empty())
                r.fail(kv.second, fmt::format("overrides.{} needs a reason (it is printed in the outputs)", id));
            ov.reason = r.text(kv.second["reason"], "reason");
            s.overrides[id] = ov;
        }
    }
}

// Why text cannot be a file name on Windows, macOS or Linux ("" when it can): the project name becomes
// out/<name>.gpkg, <name>_boundary_points.txt, report/<name>.xlsx and the QGIS project's name.
std::string unsafe_file_name(const std::string& name) {
    if (name.empty()) return "it is empty";
    if (name.size() > 100) return fmt::format("it is {} bytes long; at most 100", name.size());
    if (detail::first_invalid_utf8(name) != std::string::npos) return "it is not UTF-8 text";
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F) return "it holds a control character (NUL, tab, line break …)";
        if (std::string("/\\:*?\"<>|").find(static_cast<char>(c)) != std::string::npos)
            return fmt::format("it holds '{}', which file names cannot", static_cast<char>(c));
    }
    if (name.front() == '.' || name.front() == ' ' || name.back() == '.' || name.back() == ' ')
        return "it starts or ends with a dot or a space";
    return "";
}

std::string resolve_path(const std::string& folder, const std::string& p) {
    if (p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0) return p;
    fs::path path(p);
    if (path.is_relative()) path = fs::path(folder) / path;
    return path.lexically_normal().string();
}

InputSpec parse_input(const Reader& r, const YAML::Node& node, const std::string& role, const Project& project) {
    const std::string section = "inputs." + role;
    if (node.IsScalar()) {
        InputSpec in;
        in.role = role;
        in.path = resolve_path(project.folder, node.Scalar());
        in.yaml_location = r.where(node);
        return in;
    }
    r.only_keys(node, {"path", "layer", "encoding", "crs", "x_field", "y_field", "kind", "kinds", "fields"}, section);
    InputSpec in;
    in.role = role;
    in.yaml_location = r.where(node);
    if (!node["path"]) r.fail(node, fmt::format("{} needs a 'path' (file or PG: connection)", section));
    in.path = resolve_path(project.folder, r.text(node["path"], "path"));
    if (node["layer"]) in.layer = r.text(node["layer"], "layer");
    if (node["encoding"]) in.encoding = r.text(node["encoding"], "encoding");
    if (node["crs"]) in.crs = r.text(node["crs"], "crs");
    if (node["x_field"]) in.x_field = r.text(node["x_field"], "x_field");
    if (node["y_field"]) in.y_field = r.text(node["y_field"], "y_field");
    if (in.x_field.empty() != in.y_field.empty())
        r.fail(node, fmt::format("{}: give both x_field and y_field, or neither", section));
    if (node["kind"]) {
        if (role != "constraints") r.fail(node["kind"], fmt::format("'kind' belongs to constraints inputs, not {}", role));
        in.constraint_kind = r.text(node["kind"], "kind");
        static const std::set<std::string> kinds = {"basic_farmland", "eco_redline", "urban_dev_boundary", "other"};
        if (!kinds.count(in.constraint_kind))
            r.fail(node["kind"], fmt::format("unknown constraint kind '{}'; use basic_farmland, eco_redline, "
                                             "urban_dev_boundary or other",
                                             in.constraint_kind));
    }
    if (node["kinds"]) {
        // A source without a kind field (the land authority's coordinate file): each zone id's kind.
        const auto& k = node["kinds"];
        if (role != "zones") r.fail(k, fmt::format("'kinds' belongs to the zones input, not {}", role));
        if (!k.IsMap() || k.size() == 0)
            r.fail(k, "inputs.zones.kinds maps each zone id to core, expansion or cluster (核心区, 扩区, 组团)");
        for (const auto& kv : k) in.kinds[r.key(kv.first)] = r.text(kv.second, "inputs.zones.kinds." + r.key(kv.first));
    }
    if (node["fields"]) {
        const auto& f = node["fields"];
        if (!f.IsMap()) r.fail(f, fmt::format("{}.fields must map canonical names to source field names", section));
        const auto& canon = canonical_fields(role);
        for (const auto& kv : f) {
            auto key = r.key(kv.first);
            bool known = role == "zone_stats" ||
                         std::any_of(canon.begin(), canon.end(), [&](const auto& c) { return c.name == key; });
            if (!known) {
                std::string list;
                for (const auto& c : canon) list += (list.empty() ? "" : ", ") + c.name;
                r.fail(kv.first, fmt::format("'{}' is not a canonical field of {}; known: {}", key, role, list));
            }
            in.fields[key] = r.text(kv.second, section + ".fields." + key);
        }
    }
    return in;
}

}  // namespace

std::string detail::YamlReader::read_file(const std::string& stage, const std::string& path, bool rule_file) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    if (in) buf << in.rdbuf();
    if (!in || in.bad()) {
        if (rule_file) throw RuleError(stage, fmt::format("{}: cannot be read; check the path", path));
        throw InputError(stage, fmt::format("{}: cannot be read; check the path", path));
    }
    return buf.str();
}

namespace {
// yaml-cpp keeps both entries of a repeated key and answers lookups with the first: a silently ignored
// setting. Each mapping is checked, nested ones too.
template <class Fail>
void refuse_duplicate_keys(const YAML::Node& node, const std::string& path, const Fail& fail) {
    if (node.IsMap()) {
        std::map<std::string, int> first_line;
        for (const auto& kv : node) {
            if (kv.first.IsScalar()) {
                const int line = kv.first.Mark().line + 1;
                auto [it, added] = first_line.emplace(kv.first.Scalar(), line);
                if (!added)
                    fail(fmt::format("{}:{}: key '{}' is given twice (first at line {}); keep one of them", path, line,
                                     kv.first.Scalar(), it->second));
            }
            refuse_duplicate_keys(kv.second, path, fail);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node) refuse_duplicate_keys(item, path, fail);
    }
}
}  // namespace

YAML::Node detail::YamlReader::load_file(const std::string& stage, const std::string& path, bool rule_file) {
    return load_text(stage, read_file(stage, path, rule_file), path, rule_file);
}

YAML::Node detail::YamlReader::load_text(const std::string& stage, std::string text, const std::string& path,
                                         bool rule_file) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // Notepad's UTF-8 BOM
    auto fail = [&](const std::string& message) {
        if (rule_file) throw RuleError(stage, message);
        throw InputError(stage, message);
    };
    if (const auto bad = first_invalid_utf8(text); bad != std::string::npos) {
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
        fail(fmt::format("{}:{}: the file is not UTF-8 text (byte 0x{:02X}); it looks saved as GBK/GB18030 (ANSI on "
                         "Chinese Windows): save it again as UTF-8 (Notepad: 另存为 → 编码 UTF-8)",
                         path, line, static_cast<unsigned char>(text[bad])));
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail(fmt::format("{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.msg));
    }
    refuse_duplicate_keys(root, path, fail);
    return root;
}

std::string bundled_data_path(const std::string& relative) {
    const char* env = std::getenv("PARKGIS_DATA_DIR");
    const fs::path root = env && *env ? fs::path(env) : fs::path(PARKGIS_DATA_DIR);
    return (root / relative).string();
}

std::string public_connection(const std::string& dsn) {
    std::string body = dsn.rfind("PG:", 0) == 0 ? dsn.substr(3) : dsn;
    std::string host, dbname;
    if (body.rfind("postgresql://", 0) == 0 || body.rfind("postgres://", 0) == 0) {
        std::string rest = body.substr(body.find("//") + 2);
        if (const auto at = rest.find('@'); at != std::string::npos) rest.erase(0, at + 1);  // user:password@
        const auto slash = rest.find('/');
        host = rest.substr(0, std::min(slash, rest.find_first_of(":?", 0)));
        if (slash != std::string::npos) dbname = rest.substr(slash + 1, rest.find('?', slash) - slash - 1);
    } else {  // key=value pairs, values possibly 'quoted'
        for (size_t i = 0; i < body.size();) {
            while (i < body.size() && body[i] == ' ') ++i;
            const size_t eq = body.find('=', i);
            if (eq == std::string::npos) break;
            const std::string key = body.substr(i, eq - i);
            std::string value;
            size_t j = eq + 1;
            if (j < body.size() && body[j] == '\'') {
                for (++j; j < body.size() && body[j] != '\''; ++j) value += body[j] == '\\' && j + 1 < body.size() ? body[++j] : body[j];
                ++j;
            } else {
                while (j < body.size() && body[j] != ' ') value += body[j++];
            }
            if (key == "host") host = value;
            if (key == "dbname") dbname = value;
            i = j;
        }
    }
    if (!host.empty() && host[0] == '/') host = "(unix socket)";  // a socket folder is a machine path
    std::string out = "PG:";
    if (!host.empty()) out += "host=" + host;
    if (!dbname.empty()) out += (host.empty() ? "" : " ") + std::string("dbname=") + dbname;
    return out;
}

std::string public_path(const std::string& path, const std::string& project_folder) {
    if (path.rfind("PG:", 0) == 0) return public_connection(path);
    if (path.empty() || path.rfind("/vsi", 0) == 0) return path;
    const fs::path p = fs::path(path).lexically_normal();
    if (!p.is_absolute()) return p.string();
    // Under the project folder: relative to it; a bundled file: parkgis/…; else relative with "..".
    const fs::path folder = project_folder.empty() ? fs::current_path() : fs::absolute(project_folder);
    const fs::path relative = p.lexically_relative(folder.lexically_normal());
    if (!relative.empty() && *relative.begin() != "..") return relative.string();
    const fs::path in_bundle = p.lexically_relative(fs::absolute(bundled_data_path("")).lexically_normal());
    if (!in_bundle.empty() && *in_bundle.begin() != "..") return "parkgis/" + in_bundle.string();
    return relative.empty() ? p.filename().string() : relative.string();
}

Project load_project(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(kStage, fmt::format("{}: project file not found; give the path of a project YAML file", path));
    if (fs::is_directory(path, ec))
        throw InputError(kStage, fmt::format("{}: is a folder; give the path of a project YAML file", path));
    return parse_project(Reader::read_file(kStage, path), path);
}

namespace {
Project parse_project_document(const std::string& text, const std::string& path) {
    Project project;
    project.file = fs::absolute(path).lexically_normal().string();
    project.folder = fs::path(project.file).parent_path().string();
    Reader r(kStage, path);

    YAML::Node root = Reader::load_text(kStage, text, path);
    if (!root.IsMap()) throw InputError(kStage, fmt::format("{}: expected a mapping with 'name' and 'inputs'", path));
    r.only_keys(root,
                {"name", "title", "notice", "working_crs", "output", "checks", "measure", "evaluation", "judge",
                 "jobs_housing", "inputs", "coordinate_file", "coordinate_file_encoding", "layout"},
                "the project file");
    {  // bundled defaults first, then the project's own measure settings
        const std::string defaults = bundled_data_path("measure/parameters.yaml");
        const Reader d(kStage, defaults);
        apply_measure_settings(d, Reader::load_file(kStage, defaults), project.measure,
                               fs::path(defaults).parent_path().string());
    }
    if (root["measure"]) apply_measure_settings(r, root["measure"], project.measure, project.folder);
    {
        const std::string defaults = bundled_data_path("measure/jobs_housing.yaml");
        const Reader d(kStage, defaults);
        apply_jobs_housing_settings(d, Reader::load_file(kStage, defaults), project.jobs_housing,
                                    fs::path(defaults).parent_path().string());
    }
    if (root["jobs_housing"])
        apply_jobs_housing_settings(r, root["jobs_housing"], project.jobs_housing, project.folder);
    if (root["evaluation"]) parse_evaluation(r, root["evaluation"], project.evaluation, project.folder);
    if (root["judge"]) parse_judge(r, root["judge"], project.judge, project.folder);
    if (!root["name"]) r.fail(root, "the project needs a 'name' (used for output file names)");
    project.name = r.text(root["name"], "name");
    if (const auto why = unsafe_file_name(project.name); !why.empty())
        r.fail(root["name"], fmt::format("'name' names the output files, so it must be a file name on every system ({}); "
                                         "e.g. wansheng or 万盛经开区",
                                         why));
    // A title is a map heading and a workbook cell, a notice a paragraph: longer text is a mistake.
    const auto characters = [](const std::string& s) {
        return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    };
    if (root["title"]) project.title = r.text(root["title"], "title");
    if (characters(project.title) > 200)
        r.fail(root["title"], fmt::format("'title' has {} characters; a title of at most 200 fits the layouts and the "
                                          "workbook: put the rest in 'notice'",
                                          characters(project.title)));
    if (root["notice"]) project.notice = r.text(root["notice"], "notice");
    if (characters(project.notice) > 4000)
        r.fail(root["notice"], fmt::format("'notice' has {} characters; at most 4000", characters(project.notice)));
    if (root["working_crs"]) project.working_crs = r.text(root["working_crs"], "working_crs");
    auto& cf = project.coordinate_file;
    if (root["coordinate_file_encoding"]) {  // the key before coordinate_file.encoding; still read
        if (root["coordinate_file"] && root["coordinate_file"]["encoding"])
            r.fail(root["coordinate_file_encoding"], "give the encoding once: coordinate_file.encoding");
        cf.encoding = r.text(root["coordinate_file_encoding"], "coordinate_file_encoding");
        if (cf.encoding != "GBK" && cf.encoding != "UTF-8")
            r.fail(root["coordinate_file_encoding"], "coordinate_file_encoding must be GBK or UTF-8");
    }
    if (const auto& c = root["coordinate_file"]) {
        r.only_keys(c, {"encoding", "producer", "land_use", "land_class_code", "sheet", "numbering"}, "coordinate_file");
        if (c["encoding"]) {
            cf.encoding = r.text(c["encoding"], "encoding");
            if (cf.encoding != "GBK" && cf.encoding != "UTF-8") r.fail(c["encoding"], "encoding must be GBK or UTF-8");
        }
        if (c["producer"]) cf.producer = r.text(c["producer"], "producer");
        if (c["land_use"]) cf.land_use = r.text(c["land_use"], "land_use");
        if (c["land_class_code"]) cf.land_class_code = r.text(c["land_class_code"], "land_class_code");
        if (c["sheet"]) cf.sheet = r.text(c["sheet"], "sheet");
        if (c["numbering"]) {
            cf.numbering = r.text(c["numbering"], "numbering");
            if (cf.numbering != "sequence" && cf.numbering != "zone_id")
                r.fail(c["numbering"], "numbering is sequence (地块编号 1, 2, …) or zone_id");
        }
        for (const auto* value : {&cf.producer, &cf.land_use, &cf.land_class_code, &cf.sheet})
            if (characters(*value) > 100)
                r.fail(c, "the coordinate_file fields are at most 100 characters each (they are fields of one line)");
    }
    if (const auto& l = root["layout"]) {
        r.only_keys(l, {"grid", "producer"}, "layout");
        if (l["grid"]) {
            project.layout.grid = r.text(l["grid"], "grid");
            if (project.layout.grid != "crosses" && project.layout.grid != "lines")
                r.fail(l["grid"], "grid is crosses (十字丝 at the intersections) or lines");
        }
        if (l["producer"]) project.layout.producer = r.text(l["producer"], "producer");
    }
    if (root["output"]) {  // relative to the project file's folder, as every other path in it
        project.output = r.text(root["output"], "output");
        if (project.output.empty() || project.output.find('\0') != std::string::npos)
            r.fail(root["output"], "'output' must be a path to a .gpkg file");
        project.output = resolve_path(project.folder, project.output);
    }
    if (const auto& c = root["checks"]) {
        r.only_keys(c, {"area_tolerance_pct", "sliver_width_m", "min_report_area_m2", "four_bounds_distance_m"}, "checks");
        if (c["four_bounds_distance_m"])
            project.checks.four_bounds_distance_m = r.number(c["four_bounds_distance_m"], "four_bounds_distance_m");
        if (c["area_tolerance_pct"]) project.checks.area_tolerance_pct = r.number(c["area_tolerance_pct"], "area_tolerance_pct");
        if (c["sliver_width_m"]) project.checks.sliver_width_m = r.number(c["sliver_width_m"], "sliver_width_m");
        if (c["min_report_area_m2"]) project.checks.min_report_area_m2 = r.number(c["min_report_area_m2"], "min_report_area_m2");
        if (project.checks.area_tolerance_pct < 0 || project.checks.sliver_width_m < 0 ||
            project.checks.min_report_area_m2 < 0 || project.checks.four_bounds_distance_m < 0)
            r.fail(c, "check settings must not be negative");
    }
    const auto& inputs = root["inputs"];
    if (!inputs) r.fail(root, "the project needs 'inputs' with at least a 'zones' entry");
    std::set<std::string> roles(known_roles().begin(), known_roles().end());
    r.only_keys(inputs, roles, "inputs");
    for (const auto& kv : inputs) {
        auto role = r.key(kv.first);
        if (kv.second.IsSequence()) {
            if (role != "constraints") r.fail(kv.second, fmt::format("only constraints may list several inputs, not {}", role));
            for (const auto& item : kv.second) project.inputs.push_back(parse_input(r, item, role, project));
        } else {
            project.inputs.push_back(parse_input(r, kv.second, role, project));
        }
    }
    if (!project.input("zones")) r.fail(inputs, "inputs need a 'zones' entry (the zone boundaries)");
    for (const auto& in : project.inputs_of("constraints"))
        if (in->constraint_kind.empty() && !in->fields.count("kind"))
            throw InputError(kStage, fmt::format("{}: a constraints input needs 'kind' (basic_farmland, eco_redline, "
                                                 "urban_dev_boundary, other) or a mapped 'kind' field",
                                                 in->yaml_location));
    return project;
}

}  // namespace

Project parse_project(const std::string& text, const std::string& path) {
    return Reader(kStage, path).guarded([&] { return parse_project_document(text, path); });
}

}  // namespace parkgis
