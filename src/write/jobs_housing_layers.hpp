#pragma once
// The jobs-housing layers in the GeoPackage: 职住比 per scope and catchment (jobs_housing), the grid
// with its moving-window ratio (jh_grid), and how jobs and residents were estimated (jh_basis).
// Internal to libparkgis.
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include "parkgis/dataset.hpp"

namespace parkgis::detail {

void write_jobs_housing(GDALDataset& ds, const Dataset& d);
void write_jh_grid(GDALDataset& ds, const Dataset& d);


// The parameters and estimation basis, for the provenance metadata.
nlohmann::json jobs_housing_provenance(const Dataset& d);

}  // namespace parkgis::detail
