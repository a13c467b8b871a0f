#pragma once
// Apportioning by intersection area (never by a spatial predicate): buildings → parcels and
// parcels → zones. Both overlays use a packed R-tree and all cores.
#include <optional>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// How many floors a building has and how its storeys count for 容积率.
struct FloorResolution {
    std::optional<double> floors;  // empty: no floor area (skip policy)
    FloorsSource source = FloorsSource::none;
    double far_factor = 1;         // 2 when the storey height exceeds the double-count height
    std::optional<double> gfa_m2;  // a given total floor area (apportioned by footprint share)
};
FloorResolution resolve_floors(std::optional<double> floors, std::optional<double> height_m,
                               std::optional<double> gfa_m2, std::optional<double> storey_height_m, bool industrial,
                               const MeasureSettings& settings);

// Cuts every building footprint by the parcel boundaries and adds footprint, GFA and 容积率 GFA to
// the parcels by intersection area. Buildings outside every parcel, and buildings without any floor
// information, become findings.
std::vector<BuildingRecord> overlay_buildings(const Layer& buildings, const Layer& parcels_layer,
                                              std::vector<ParcelRecord>& parcels, const MeasureSettings& settings,
                                              std::vector<Finding>& findings);

// Shares of each parcel in each zone; sets each parcel's largest zone. Parcels split by a zone
// boundary beyond settings.split_report_pct, and parcels outside every zone, become findings.
std::vector<ZoneShare> apportion_parcels_to_zones(const std::vector<ZoneRecord>& zones, const Layer& parcels_layer,
                                                  std::vector<ParcelRecord>& parcels, const MeasureSettings& settings,
                                                  std::vector<Finding>& findings);

}  // namespace parkgis
