#pragma once
// report/index.html: one self-contained page (inline CSS, images as data: URIs, no script, a
// Content-Security-Policy that forbids every load) built from layers/report/report.html.
// Internal to libparkgis.
#include <string>
#include <vector>

#include "charts.hpp"
#include "map_renderer.hpp"
#include "report_tables.hpp"

namespace parkgis::report {

struct ReportContent {
    const Dataset* dataset = nullptr;
    std::vector<Table> tables;
    std::vector<RenderedMap> maps;
    std::vector<ReportChart> charts;
    std::string geopackage, workbook, csv_folder;  // file names, as the page mentions them
    std::string area_method;                       // as recorded in the GeoPackage
    std::string date, generator;
};

std::string build_html_report(const ReportContent& content, const std::string& template_path);

// The largest 1, 2 or 5 × 10^k not above v (a scale-bar length), v > 0.
double nice_floor(double v);

}  // namespace parkgis::report
