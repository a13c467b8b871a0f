#pragma once
// The project file (YAML): inputs by role, field mapping, CRS and encoding, check settings.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parkgis {

// One input layer as the planner describes it in the project file.
struct InputSpec {
    std::string role;              // zones, parcels, buildings, enterprises, population, constraints, zone_stats,
                                   // commuting, study_area
    std::string path;              // absolute (resolved against the project file's folder) or a PG: DSN
    std::string layer;             // empty: the only layer of the source
    std::string encoding;          // e.g. GBK for a Shapefile without .cpg
    std::string crs;               // e.g. EPSG:4490: used when the source has no CRS, or to override it
    std::string x_field, y_field;  // point tables (CSV) given as coordinate columns
    std::string constraint_kind;   // constraints: basic_farmland, eco_redline, urban_dev_boundary, other
    std::map<std::string, std::string> fields;  // canonical field -> source field
    std::map<std::string, std::string> kinds;   // zones without a kind field: zone id -> kind
    std::string yaml_location;     // "project.yaml:12" for messages
};

// The 坐标 file for the land authority (docs/outputs.md, "The coordinate file"): the fields its header and its
// 地块 records carry that only the planner knows.
struct CoordinateFileSettings {
    std::string encoding = "GBK";  // GBK (what land-authority systems read) or UTF-8
    std::string producer;          // 数据产生单位: the organisation submitting (empty: a warning)
    std::string land_use;          // 地块用途 of every record, e.g. 工业用地 (empty: left blank)
    std::string land_class_code;   // 地类编码 (GB/T 21010), e.g. 0601
    std::string sheet;             // 图幅号
    std::string numbering = "sequence";  // 地块编号: sequence (1, 2, …) or zone_id
};

// The print layouts of the embedded QGIS project (docs/qgis.md).
struct LayoutSettings {
    std::string grid = "crosses";  // the 公里格网: crosses at the intersections, or lines
    std::string producer;          // 制图单位 (empty: coordinate_file.producer)
};

struct CheckSettings {
    double area_tolerance_pct = 0.5;  // declared vs measured
    double sliver_width_m = 5.0;      // gaps and slivers narrower than this are reported
    double min_report_area_m2 = 1.0;  // overlaps smaller than this are noise from digitising
    double four_bounds_distance_m = 50;  // 四至: a neighbour this near a zone's extreme point names that side
};

// Overlay and parcel-metric parameters. Defaults come from the bundled layers/measure/parameters.yaml
// (each with its source); a project's `measure:` section overrides any of them.
struct MeasureSettings {
    std::string landuse_codes = "auto";  // auto, GB50137-2011, 用地用海2023, 三调
    std::string landuse_table;           // CSV code → TD/T 1029 class; empty: the bundled table
    double storey_height_industrial_m = 0;  // height-only buildings: floors = height / storey height
    double storey_height_other_m = 0;
    double double_count_storey_over_m = 0;  // 容积率: a storey higher than this counts twice
    double floors_max_plausible = 0;        // more floors than this is treated as missing
    double value_max_plausible = 0;         // a number in an input beyond this (or a negative amount) is not used
    double text_max_characters = 0;         // longer text in an input is cut to this, with a finding
    std::string missing_floors = "skip";    // skip | one_floor
    double split_report_pct = 0;            // report parcels split by a zone boundary beyond this share
    std::vector<std::string> industrial_uses;  // building `use` values that mean industrial
};

// TD/T 1029 scoring: the evaluation file (weights) and the evaluators' choices.
struct EvaluationSettings {
    std::string file;                    // empty: the bundled layers/evaluation/tdt1029-2014.yaml
    std::string zone_type = "auto";      // auto (2014 rule on the core), industrial_led, integrated
    std::map<std::string, double> ideal_values;  // 理想值 T_k by indicator id
    std::map<std::string, double> worst_values;  // inverse indicators: the value that scores 0
    std::optional<double> main_weight, direction_weight;  // 主区 / 发展方向区; empty: the file's
    std::string population_field = "resident_population";  // zone_stats column with 常住人口
    std::map<std::string, std::string> zone_stats_rows;    // scope id (zone id, core, expansion, total) → row
};

// A project's change to one rule: switch it off, or replace its threshold. Recorded in the output.
struct RuleOverride {
    std::optional<bool> enabled;
    std::optional<double> threshold;
    std::string reason;         // required: why the planner changed it
    std::string yaml_location;  // project.yaml:40
};

// The GB/T 4754 editions parkgis maps between (layers/judge/gbt4754_crosswalk.csv).
inline const std::set<std::string>& industry_code_editions() {
    static const std::set<std::string> editions = {"GB/T 4754-2002", "GB/T 4754-2011", "GB/T 4754-2017"};
    return editions;
}

