#pragma once
// Making source geometry usable: 2D, linear, finite, valid, polygonal where the role needs it.
#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <string>

namespace parkgis {

// GEOS's reason why a geometry is invalid, or empty when it is valid.
std::string invalid_reason(const OGRGeometry& g);

// True when every coordinate is finite.
bool has_finite_coordinates(const OGRGeometry& g);

// No projected or geographic CRS parkgis accepts has coordinates this large (zone-prefixed Gauss-Krüger
// eastings stay below 4.6e7 m); beyond it a file is damaged, and GEOS's noding can run for hours.
inline constexpr double kMaxPlausibleCoordinate = 1e9;

// Throws GeometryError (where names the feature) for NaN/infinite or implausibly large coordinates.
void check_coordinate_values(const OGRGeometry& g, const std::string& where);

// True when g is one ring of at most 64 vertices that is clearly simple (no edges touching, none folding
// back, a non-zero area, every test clear of rounding): such a polygon is valid without asking GEOS. False
// means "ask GEOS", not "invalid".
bool clearly_valid_simple_polygon(const OGRGeometry& g);

// Area of a polygon, multipolygon or collection in CRS units² (0 for points and lines).
double polygonal_area(const OGRGeometry& g);

// Keeps only the polygonal parts of g as a MultiPolygon (nullptr when there are none).
std::unique_ptr<OGRMultiPolygon> polygonal_parts(const OGRGeometry& g);

// Repairs an invalid polygonal geometry with GEOS MakeValid (structure method), keeping polygons.
std::unique_ptr<OGRGeometry> repair_polygonal(const OGRGeometry& g);

// One source geometry on its way into the working model: 2D, linear, polygonal where the role needs it,
// rings closed, in the working CRS, valid (repaired unless the caller forbids it).
struct IngestContext {
    std::string layer_where;  // "file, layer 'x'" for messages
    long long fid = -1;       // the feature's source fid and id, for messages
    std::string id;
    std::string where() const;  // "file, layer 'x', feature 3 (P3)", built only when a message needs it
    std::string role;       // input role, for messages
    bool polygons = false;  // the role needs polygons
    bool repair = true;     // false: an invalid polygon is a GeometryError (--no-repair)
    const OGRCoordinateTransformation* from_web_map = nullptr;  // GCJ-02/BD-09 → WGS 84, before to_working
    const OGRCoordinateTransformation* to_working = nullptr;    // nullptr: already in the working CRS
    std::string source_crs_label;
};

struct IngestedGeometry {
    enum class Outcome { kept, empty, repaired, unrepairable } outcome = Outcome::kept;
    std::unique_ptr<OGRGeometry> geometry;  // set for kept and repaired
    bool dropped_zm = false, linearised = false, rings_closed = false;
    std::string invalid_reason;  // repaired or unrepairable: GEOS's reason
    double repaired_area = 0;    // repaired: area after repair, working CRS units²
};

// Throws GeometryError for NaN/infinite coordinates, a non-polygonal geometry where polygons are needed and
// (with repair off) an invalid polygon; CrsError when the transformation fails. Never throws anything else
// for any geometry OGR can hold.
IngestedGeometry ingest_geometry(std::unique_ptr<OGRGeometry> g, const IngestContext& context);

}  // namespace parkgis
