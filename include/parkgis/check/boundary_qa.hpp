#pragma once
// Boundary QA (docs/architecture.md, check): declared vs measured area, overlaps, gaps, slivers, holes,
// and overlap with constraint layers. Each function returns findings; none prints.
#include <optional>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// Groups zone features by zone_id (dissolving multi-row zones) and resolves each kind.
std::vector<ZoneRecord> assemble_zones(const Layer& zones, std::vector<Finding>& findings);

// Measures planar and ellipsoidal areas, parts and holes.
void measure_zone_areas(std::vector<ZoneRecord>& zones, const OGRSpatialReference& working_crs);

// A finding when measured (planar) and declared areas differ by more than tolerance_pct.
std::optional<Finding> check_declared_area(const ZoneRecord& zone, double tolerance_pct);

// Pairwise overlaps (envelope sweep, no all-pairs loop); adds the overlap area to each zone.
std::vector<Finding> find_overlaps(std::vector<ZoneRecord>& zones, double min_area_m2);

// Gaps between neighbouring zones narrower than width_m (morphological closing of the union,
// keeping only the gap pieces that touch two or more zones).
std::vector<Finding> find_gaps(const std::vector<ZoneRecord>& zones, double width_m, double min_area_m2);

// Zone parts whose mean width (2 × area / perimeter) is below width_m.
std::vector<Finding> find_slivers(const std::vector<ZoneRecord>& zones, double width_m);

// One info finding per hole.
std::vector<Finding> list_holes(const std::vector<ZoneRecord>& zones);

// The Chinese name of a constraint kind (永久基本农田 …); the kind itself when it is not a known one.
std::string constraint_kind_zh(const std::string& kind);

// Area of each zone inside basic farmland / eco red line and outside the urban development
// boundary. A kind without a layer stays "not available".
std::vector<Finding> check_constraints(std::vector<ZoneRecord>& zones, const std::vector<const Layer*>& constraints,
                                       double min_area_m2);

// Rows per zone, per kind (core, expansion) and overall; group areas are of the union.
std::vector<AreaSummaryRow> summarise_areas(const std::vector<ZoneRecord>& zones, const OGRSpatialReference& working_crs);

}  // namespace parkgis
