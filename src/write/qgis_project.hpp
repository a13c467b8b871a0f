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

// The map and its legend together, so that the legend hides no zone and no finding. The legend sits in a
// corner of the map frame (lower left, lower right, upper left; the north arrow holds the upper right); the
// zones are pushed to the opposite side of the frame (a 3 % margin), and when no corner is free at the
// fitted scale the next nice scale is tried (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8 × 10ⁿ), up to twice
// the fitted one; then the corner covering least. frame_*: the map item on paper (mm); legend_*: its size
// (mm); obstacles: zones and findings' places (working CRS). The grid and scale-bar steps follow the scale.
struct LegendPlacement {
    int corner = 0;           // 0 lower left, 1 lower right, 2 upper left
    double x = 0, y = 0;      // the reference point on paper (mm)
    int reference_point = 6;  // QGIS: 6 lower left, 8 lower right, 0 upper left
    double covered_m2 = 0;    // of the obstacles under it (0: none)
};
struct MapWithLegend {
    MapFrame map;
    LegendPlacement legend;
};
MapWithLegend fit_map_with_legend(double env_xmin, double env_ymin, double env_xmax, double env_ymax, double frame_x,
                                  double frame_y, double frame_w, double frame_h, double legend_w, double legend_h,
                                  const std::vector<const OGRGeometry*>& obstacles);

// The .qgs XML. gpkg_file_name: the GeoPackage's final file name (layers are "./<name>|layername=…").
std::string build_qgis_project(const Dataset& d, const std::vector<OutputLayer>& layers,
                               const std::vector<LayerStyle>& styles, const std::string& gpkg_file_name,
                               const std::string& date);

// Zips the project as QGIS does (.qgz with one .qgs) and stores it in qgis_projects (content: the
// zip's bytes in hex text; metadata: JSON).
void write_qgis_project(SqliteSession& db, const std::string& project_name, const std::string& qgs_xml);

}  // namespace parkgis::detail
