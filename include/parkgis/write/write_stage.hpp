#pragma once
#include "parkgis/stage.hpp"

namespace parkgis {

struct OutputPaths {
    std::string geopackage;        // e.g. out/wansheng.gpkg
    std::string coordinate_file;   // e.g. out/wansheng_boundary_points.txt
    std::string report_folder;     // e.g. out/report (index.html, the workbook, csv/)
    std::string report_html;       // out/report/index.html
    std::string workbook;          // out/report/wansheng.xlsx
    std::string csv_folder;        // out/report/csv (wansheng_<table>.csv)
};

// The GeoPackage path: -o, else the project's `output`, else out/<name>.gpkg (current folder).
OutputPaths output_paths(const Project& project, const RunOptions& options);

// write: the GeoPackage (zones, boundary_points, findings, qa_issues, area_summary, provenance
// metadata) and the coordinate text file, each written atomically.
class WriteStage : public Stage {
public:
    std::string name() const override { return "write"; }
    std::string description() const override { return "write the GeoPackage and the 界址点 coordinate file atomically"; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

}  // namespace parkgis
