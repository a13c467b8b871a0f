#pragma once
// The measure stage's layers in the GeoPackage: parcels, buildings, indicators and the 扩区
// comparison. Internal to libparkgis.
#include <gdal_priv.h>

#include "parkgis/dataset.hpp"

namespace parkgis::detail {

void write_parcels(GDALDataset& ds, const Dataset& d);
void write_buildings(GDALDataset& ds, const Dataset& d);
void write_indicators(GDALDataset& ds, const Dataset& d);
void write_expansion_comparison(GDALDataset& ds, const Dataset& d);

}  // namespace parkgis::detail
