#pragma once
// 界址点: boundary-point tables in CGCS2000 Gauss-Krüger (domain-spec §1.7).
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// Numbers the vertices of a zone J1, J2, … Outer rings first (part by part), then holes; each
// ring starts at its vertex nearest the north-west corner of its bounding box. Outer rings run
// clockwise and holes anticlockwise, so the zone always lies on the right of the walk.
// `geometry` is in `working_crs`; X is the northing and Y the easting in the zone-prefixed CRS
// `prefixed_epsg` (EPSG:4513–4533); y_east is the easting without prefix.
std::vector<BoundaryPoint> number_boundary_points(const std::string& zone_id, const std::string& zone_name,
                                                  const OGRGeometry& geometry, const OGRSpatialReference& working_crs,
                                                  int prefixed_epsg);

// The three transformations behind a 界址点 table (zone-prefixed and plain Gauss-Krüger, CGCS2000 geographic),
// set up once for every zone of a run: PROJ's set-up, three per zone, was most of the check stage.
class BoundaryPointProjector {
public:
    BoundaryPointProjector(const OGRSpatialReference& working_crs, int prefixed_epsg);
    ~BoundaryPointProjector();
    // Fills bp's coordinates from its working ones; false when a transformation fails.
    bool project(BoundaryPoint& bp) const;

private:
    std::unique_ptr<OGRCoordinateTransformation> m_to_prefixed, m_to_plain, m_to_geog;
};

std::vector<BoundaryPoint> number_boundary_points(const std::string& zone_id, const std::string& zone_name,
                                                  const OGRGeometry& geometry, const BoundaryPointProjector& projector);

// The area the ring's coordinates enclose as the coordinate file prints them (X and Y to the centimetre), by
// the shoelace formula: what a land-authority system recomputes from the file. It differs from the zone's
// measured area by the rounding alone (at most the perimeter × 0.71 cm).
double ring_area_as_printed_m2(const std::vector<const BoundaryPoint*>& ring);

// The rings of the points (each zone's, part by part, ring by ring, in the points' order).
std::vector<BoundaryRing> boundary_rings(const std::vector<BoundaryPoint>& points);

// 106°54′12.34″ (seconds to 0.01″, as the coordinate submission rules ask).
std::string format_dms(double degrees);

}  // namespace parkgis
