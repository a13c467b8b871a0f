#pragma once
// The in-memory Dataset that the stages pass along (docs/architecture.md): canonical layers in one working
// CRS, the findings, and the results each stage adds.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <array>
#include <deque>
#include <initializer_list>
#include <string_view>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parkgis/project.hpp"
#include "parkgis/vocabulary.hpp"

namespace parkgis {

class IndustryCrosswalk;

using FieldValue = std::variant<std::monostate, long long, double, std::string>;

// A field's name, held once for the whole run: every feature points at the same string (a million buildings
// held their field names a million times, 32 bytes each). Interning is thread-safe; readers intern a layer's
// names once and hand the FieldName to each feature.
class FieldName {
public:
    FieldName(std::string_view name);  // NOLINT: a name is a FieldName
    FieldName(const std::string& name) : FieldName(std::string_view(name)) {}  // NOLINT
    FieldName(const char* name) : FieldName(std::string_view(name)) {}         // NOLINT
    const std::string& str() const { return *m_name; }
    operator const std::string&() const { return *m_name; }  // NOLINT
    bool operator==(std::string_view other) const { return *m_name == other; }
    bool operator!=(std::string_view other) const { return *m_name != other; }

private:
    const std::string* m_name;
};

// A feature's canonical fields. There are few (at most 13), so a flat vector beats a map: one allocation per
// feature instead of one per field (profile: map nodes and their frees were a tenth of reading 1 M buildings).
class FieldValues {
public:
    using Item = std::pair<FieldName, FieldValue>;
    using iterator = std::vector<Item>::iterator;
    using const_iterator = std::vector<Item>::const_iterator;

    FieldValues() = default;
    FieldValues(std::initializer_list<Item> items) : m_items(items) {}
    FieldValues(const std::map<std::string, FieldValue>& m) {  // NOLINT: tests
        for (const auto& [k, v] : m) m_items.emplace_back(FieldName(k), v);
    }

    iterator begin() { return m_items.begin(); }
    iterator end() { return m_items.end(); }
    const_iterator begin() const { return m_items.begin(); }
    const_iterator end() const { return m_items.end(); }
    size_t size() const { return m_items.size(); }
    void reserve(size_t n) { m_items.reserve(n); }

    const_iterator find(std::string_view key) const {
        return std::find_if(m_items.begin(), m_items.end(), [&](const Item& i) { return i.first == key; });
    }
    iterator find(std::string_view key) {
        return std::find_if(m_items.begin(), m_items.end(), [&](const Item& i) { return i.first == key; });
    }
    size_t count(std::string_view key) const { return find(key) == end() ? 0 : 1; }
    FieldValue& operator[](std::string_view key) {
        auto it = find(key);
        if (it != end()) return it->second;
        m_items.emplace_back(FieldName(key), FieldValue{});
        return m_items.back().second;
    }
    void emplace(std::string_view key, FieldValue value) { (*this)[key] = std::move(value); }
    // A name interned already (the reader's, once per layer): no lookup in the pool.
    void emplace(const FieldName& key, FieldValue value) {
        auto it = find(key.str());
        if (it != end()) it->second = std::move(value);
        else m_items.emplace_back(key, std::move(value));
    }

private:
    std::vector<Item> m_items;
};

struct Feature {
    long long source_fid = -1;
    std::string id;  // canonical id (zone_id, parcel_id, …) or "fid <n>" when the role has none
    std::unique_ptr<OGRGeometry> geometry;
    FieldValues fields;  // canonical fields (zone_stats: every source field)

    std::optional<std::string> text(const std::string& field) const;
    std::optional<double> number(const std::string& field) const;
};

struct Layer {
    const InputSpec* spec = nullptr;
    std::string role;
    std::string source_path;  // as read (absolute); outputs show public_path
    std::string public_path;  // relative to the project folder, a connection without its secrets
    std::string source_layer;
    std::string constraint_kind;
    OGRSpatialReference source_crs;  // as read (empty for tables)
    std::vector<std::string> source_files;  // every file behind the source, for checksums
    std::string web_map_datum;  // "GCJ-02" or "BD-09" when declared (`crs: GCJ-02`); source_crs is then WGS 84
    std::string guessed_encoding;  // set when a Shapefile said nothing of its code page and parkgis decided
    std::vector<Feature> features;
    bool has_geometry = true;

