#include "parkgis/pipeline.hpp"

#include <chrono>
#include <filesystem>
#include <optional>

#include "parkgis/check/check_stage.hpp"
#include "parkgis/judge/judge_stage.hpp"
#include "parkgis/measure/measure_stage.hpp"
#include "parkgis/normalize/normalize_stage.hpp"
#include "parkgis/read/read_stage.hpp"
#include "parkgis/report/report_stage.hpp"
#include "parkgis/write/output_set.hpp"
#include "parkgis/write/write_stage.hpp"

namespace parkgis {

std::vector<std::unique_ptr<Stage>> default_stages() {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::make_unique<ReadStage>());
    stages.push_back(std::make_unique<NormalizeStage>());
    stages.push_back(std::make_unique<CheckStage>());
    stages.push_back(std::make_unique<MeasureStage>());
    stages.push_back(std::make_unique<JudgeStage>());
    stages.push_back(std::make_unique<WriteStage>());
    stages.push_back(std::make_unique<ReportStage>());
    return stages;
}

Dataset run_pipeline(const Project& project, const RunOptions& options, bool validate_only) {
    auto stages = default_stages();
    // --lean runs the overlay job alone: the judge and the report are neither prepared nor run.
    auto skipped = [&](const Stage& s) { return options.lean && (s.name() == "judge" || s.name() == "report"); };
    for (auto& s : stages)
        if (!skipped(*s)) s->prepare(project, options);
    Dataset dataset;
    dataset.project = &project;
    if (validate_only) return dataset;
    // Every file of the run goes into one set, moved into place only after the last stage (output_set.hpp).
    std::optional<OutputSet> outputs;
    RunOptions with_outputs = options;
    if (!options.check_only) {
        const std::filesystem::path gpkg(output_paths(project, options).geopackage);
        outputs.emplace(gpkg.parent_path().string(), gpkg.stem().string());
        with_outputs.outputs = &*outputs;
    }
    const double n = static_cast<double>(stages.size());
    for (size_t i = 0; i < stages.size(); ++i) {
        if (options.check_only && stages[i]->name() == "write") break;
        if (skipped(*stages[i])) continue;
        RunOptions staged = with_outputs;
        if (options.progress)
            staged.progress = [&, i](double f, const std::string& label) { options.progress((i + f) / n, label); };
        const auto start = std::chrono::steady_clock::now();
        stages[i]->run(dataset, staged);
        dataset.stage_seconds.emplace_back(
            stages[i]->name(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (outputs) outputs->commit();
    if (options.progress) options.progress(1.0, "done");
    return dataset;
}

}  // namespace parkgis
