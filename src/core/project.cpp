#include "parkgis/project.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "parkgis/errors.hpp"

namespace fs = std::filesystem;

namespace parkgis {

using T = CanonicalField::Type;

const std::vector<std::string>& known_roles() {
    static const std::vector<std::string> roles = {"zones",      "parcels",     "buildings", "enterprises",
                                                   "population", "constraints", "zone_stats"};
    return roles;
}

const std::vector<CanonicalField>& canonical_fields(const std::string& role) {
    // DESIGN.md §2. Identifiers and names are text; amounts are real.
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
        {"population", {{"residents", T::real, false}, {"workers", T::real, false}}},
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

class Reader {
public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}

    std::string where(const YAML::Node& n) const {
        return fmt::format("{}:{}", m_file, n.Mark().line + 1);
    }

    [[noreturn]] void fail(const YAML::Node& n, const std::string& what) const {
        throw InputError(kStage, fmt::format("{}: {}", where(n), what));
    }

    void only_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& section) const {
        if (!map.IsMap()) fail(map, fmt::format("'{}' must be a mapping of keys to values", section));
        for (const auto& kv : map) {
            auto key = kv.first.as<std::string>();
            if (!allowed.count(key)) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                fail(kv.first, fmt::format("unknown key '{}' in {}; allowed keys: {}", key, section, list));
            }
        }
    }

    std::string text(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a text value", key));
        return n.as<std::string>();
    }

    double number(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a number", key));
        try {
            return n.as<double>();
        } catch (const YAML::Exception&) {
            fail(n, fmt::format("'{}' must be a number, not '{}'", key, n.as<std::string>()));
        }
    }

private:
    std::string m_file;
};

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
        in.path = resolve_path(project.folder, node.as<std::string>());
        in.yaml_location = r.where(node);
        return in;
    }
    r.only_keys(node, {"path", "layer", "encoding", "crs", "x_field", "y_field", "kind", "fields"}, section);
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
    if (node["fields"]) {
        const auto& f = node["fields"];
        if (!f.IsMap()) r.fail(f, fmt::format("{}.fields must map canonical names to source field names", section));
        const auto& canon = canonical_fields(role);
        for (const auto& kv : f) {
            auto key = kv.first.as<std::string>();
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

Project load_project(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(kStage, fmt::format("{}: project file not found; give the path of a project YAML file", path));
    if (fs::is_directory(path, ec))
        throw InputError(kStage, fmt::format("{}: is a folder; give the path of a project YAML file", path));
    Project project;
    project.file = fs::absolute(path).lexically_normal().string();
    project.folder = fs::path(project.file).parent_path().string();
    Reader r(path);

    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // Notepad's UTF-8 BOM

    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw InputError(kStage, fmt::format("{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.msg));
    }
    if (!root.IsMap()) throw InputError(kStage, fmt::format("{}: expected a mapping with 'name' and 'inputs'", path));
    r.only_keys(root, {"name", "title", "notice", "working_crs", "output", "checks", "inputs", "coordinate_file_encoding"},
                "the project file");
    if (!root["name"]) r.fail(root, "the project needs a 'name' (used for output file names)");
    project.name = r.text(root["name"], "name");
    if (project.name.empty() || project.name.find_first_of("/\\") != std::string::npos)
        r.fail(root["name"], "'name' must be a non-empty file-name-safe word, e.g. wansheng");
    if (root["title"]) project.title = r.text(root["title"], "title");
    if (root["notice"]) project.notice = r.text(root["notice"], "notice");
    if (root["working_crs"]) project.working_crs = r.text(root["working_crs"], "working_crs");
    if (root["coordinate_file_encoding"]) {
        project.coordinate_file_encoding = r.text(root["coordinate_file_encoding"], "coordinate_file_encoding");
        if (project.coordinate_file_encoding != "GBK" && project.coordinate_file_encoding != "UTF-8")
            r.fail(root["coordinate_file_encoding"], "coordinate_file_encoding must be GBK or UTF-8");
    }
    if (root["output"]) project.output = r.text(root["output"], "output");
    if (const auto& c = root["checks"]) {
        r.only_keys(c, {"area_tolerance_pct", "sliver_width_m", "min_report_area_m2"}, "checks");
        if (c["area_tolerance_pct"]) project.checks.area_tolerance_pct = r.number(c["area_tolerance_pct"], "area_tolerance_pct");
        if (c["sliver_width_m"]) project.checks.sliver_width_m = r.number(c["sliver_width_m"], "sliver_width_m");
        if (c["min_report_area_m2"]) project.checks.min_report_area_m2 = r.number(c["min_report_area_m2"], "min_report_area_m2");
        if (project.checks.area_tolerance_pct < 0 || project.checks.sliver_width_m < 0 ||
            project.checks.min_report_area_m2 < 0)
            r.fail(c, "check settings must not be negative");
    }
    const auto& inputs = root["inputs"];
    if (!inputs) r.fail(root, "the project needs 'inputs' with at least a 'zones' entry");
    std::set<std::string> roles(known_roles().begin(), known_roles().end());
    r.only_keys(inputs, roles, "inputs");
    for (const auto& kv : inputs) {
        auto role = kv.first.as<std::string>();
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

}  // namespace parkgis
