#pragma once
// read → normalize → check → measure → indicators → jobs-housing → judge → write → report; a command
// runs the stages of its job (stage.hpp, namespace job).
#include <memory>
#include <string>
#include <vector>

#include "parkgis/stage.hpp"

namespace parkgis {

// Every stage parkgis has, in pipeline order (parkgis stages lists them with their options).
std::vector<std::unique_ptr<Stage>> all_stages();

// The stage of that name; throws UsageError for an unknown name.
std::unique_ptr<Stage> make_stage(const std::string& name);

// A job's stages, made, checked and prepared once. run() reads the inputs afresh each time, so a caller that
// runs the same project again (the whole-run fuzz target, a plugin after the planner edited a layer) pays
// for loading the rule sets and tables once.
class Pipeline {
public:
    Pipeline(const Project& project, RunOptions options);
    Dataset run();

private:
    const Project& m_project;
    RunOptions m_options;
    std::vector<std::unique_ptr<Stage>> m_stages;
};

// Runs prepare() of every stage of options.stages, then (unless validate_only) their run() in order.
// A job with a stage missing what it needs, an unknown stage or an undeclared stage option is refused
// before anything is read. Throws parkgis::Error subclasses.
Dataset run_pipeline(const Project& project, const RunOptions& options, bool validate_only = false);

}  // namespace parkgis
