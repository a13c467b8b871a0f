#pragma once
// The report's maps, rendered by Mapnik from the written GeoPackage (layers/report/maps.yaml).
// Internal to libparkgis.
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

class GDALDataset;

namespace parkgis::report {

struct LegendEntry {
    std::string label;
    std::string fill;    // CSS colour, "" for none
    double fill_opacity = 1;
    std::string stroke;  // CSS colour, "" for none
    bool dashed = false;
};

struct RenderedMap {
    std::string id, title_zh, title_en;
    bool available = true;
    std::string reason;  // when not available
    std::string png;     // PNG bytes
    int width_px = 0, height_px = 0;  // of the PNG (drawn at twice the CSS size for sharp print)
    double metres_per_px = 0;         // ground metres per PNG pixel
    std::vector<LegendEntry> legend;
};

// Renders every map of maps.yaml; a map whose layer is missing comes back not available.
// Throws OutputError when Mapnik or its Chinese font is missing (says what to install).
// gpkg is the open GeoPackage (its layers and extents); Mapnik reads the file at `geopackage` itself.
std::vector<RenderedMap> render_maps(GDALDataset& gpkg, const std::string& geopackage, const Dataset& dataset,
                                     const std::string& maps_file);

}  // namespace parkgis::report
