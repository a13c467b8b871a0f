#pragma once
// A GeoPackage parkgis wrote, read back: `parkgis report OUT.gpkg` rebuilds report/ from it, so a planner who
// corrected attributes in QGIS gets a page, workbook and CSV files that agree with the edited file.
#include <string>

#include "parkgis/stage.hpp"

namespace parkgis {

// The project as the GeoPackage's provenance records it (name, title, notice, the jobs-housing bands and the
// GB/T 4754 edition), with `output` set to the GeoPackage. Throws InputError naming the file when it is not a
// GeoPackage written by `parkgis run` (no provenance, or written with --lean).
Project project_of_written_geopackage(const std::string& geopackage);

// read-written: the Dataset the report reads (zones, areas, findings, indicators, 职住比, rules and their
// outcomes, parcels), read from the GeoPackage at output_paths(project, options).geopackage. It stands for
// every stage up to write, so a job of read-written → report is complete.
class ReadWrittenStage : public Stage {
public:
    std::string name() const override { return "read-written"; }
    std::string description() const override {
        return "read a GeoPackage parkgis wrote back into the Dataset (parkgis report)";
    }
    std::vector<std::string> stands_for() const override {
        return {"read", "normalize", "check", "measure", "indicators", "jobs-housing", "judge", "write"};
    }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

}  // namespace parkgis
