#pragma once
// read → normalize → check → measure → judge → write → report
#include <memory>
#include <vector>

#include "parkgis/stage.hpp"

namespace parkgis {

std::vector<std::unique_ptr<Stage>> default_stages();

// Runs prepare() of every stage, then (unless validate_only) run() in order. check_only stops
// before write. Throws parkgis::Error subclasses.
Dataset run_pipeline(const Project& project, const RunOptions& options, bool validate_only = false);

}  // namespace parkgis
