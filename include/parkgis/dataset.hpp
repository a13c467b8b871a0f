#pragma once
// The in-memory Dataset that the stages pass along (DESIGN.md §1): canonical layers in one working
// CRS, the findings, and the results each stage adds.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parkgis/project.hpp"

namespace parkgis {

using FieldValue = std::variant<std::monostate, long long, double, std::string>;

struct Feature {
    long long source_fid = -1;
    std::string id;  // canonical id (zone_id, parcel_id, …) or "fid <n>" when the role has none
    std::unique_ptr<OGRGeometry> geometry;
    std::map<std::string, FieldValue> fields;  // canonical fields (zone_stats: every source field)

    std::optional<std::string> text(const std::string& field) const;
    std::optional<double> number(const std::string& field) const;
};

struct Layer {
    const InputSpec* spec = nullptr;
    std::string role;
    std::string source_path;
    std::string source_layer;
    std::string constraint_kind;
    OGRSpatialReference source_crs;  // as read (empty for tables)
    std::vector<std::string> source_files;  // every file behind the source, for checksums
    std::vector<Feature> features;
    bool has_geometry = true;

    std::string describe() const;  // "file.shp, layer 'zones'"
};

enum class Severity { info, warning, error };
const char* severity_name(Severity s);

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
};

// Areas of a zone or of a group of zones (DESIGN.md §3, zones layer).
struct AreaMeasure {
    double planar_m2 = 0;       // in the working Gauss-Krüger CRS
    double ellipsoidal_m2 = 0;  // geodesic, on the CGCS2000 ellipsoid
};

struct ZoneRecord {
    std::string zone_id, name, kind, parent_id;
    std::string group;  // core or expansion: the kind total this zone counts towards
    std::optional<double> declared_area_km2;
    std::unique_ptr<OGRGeometry> geometry;  // dissolved, working CRS
    AreaMeasure area;
    int parts = 0, holes = 0, boundary_point_count = 0;
    double overlap_m2 = 0;
    std::optional<double> basic_farmland_m2, eco_redline_m2, outside_udb_m2;  // empty: layer not given
    std::string qa_status = "ok";  // ok, warning, error
};

// A row of the area summary: a zone, a kind total (core / expansion) or the overall total.
struct AreaSummaryRow {
    std::string scope;  // zone, kind, total
    std::string id, name, kind;
    std::optional<double> declared_area_km2;
    AreaMeasure area;
    int zone_count = 0;
};

struct BoundaryPoint {
    std::string zone_id, zone_name;
    int ring = 0;  // 圈号: 1-based; outer rings first, then holes
    bool hole = false;
    int number = 0;  // J<number>
    double x_north = 0, y_east_prefixed = 0, y_east = 0;  // zone-prefixed and plain GK
    double lon = 0, lat = 0;
    double work_x = 0, work_y = 0;  // in the working CRS, for the point geometry
};

struct InputRecord {
    std::string role, path, layer;
    std::vector<std::pair<std::string, std::string>> files_sha256;
    long long feature_count = 0;
    std::string source_crs;
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

    std::vector<Finding> findings;

    Layer* layer(const std::string& role);
    const Layer* layer(const std::string& role) const;
    std::vector<const Layer*> layers_of(const std::string& role) const;
    void add(Finding f) { findings.push_back(std::move(f)); }
};

}  // namespace parkgis
