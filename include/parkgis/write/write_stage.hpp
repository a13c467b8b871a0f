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

// overwrite=true: replace a GeoPackage that holds work done in QGIS since parkgis wrote it (a project saved
// again, a layer added); by default such a file is refused before anything is read (parkgis run --overwrite).
StageOption overwrite_option();

// write: the GeoPackage (zones, parcels, buildings, boundary_points, indicators, compliance, findings …,
// their QGIS styles, the embedded project and the provenance metadata) and the coordinate text file, staged
// in the run's output set.
class WriteStage : public Stage {
public:
    std::string name() const override { return "write"; }
    std::string description() const override {
        return "write the GeoPackage (styled, with its QGIS project) and the 界址点 coordinate file";
    }
    std::vector<std::string> needs() const override { return {"judge"}; }
    std::vector<StageOption> options() const override { return {overwrite_option()}; }
    bool writes_files() const override { return true; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

// write-overlay: the overlay job's tables alone (parkgis run --lean, docs/benchmarks.md): parcels with
// the overlay's columns, zone_totals and the provenance; no styles, project or coordinate file.
class OverlayWriteStage : public Stage {
public:
    std::string name() const override { return "write-overlay"; }
    std::string description() const override {
        return "write the overlay job's tables alone: parcels and zone_totals (parkgis run --lean)";
    }
    std::vector<std::string> needs() const override { return {"measure"}; }
    std::vector<StageOption> options() const override { return {overwrite_option()}; }
    bool writes_files() const override { return true; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

}  // namespace parkgis