    std::string describe() const;  // "file.shp, layer 'zones'"
};

// One QA observation or rule outcome; the same table serves check and, later, judge.
struct Finding {
    std::string check_id;  // e.g. QA-AREA-DECLARED
    Severity severity = Severity::warning;
    std::string subject_layer;
    std::string subject_id;
    std::optional<double> actual;
    std::optional<double> threshold;
    std::string unit;
    std::string message_zh;
    std::string message_en;
    std::string source;  // standard / clause or "parkgis QA"
    std::shared_ptr<OGRGeometry> geometry;  // where, in the working CRS (optional)
    // A finding that stands for many subjects with one cause (one row, not one per parcel): every subject's
    // id; subject_id then lists the first five (the finding_subjects table has them all).
    std::vector<std::string> subjects = {};
};

// The subject_id of a finding about many: the first five ids and how many there are in all.
std::string first_subjects(const std::vector<std::string>& ids);

// Areas of a zone or of a group of zones (docs/outputs.md, zones layer).
struct AreaMeasure {
    double planar_m2 = 0;       // in the working Gauss-Krüger CRS
    double ellipsoidal_m2 = 0;  // geodesic, on the CGCS2000 ellipsoid
};

struct ZoneRecord {
    std::string zone_id, name, kind, parent_id;
    ZoneGroup group = ZoneGroup::core;  // the kind total this zone counts towards
    std::optional<double> declared_area_km2;
    std::unique_ptr<OGRGeometry> geometry;  // dissolved, working CRS
    AreaMeasure area;
    int parts = 0, holes = 0, boundary_point_count = 0;
    double overlap_m2 = 0;
    std::optional<double> basic_farmland_m2, eco_redline_m2, outside_udb_m2;  // empty: layer not given
    QaStatus qa_status = QaStatus::ok;
    // 四至: east, south, west, north — the neighbour named on that side, else the extreme 界址点 and its
    // coordinates (check/four_bounds.hpp).
    std::array<std::string, 4> four_bounds;
};

// A row of the area summary: a zone, a kind total (core / expansion) or the overall total.
struct AreaSummaryRow {
    ScopeLevel scope = ScopeLevel::zone;
    std::string id, name, kind;
    std::optional<double> declared_area_km2;
    AreaMeasure area;
    int zone_count = 0;
};

struct BoundaryPoint {
    std::string zone_id, zone_name;
    int part = 1;    // the zone's polygon, 1-based: each is a 地块 record of its own in the coordinate file
    int record = 0;  // that record's number in the coordinate file (1, 2 … through the zones and their parts)
    int ring = 0;    // 圈号 within the part: 1 its outer ring, 2… its holes (the exchange format's reading)
    bool hole = false;
    int number = 0;  // J<number>, running through the zone's parts and rings
    double edge_m = 0;  // 边长: to the ring's next point (the last: back to the first), from the GK coordinates
    double x_north = 0, y_east_prefixed = 0, y_east = 0;  // zone-prefixed and plain GK
    double lon = 0, lat = 0;
    double work_x = 0, work_y = 0;  // in the working CRS, for the point geometry
};

// A ring of 界址点 as the 成果表 sums it up: which points, how long, the area it encloses.
struct BoundaryRing {
    std::string zone_id, zone_name;
    int part = 1, record = 0, ring = 1;  // as the points' (圈号 1 the outline, 2… holes of that part)
    bool hole = false;
    int points = 0;
    int first_number = 0, last_number = 0;  // J<first> … J<last>; the ring closes back on J<first>
    double perimeter_m = 0;                 // the sum of the points' 边长, the closing edge included
    double area_m2 = 0;  // enclosed by the coordinates as printed (to the centimetre), as the coordinate file's
};

// A parcel as the measure stage sees it: its TD/T 1029 accounting class and what the buildings on it
// add up to (docs/outputs.md, parcels layer). Amounts are per parcel; zones take shares of them.
struct ParcelRecord {
    size_t feature = 0;  // index into the parcels layer
    std::string parcel_id;
    std::string landuse_code, landuse_system, landuse_name;
    std::string landuse_map_class;  // planning-map colour group from the class table ("" when not given)
    std::string tdt_class;  // A1, A2, A31, A32, A4, A51, A52, A6, B11, B12, B21, B22, C1, C2, C3; "" unclassified
    std::string supply;     // D 已供应, E 尚可供应, F 不可供应, "" unknown
    bool built = false, idle = false, high_tech = false;
    std::string industry_code;
    double area_m2 = 0;
    double footprint_m2 = 0;   // Σ building footprint ∩ parcel
    double gfa_m2 = 0;         // Σ floor area apportioned by intersection area
    double far_gfa_m2 = 0;     // the same with storeys over 8 m counted twice (控制指标 容积率)
    int building_count = 0;    // buildings with any part on the parcel
    std::optional<double> yard_m2, admin_m2, green_m2;            // m²
    std::optional<double> invest_10k_cny, tax_10k_cny, output_10k_cny;  // 万元
    std::string zone_id;       // the zone holding the largest part ("" when outside every zone)
    double zone_share = 0;     // that part's share of the parcel area
    double zoned_share = 0;    // share of the parcel inside any zone

