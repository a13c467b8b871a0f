#pragma once
// The project file (YAML): inputs by role, field mapping, CRS and encoding, check settings.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parkgis {

// One input layer as the planner describes it in the project file.
struct InputSpec {
    std::string role;              // zones, parcels, buildings, enterprises, population, constraints, zone_stats
    std::string path;              // absolute (resolved against the project file's folder) or a PG: DSN
    std::string layer;             // empty: the only layer of the source
    std::string encoding;          // e.g. GBK for a Shapefile without .cpg
    std::string crs;               // e.g. EPSG:4490: used when the source has no CRS, or to override it
    std::string x_field, y_field;  // point tables (CSV) given as coordinate columns
    std::string constraint_kind;   // constraints: basic_farmland, eco_redline, urban_dev_boundary, other
    std::map<std::string, std::string> fields;  // canonical field -> source field
    std::string yaml_location;     // "project.yaml:12" for messages
};

struct CheckSettings {
    double area_tolerance_pct = 0.5;  // declared vs measured
    double sliver_width_m = 5.0;      // gaps and slivers narrower than this are reported
    double min_report_area_m2 = 1.0;  // overlaps smaller than this are noise from digitising
};

struct Project {
    std::string file;    // absolute path of the project file
    std::string folder;  // its folder
    std::string name;    // short name, used for default output names
    std::string title;   // human title (zh)
    std::string notice;  // e.g. "sample data: geometry invented"
    std::string working_crs = "auto";
    std::string coordinate_file_encoding = "GBK";
    std::string output;  // default out/<name>.gpkg relative to the current folder
    CheckSettings checks;
    std::vector<InputSpec> inputs;

    const InputSpec* input(const std::string& role) const;
    std::vector<const InputSpec*> inputs_of(const std::string& role) const;
};

// Parses and validates a project file. Throws InputError naming file:line for every problem.
Project load_project(const std::string& path);

// The input roles parkgis knows and the canonical fields each one can map.
struct CanonicalField {
    std::string name;
    enum class Type { text, integer, real } type;
    bool required;
};
const std::vector<std::string>& known_roles();
const std::vector<CanonicalField>& canonical_fields(const std::string& role);

}  // namespace parkgis
