#pragma once
// The measure stage's layers in the GeoPackage: parcels, buildings, indicators and the 扩区
// comparison. Internal to libparkgis.
#include <gdal_priv.h>

#include <map>
#include <string>

#include "parkgis/dataset.hpp"
#include "parkgis/judge/judge.hpp"

namespace parkgis::detail {

// compliance: parcel_compliance(d), which the caller needs too.
void write_buildings(GDALDataset& ds, const Dataset& d);
// zone_totals: each parcel counted wholly in the zone holding its largest part (an attribute table).
// --lean: the parcels with the overlay job's columns only (docs/benchmarks.md).
void write_lean_parcels(GDALDataset& ds, const Dataset& d);
void write_expansion_comparison(GDALDataset& ds, const Dataset& d);

}  // namespace parkgis::detail
