#pragma once
// The judge stage's tables in the GeoPackage: every rule outcome, the per-zone summary and the rule
// sets applied (with the project's overrides). Internal to libparkgis.
#include <gdal_priv.h>

#include "parkgis/dataset.hpp"

namespace parkgis::detail {

void write_compliance(GDALDataset& ds, const Dataset& d);

}  // namespace parkgis::detail