    bool is_built_class() const { return !tdt_class.empty() && tdt_class[0] == 'A'; }
    bool is_industrial() const { return tdt_class == "A2"; }
};

// Per-parcel ratios of a ParcelRecord: one value per formula of parcel_metric_definitions()
// (measure/parcels.hpp), in its order; empty when an input is missing or the parcel has no area.
struct ParcelMetrics {
    double area_ha = 0, area_mu = 0;
    std::vector<std::optional<double>> values;
};

// Where a building's floor count came from (the buildings layer's floors_source). none: not resolved, the
// building has no usable geometry.
enum class FloorsSource : unsigned char {
    none, floors, height, gfa, assumed_one, missing, implausible, implausible_assumed_one
};
const char* floors_source_name(FloorsSource s);  // "" (none), floors, height, gfa, assumed_one, missing, …

// One building after the overlay. Small on purpose (80 bytes; a city has millions): its id, use and input
// fields stay on the buildings layer's feature, its parcel is an index into Dataset::parcels.
struct BuildingRecord {
    static constexpr size_t kNoParcel = static_cast<size_t>(-1);
    size_t feature = 0;               // index into the buildings layer
    size_t parcel = kNoParcel;        // parcel holding the largest part (kNoParcel when outside every parcel)
    double footprint_m2 = 0;
    std::optional<double> floors;     // floors used (given, from height, or assumed)
    double far_factor = 1;            // 2 when a storey is higher than the double-count height
    double gfa_m2 = 0, far_gfa_m2 = 0;
    double outside_m2 = 0;            // footprint outside every parcel
    int parcel_count = 0;
    FloorsSource floors_source = FloorsSource::none;
    bool industrial = false;
};

// One row of the indicators table (docs/outputs.md).
struct IndicatorRow {
    ScopeLevel scope = ScopeLevel::zone;
    std::string scope_id, scope_name;
    EvaluationArea area_type = EvaluationArea::main;
    std::string indicator_id, name_zh, name_en;
    std::string category;   // account (areas), indicator, score
    std::optional<double> value, numerator, denominator;
    std::string parts_unit;  // of numerator / denominator, e.g. "m² / m²", "万元 / ha"
    std::string unit, formula_id, formula, source;
    std::optional<double> target, realization, weight;
    ValueStatus status = ValueStatus::ok;
    std::string reason;
    std::string rule_set;
};

// 职住平衡 of one scope (a zone, a kind total or the whole) inside its boundary (radius 0) or within a
// Euclidean buffer of it (domain-spec §3). Counts are people; ratios are empty when undefined.
struct JobsHousingRow {
    ScopeLevel scope = ScopeLevel::zone;
    std::string scope_id, scope_name;
    double radius_m = 0;                      // 0: inside the zone(s)
    double jobs = 0, jobs_enterprise = 0, jobs_floor_area = 0;  // jobs and where they come from
    double residents = 0, resident_workers = 0, households = 0;
    std::optional<double> ratio;               // 职住比 = jobs / resident workers
    std::optional<double> jobs_per_household;  // jobs / households
    std::string band_id, band_zh;              // ratio class; "" when no ratio
    ValueStatus status = ValueStatus::ok;      // partial: the inputs cover too little
    std::string reason;
    double area_m2 = 0, covered_m2 = 0;        // the scope or buffer, and what the inputs cover of it
    // To bring the ratio into the balanced band: resident workers, residents, floor area and dwellings
    // to add (jobs-rich), or jobs to add (housing-rich). Zero when already balanced.
    double workers_needed = 0, residents_needed = 0, housing_floor_area_m2 = 0, dwellings_needed = 0;
    double jobs_needed = 0;
    // From a commuting table (home → work): 居住自足率, 就业本地化率, in/out commuters.
    std::optional<double> self_containment_pct, job_localisation_pct, in_commuters, out_commuters, local_workers;
    std::shared_ptr<OGRGeometry> geometry;     // the scope or its buffer, working CRS

