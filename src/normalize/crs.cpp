#include "parkgis/normalize/crs.hpp"

#include <fmt/format.h>

#include <cmath>

#include "parkgis/errors.hpp"

namespace parkgis {

namespace {
constexpr int kFirstZone = 25, kLastZone = 45;
constexpr int kFirstCmEpsg = 4534, kFirstPrefixedEpsg = 4513;

GaussKrugerZone make_zone(int zone) {
    return {zone, 3 * zone, kFirstCmEpsg + zone - kFirstZone, kFirstPrefixedEpsg + zone - kFirstZone};
}
}  // namespace

GaussKrugerZone select_gauss_kruger_zone(double lon_deg) {
    if (!std::isfinite(lon_deg))
        throw CrsError("normalize", "cannot choose a Gauss-Krüger zone: the boundary centroid is not a finite longitude");
    const int zone = static_cast<int>(std::lround(lon_deg / 3.0));
    if (zone < kFirstZone || zone > kLastZone)
        throw CrsError("normalize", fmt::format("longitude {:.4f}° is outside the CGCS2000 3-degree Gauss-Krüger zones "
                                                "25–45 (73.5°E–136.5°E); set working_crs in the project file to a "
                                                "projected CRS for this area",
                                                lon_deg));
    return make_zone(zone);
}

GaussKrugerZone gauss_kruger_zone_of_epsg(int epsg) {
    if (epsg >= kFirstCmEpsg && epsg <= kFirstCmEpsg + kLastZone - kFirstZone) return make_zone(epsg - kFirstCmEpsg + kFirstZone);
    if (epsg >= kFirstPrefixedEpsg && epsg <= kFirstPrefixedEpsg + kLastZone - kFirstZone)
        return make_zone(epsg - kFirstPrefixedEpsg + kFirstZone);
    return {};
}

OGRSpatialReference srs_from_epsg(int epsg) {
    OGRSpatialReference srs;
    if (srs.importFromEPSG(epsg) != OGRERR_NONE)
        throw CrsError("normalize", fmt::format("PROJ does not know EPSG:{}; is proj-data installed?", epsg));
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

}  // namespace parkgis