// The judge stage: which rule sets apply and the facts they need about the application.
struct JudgeSettings {
    // Bundled rule-set ids (layers/rules/<id>.yaml) or paths to the planner's own files.
    std::vector<std::string> rule_sets = {"industrial-land-control-2023"};
    std::string zone_level;             // municipal (市级), provincial (省级/自治区级), national (国家级); "" unknown
    std::optional<int> region_tier;     // 地区分类 1–7 of the 2008 投资强度 table (by 土地等别)
    std::string industry_code_edition = "GB/T 4754-2017";  // of the parcels' industry_code
    std::map<std::string, double> parameters;  // thresholds the rule sets take from the project
    std::map<std::string, std::string> parameter_notes;  // parameter → yaml location, for messages
    std::map<std::string, RuleOverride> overrides;       // rule id → override
};

// One class of the 职住比 (jobs ÷ resident workers): [min, max), the balanced band [min, max].
struct JobsHousingBand {
    std::string id;  // jobs_severe, jobs_mild, balanced, housing_mild, housing_severe
    std::string name_zh, name_en;
    std::optional<double> min, max;  // empty: unbounded
    bool balanced = false;           // the target band; it also holds its upper edge
};

// 职住平衡 (domain-spec §3). Defaults: the bundled layers/measure/jobs_housing.yaml (each value with
// its source); a project's `jobs_housing:` section overrides any key.
struct JobsHousingSettings {
    bool enabled = true;
    // auto: enterprise employees on the parcels that have them, floor area elsewhere;
    // enterprises: employees only; floor_area: floor area only.
    std::string jobs_source = "auto";
    std::string activity_table;  // CSV: building use / land-use code → activity
    std::string density_table;   // CSV: activity → m² of floor area per job, basis, source
    double floor_area_per_resident_m2 = 0;  // 人均住房建筑面积
    double employment_ratio = 0;            // resident workers ÷ residents
    double persons_per_household = 0;       // 户均人口
    double floor_area_per_dwelling_m2 = 0;  // new dwelling (人才公寓) size for the housing need
    std::vector<JobsHousingBand> bands;     // ascending, contiguous
    std::vector<double> catchment_radii_m;  // Euclidean buffers around each zone scope
    double complete_coverage_pct = 0;       // below this share of a buffer or window covered: partial
    double grid_cell_m = 0;                 // jh_grid square cell side
    double window_radius_m = 0;             // moving window: cells whose centre lies within this
    std::string window_shape = "square";    // square (summed-area table) or circle (row prefix sums)
    std::string stats_jobs_field = "employees";  // zone_stats column to cross-check jobs against
    double stats_difference_report_pct = 0;      // report estimates this far from the zone statistics
};

// Input roles that are attribute tables (no geometry).
inline bool is_table_role(const std::string& role) { return role == "zone_stats" || role == "commuting"; }

struct Project {
    std::string file;    // absolute path of the project file
    std::string folder;  // its folder
    std::string name;    // short name, used for default output names
    std::string title;   // human title (zh)
    std::string notice;  // e.g. "sample data: geometry invented"
    std::string working_crs = "auto";
    CoordinateFileSettings coordinate_file;
    LayoutSettings layout;
    std::string output;  // default out/<name>.gpkg relative to the current folder
    CheckSettings checks;
    MeasureSettings measure;
    EvaluationSettings evaluation;
    JudgeSettings judge;
    JobsHousingSettings jobs_housing;
    std::vector<InputSpec> inputs;

    const InputSpec* input(const std::string& role) const;
    std::vector<const InputSpec*> inputs_of(const std::string& role) const;
};

// A file bundled with parkgis (layers/…): $PARKGIS_DATA_DIR if set, else the build's source tree.
std::string bundled_data_path(const std::string& relative);

// A path as outputs show it, never a machine path or a secret: relative to the project file's folder;
// a bundled file as "parkgis/<relative>"; a PostgreSQL connection as its host and database alone
// (user, password and every other setting left out).
std::string public_path(const std::string& path, const std::string& project_folder);
// The same for a connection string ("PG:host=… dbname=… password=…" or "PG:postgresql://u:p@host/db").
std::string public_connection(const std::string& dsn);

// Parses and validates a project file. Throws InputError naming file:line for every problem.
Project load_project(const std::string& path);
// The same for a project file's text; path names it in messages and anchors relative paths.
Project parse_project(const std::string& text, const std::string& path);

// The input roles parkgis knows and the canonical fields each one can map.
struct CanonicalField {
    std::string name;
    enum class Type { text, integer, real } type;
    bool required;
};
const std::vector<std::string>& known_roles();
const std::vector<CanonicalField>& canonical_fields(const std::string& role);

}  // namespace parkgis