    double coverage_pct() const { return area_m2 > 0 ? 100.0 * covered_m2 / area_m2 : 0.0; }
};

// The jh_grid layer: square cells aligned to multiples of the cell size, row-major from the south-west.
struct JobsHousingGrid {
    double origin_x = 0, origin_y = 0, cell_m = 0;
    int columns = 0, rows = 0;
    double window_radius_m = 0;
    std::string window_shape;
    std::vector<double> jobs, residents, resident_workers, covered_m2;             // per cell
    std::vector<double> window_jobs, window_workers, window_cells, window_covered_m2;  // per cell's window
    // Per cell, classified by the jobs-housing stage (classify_grid_cells): the window's 职住比, its band (an
    // index into the project's jobs_housing.bands, -1 for none), the share of the window the inputs cover.
    std::vector<std::optional<double>> window_ratio;
    std::vector<int> window_band;
    std::vector<double> window_coverage_pct;
    std::vector<GridCellStatus> status;
    size_t size() const { return static_cast<size_t>(columns) * static_cast<size_t>(rows); }
};

// How jobs and residents were estimated, for the report and the metadata.
struct JobsHousingBasis {
    std::string jobs_source, residents_source;  // what was used, in words
    struct Activity {
        std::string activity;
        double floor_area_m2 = 0, jobs = 0;
        std::optional<double> m2_per_job;  // empty for residential and none
        double net_to_gross = 1;
        std::string basis, source, status;
    };
    std::vector<Activity> activities;      // floor area by activity (buildings)
    // Floor area no job or resident was estimated for (on enterprise parcels: the employees counted instead;
    // of an unknown use), as rows of floor area and source only.
    std::vector<Activity> not_estimated;
    std::vector<Activity> rows() const;    // activities, then not_estimated: the jh_basis table
    double floor_area_on_enterprise_parcels_m2 = 0;  // not estimated: the enterprises report employees
    double unmapped_floor_area_m2 = 0;     // buildings whose activity is unknown
    int enterprises_with_employees = 0, enterprises_without_employees = 0, enterprises_outside_parcels = 0;
    double enterprise_jobs = 0;
    std::string parameters;                // "36.52 m²/resident, employment ratio 0.53, …"
};

// A rule as judged in this run (its description, shared by all its outcomes).
struct JudgedRule {
    std::string rule_set, rule_id, name_zh, name_en;
    std::string scope;  // parcel or zone
    std::string indicator, comparison, unit;
    Severity severity = Severity::warning;
    std::string citation, confidence, binding;
    std::optional<double> override_threshold;  // the project replaced the threshold
    std::string override_reason;
};

// One rule judged on one subject (a parcel, or a zone scope: zone id, core, expansion, total).
struct RuleOutcome {
    enum class Status : unsigned char { pass, fail, not_available };
    size_t rule = 0;            // index into Dataset::judged_rules
    bool zone_subject = false;  // false: a parcel
    std::string subject_id;     // parcel id, or zone id / core / expansion / total
    size_t parcel = 0;          // parcels: the index into Dataset::parcels (joins go by index, never by id)
    std::string zone_id;        // parcels: the zone holding most of the parcel
    Status status = Status::not_available;
    std::optional<double> actual, threshold, threshold_max;  // threshold_max: the upper end of `between`
    std::optional<double> margin;      // inside (+) or outside (−) the limit, in the rule's unit
    std::optional<double> margin_pct;  // margin / |threshold| × 100
    std::string threshold_source;      // "table row 40", "tier 3", "judge.parameters.x", "override" …
    // Texts held once in Dataset::outcome_texts (a city's 390 000 unjudged outcomes share a handful of
    // reasons): 0 for none.
    std::uint32_t reason = 0;  // not_available: what is missing and what to do
    std::uint32_t detail = 0;  // any_of: each alternative's result
};
const char* status_name(RuleOutcome::Status s);

// A parcel's result over all rules: fail if any rule fails, else not_available if any could not be
// judged, else pass; parcels no rule applies to have no status (not_applicable).
struct ParcelCompliance {
    std::optional<RuleOutcome::Status> status;  // empty: no rule applies
    std::string failed_rules;                   // comma-separated rule ids
    std::string unjudged_rules;                 // comma-separated rule ids
};

// Per scope (each zone, core, expansion, total) and rule set: parcels by result and zone rules by result.
struct ComplianceCount {
    std::string scope_id, scope_name, rule_set;
    int parcels_judged = 0, parcels_pass = 0, parcels_fail = 0, parcels_not_available = 0;
    int zone_rules_pass = 0, zone_rules_fail = 0, zone_rules_not_available = 0;
};

// A zone's failures over every rule set: parcels (counted in the zone holding their largest part) failing
// any rule, and the zone's own rules it misses.
struct ZoneJudgement {
    int parcels_failing = 0, zone_rules_failing = 0;
};

// A rule set as applied in a run, for the metadata and the report.
struct AppliedRuleSet {
    std::string id, version, title, document, file, sha256;
    int rules = 0, rules_switched_off = 0;
    std::vector<std::string> overrides;  // "ILC2008-GREEN: switched off (reason)", "…: threshold 1.2 (reason)"
};

struct InputRecord {
    std::string role, path, layer;
    std::vector<std::pair<std::string, std::string>> files_sha256;
    long long feature_count = 0;
    std::string source_crs;
};

// The share of parcel `parcel` (index into parcels) inside zone `zone` (index into zones).
struct ZoneShare {
    size_t parcel = 0, zone = 0;
    double share = 0;  // intersection area / parcel area, in (0, 1]
};

// A scope of the per-scope tables (indicators, jobs-housing, compliance summary): each zone, then each kind
// present (核心区, 扩区), then 合计. Made once by Dataset::scopes(), so every table names them alike.
struct Scope {
    ScopeLevel level = ScopeLevel::zone;
    std::string id;    // zone id, "core", "expansion" or "total"
    std::string name;  // the zone's name, 核心区, 扩区, 合计
    EvaluationArea area = EvaluationArea::main;  // TD/T 1029: the core is 主区, the expansion 发展方向区
    std::vector<size_t> zones;                   // indices into Dataset::zones
};

// Per-zone totals with each parcel counted wholly in the zone holding its largest part (the zone_totals
// table; the TD/T 1029 indicators apportion parcels by area share instead).
struct ZoneTotal {
    std::string zone_id;
    long long parcel_count = 0;
    double land_m2 = 0, footprint_m2 = 0, gfa_m2 = 0;
    double industrial_land_m2 = 0, industrial_invest_10k_cny = 0;  // industrial: TD/T class A2
    // Ratios of the sums above; empty when the land they divide by is zero.
    std::optional<double> far;                               // 容积率 = GFA ÷ land
    std::optional<double> building_density_pct;              // 建筑密度 = footprint ÷ land × 100
    std::optional<double> industrial_invest_10k_cny_per_ha;  // 工业用地投资强度 = investment ÷ industrial land (ha)
};

struct Dataset {
    const Project* project = nullptr;
    std::deque<Layer> layers;  // deque: Layer is not nothrow-movable (OGRSpatialReference)
    std::vector<InputRecord> inputs;

