#pragma once
// A pipeline of named stages (PDAL/osmium style): prepare() validates without touching files,
// run() does the work on the shared Dataset.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

class OutputSet;

// Progress in [0, 1] with a short label; the CLI draws it on a terminal, tests ignore it.
using ProgressFn = std::function<void(double fraction, const std::string& label)>;

struct RunOptions {
    std::string output_path;  // GeoPackage; empty: the project's default
    bool repair = true;       // false: --no-repair refuses invalid geometry
    bool check_only = false;  // parkgis check: stop after check, write nothing
    bool report = true;       // false: --no-report (no report/ folder: HTML, XLSX, CSV)
    // --lean: the overlay job alone (docs/benchmarks.md): per-parcel and per-zone totals in a GeoPackage
    // with the parcels and zone_totals tables; no judge, jobs-housing, indicators, styles or report.
    bool lean = false;
    ProgressFn progress;
    // The run's output set (run_pipeline makes it): the writers add their files, the pipeline commits them
    // together once every stage has run.
    OutputSet* outputs = nullptr;
};

class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    // Validates options and inputs; writes nothing.
    virtual void prepare(const Project& project, const RunOptions& options) = 0;
    virtual void run(Dataset& dataset, const RunOptions& options) = 0;
};

}  // namespace parkgis
