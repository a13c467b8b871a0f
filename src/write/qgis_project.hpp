#pragma once
// The QGIS project embedded in the GeoPackage (table qgis_projects): every output layer, referenced by a
// path relative to the GeoPackage, with its styles, two map themes and the print layouts of
// layers/styles/layouts/. Internal to libparkgis.
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"
#include "qgis_styles.hpp"
#include "sqlite_session.hpp"

namespace parkgis::detail {

// Where the layout's map goes on paper: a "nice" scale that fits the zones into a frame, and a grid
// interval of 25–60 mm on paper. Exposed for the unit tests.
struct MapFrame {
    double scale = 0;
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;  // working CRS
    double grid_interval_m = 0;
    double scalebar_segment_m = 0;  // one of four scale-bar segments, at most 12 mm on paper
};
MapFrame fit_map_frame(double env_xmin, double env_ymin, double env_xmax, double env_ymax, double width_mm,
                       double height_mm);

// The .qgs XML. gpkg_file_name: the GeoPackage's final file name (layers are "./<name>|layername=…").
std::string build_qgis_project(const Dataset& d, const std::vector<OutputLayer>& layers,
                               const std::vector<LayerStyle>& styles, const std::string& gpkg_file_name,
                               const std::string& date);

// Zips the project as QGIS does (.qgz with one .qgs) and stores it in qgis_projects (content: the
// zip's bytes in hex text; metadata: JSON).
void write_qgis_project(SqliteSession& db, const std::string& project_name, const std::string& qgs_xml);

}  // namespace parkgis::detail