    // normalize
    OGRSpatialReference working_crs;
    int working_epsg = 0;
    int gk_zone = 0;             // 3-degree Gauss-Krüger zone number
    int prefixed_epsg = 0;       // the zone-prefixed variant (Y with the zone number in front)

    // check
    std::vector<ZoneRecord> zones;
    std::vector<AreaSummaryRow> area_summary;
    std::vector<BoundaryPoint> boundary_points;
    std::vector<BoundaryRing> boundary_rings;  // per zone, part and ring, in the points' order

    // measure
    std::vector<ParcelRecord> parcels;
    std::vector<ParcelMetrics> parcel_metrics;  // in parcel order, once the buildings are on the parcels
    std::vector<BuildingRecord> buildings;
    std::vector<ZoneShare> parcel_zone_shares;  // each parcel's share in each zone it touches
    // Dataset::indicator's index: "scope\x1findicator" → row, for indicators.size() rows.
    mutable std::unordered_map<std::string, size_t> indicator_index;
    mutable size_t indicator_index_rows = 0;
    std::vector<IndicatorRow> indicators;
    std::vector<ZoneTotal> zone_totals;  // in zone order
    std::optional<ZoneType> zone_type;  // decided by the indicators stage
    std::string zone_type_reason;  // how it was decided

    // measure: jobs-housing
    std::vector<JobsHousingRow> jobs_housing;
    JobsHousingGrid jh_grid;
    JobsHousingBasis jh_basis;

