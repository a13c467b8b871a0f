#pragma once
// Chinese web-map coordinates (GCJ-02 "火星坐标" of 高德/腾讯/天地图-era exports, and Baidu's BD-09): WGS 84
// longitude/latitude moved by an obfuscation offset of a few hundred metres inside China. A planner who traces
// a boundary on such a map gets coordinates that PROJ cannot convert (no datum describes the offset);
// parkgis undoes the offset with the published forward formulas, inverted by iteration.
#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace parkgis {

enum class WebMapDatum { none, gcj02, bd09 };

// "GCJ-02", "gcj02", "BD-09", "bd09" (any case) → the datum; none for anything else.
WebMapDatum web_map_datum_from_name(const std::string& name);
const char* web_map_datum_name(WebMapDatum d);

// True inside the rectangle where the GCJ-02 offset applies (mainland China, roughly).
bool in_gcj02_area(double lon, double lat);

// WGS 84 → GCJ-02 (the forward, published formula) and back (iterated to 1e-9°, i.e. < 0.1 mm).
void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);
void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat);
void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);

// An OGR transformation from web-map coordinates to WGS 84 (EPSG:4326, traditional lon/lat order), for
// OGRGeometry::transform ahead of the PROJ transformation to the working CRS.
std::unique_ptr<OGRCoordinateTransformation> web_map_to_wgs84(WebMapDatum d);

}  // namespace parkgis
