#pragma once
// CGCS2000 3-degree Gauss-Krüger zones (domain-spec §1.7): zone = round(lon / 3), CM = 3 × zone.
#include <ogr_spatialref.h>

namespace parkgis {

struct GaussKrugerZone {
    int zone = 0;             // 25 … 45 over China
    int central_meridian = 0; // degrees east
    int epsg = 0;             // CM variant, easting without zone prefix (4534 … 4554)
    int prefixed_epsg = 0;    // zone-prefixed easting, for coordinate tables (4513 … 4533)
};

// The zone whose central meridian is nearest to lon. Throws CrsError outside China's zones 25–45.
GaussKrugerZone select_gauss_kruger_zone(double lon_deg);

// The zone of an EPSG code in either CGCS2000 GK family, or zone 0 if it is neither.
GaussKrugerZone gauss_kruger_zone_of_epsg(int epsg);

// An SRS from an EPSG code with x = easting/longitude (traditional GIS order).
OGRSpatialReference srs_from_epsg(int epsg);

inline constexpr int kCgcs2000Geographic = 4490;

}  // namespace parkgis