    // judge
    std::vector<JudgedRule> judged_rules;
    std::vector<RuleOutcome> compliance;
    // The texts the outcomes name (reasons, any-of details), each once; [0] is no text.
    struct OutcomeText {
        std::string zh, en;
    };
    std::vector<OutcomeText> outcome_texts = {OutcomeText{}};
    std::uint32_t outcome_text(const std::string& zh, const std::string& en);  // the existing one or a new one
    const OutcomeText& text_of(std::uint32_t index) const { return outcome_texts.at(index); }
    std::unordered_map<std::string, std::uint32_t> outcome_text_index;  // zh '\0' en → index
    std::vector<AppliedRuleSet> rule_sets;
    std::vector<ParcelCompliance> parcel_compliance;  // in parcel order
    std::vector<ComplianceCount> compliance_summary;  // scope by scope, rule set by rule set
    std::vector<ZoneJudgement> zone_judgements;       // in zone order
    // The GB/T 4754 crosswalk judge read (the report's 容积率-by-industry chart reads the same one).
    std::shared_ptr<const IndustryCrosswalk> industry_crosswalk;

    std::vector<Finding> findings;

    // Wall time of each stage's run(), in seconds, in order (parkgis run --timings; scripts/bench).
    std::vector<std::pair<std::string, double>> stage_seconds;
    // The process's peak resident memory (MiB) when each stage ended (--timings; what the memory work measures).
    std::map<std::string, double> stage_peak_mib;

    // The indicator row of a scope, or nullptr. Looked up in an index made when the rows changed in number
    // (a linear search per zone and indicator was quadratic in the zones: 10 000 zones wrote for 38 s).
    const IndicatorRow* indicator(const std::string& scope_id, const std::string& indicator_id) const;

    // The zone_stats row of a scope: the project's evaluation.zone_stats_rows mapping, the scope's own
    // id, then the usual ids (core: the only core zone; expansion: the clusters' parent; total: ALL).
    struct ZoneStatsRow {
        const Feature* row = nullptr;
        std::string row_id;
        std::string reason;  // when not found: why, and what to set
    };
    ZoneStatsRow zone_stats_row(const std::string& scope_id) const;

    // Every zone, then each kind present (核心区, 扩区), then 合计 (the whole application).
    std::vector<Scope> scopes() const;

    Layer* layer(const std::string& role);
    const Layer* layer(const std::string& role) const;
    std::vector<const Layer*> layers_of(const std::string& role) const;
    void add(Finding f) { findings.push_back(std::move(f)); }
};

}  // namespace parkgis
