#pragma once
// A pipeline of named stages (PDAL/osmium style): prepare() validates without touching files,
// run() does the work on the shared Dataset. Commands choose their stages (a job is a list of stage
// names, below); each stage declares its own options with their defaults.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

class OutputSet;

// Progress in [0, 1] with a short label; the CLI draws it on a terminal, tests ignore it.
using ProgressFn = std::function<void(double fraction, const std::string& label)>;

// The stages each command runs, in order (docs/architecture.md).
namespace job {
// parkgis check: areas and boundary QA; nothing measured, judged or written.
inline const std::vector<std::string> check = {"read", "normalize", "check"};
// Every computation, nothing written (library users, the whole-run fuzz target).
inline const std::vector<std::string> evaluate = {"read",    "normalize",    "check", "measure",
                                                  "indicators", "jobs-housing", "judge"};
// parkgis run: every output.
inline const std::vector<std::string> run = {"read",         "normalize", "check", "measure", "indicators",
                                             "jobs-housing", "judge",     "write", "report"};
// parkgis run --no-report: the GeoPackage and the coordinate file.
inline const std::vector<std::string> run_without_report = {"read",         "normalize", "check", "measure",
                                                            "indicators",   "jobs-housing", "judge", "write"};
// parkgis run --lean: the overlay job alone (docs/benchmarks.md): parcels and zone_totals.
inline const std::vector<std::string> lean = {"read", "normalize", "check", "measure", "write-overlay"};
// parkgis report OUT.gpkg: report/ rebuilt from a GeoPackage written earlier (and perhaps edited in QGIS).
inline const std::vector<std::string> report = {"read-written", "report"};
}  // namespace job

struct RunOptions {
    std::vector<std::string> stages = job::run;  // the job: stage names in order
    std::string output_path;                     // GeoPackage; empty: the project's default
    // Stage options as "stage.option" → value; an option not given takes the stage's declared default.
    std::map<std::string, std::string> stage_options;
    ProgressFn progress;
    // The run's output set (run_pipeline makes it when a stage writes): the writers add their files, the
    // pipeline commits them together once every stage has run.
    OutputSet* outputs = nullptr;

    bool runs(const std::string& stage) const;
};

// One option a stage takes (PDAL's addArgs): its name, default and what it does.
struct StageOption {
    std::string name;
    std::string default_value;
    std::string description;
};

class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    // The options this stage reads from RunOptions::stage_options, with their defaults.
    virtual std::vector<StageOption> options() const { return {}; }
    // The stages whose results this one reads: each must come earlier in the job.
    virtual std::vector<std::string> needs() const { return {}; }
    // The stages whose results this one brings in without running them (read-written: a GeoPackage written
    // earlier); a later stage's needs are met by them.
    virtual std::vector<std::string> stands_for() const { return {}; }
    // True for the stages that write files (the pipeline then makes the run's output set).
    virtual bool writes_files() const { return false; }
    // Validates options and inputs; writes nothing.
    virtual void prepare(const Project& project, const RunOptions& options) = 0;
    virtual void run(Dataset& dataset, const RunOptions& options) = 0;

protected:
    // The value of one of this stage's declared options: given in options.stage_options, else its default.
    std::string option(const RunOptions& options, const std::string& option_name) const;
};

}  // namespace parkgis
