#include "parkgis/pipeline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>

#include "parkgis/check/check_stage.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/judge/judge_stage.hpp"
#include "parkgis/measure/measure_stage.hpp"
#include "parkgis/normalize/normalize_stage.hpp"
#include "parkgis/read/read_stage.hpp"
#include "parkgis/read/written_geopackage.hpp"
#include "parkgis/report/report_stage.hpp"
#include "parkgis/write/output_set.hpp"
#include "parkgis/write/write_stage.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "pipeline";

std::string joined(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

// The job's stages, made and checked: known names, each once, each after the stages it needs, and every
// stage option given one a stage of the job declares.
std::vector<std::unique_ptr<Stage>> stages_of(const RunOptions& options) {
    std::vector<std::unique_ptr<Stage>> stages;
    std::set<std::string> before;
    for (const auto& name : options.stages) {
        auto stage = make_stage(name);
        if (before.count(name)) throw UsageError(kStage, fmt::format("the stage {} is listed twice", name));
        for (const auto& need : stage->needs())
            if (!before.count(need))
                throw UsageError(kStage, fmt::format("the stage {} needs {} before it; the job is: {}", name, need,
                                                     joined(options.stages)));
        before.insert(name);
        for (const auto& result : stage->stands_for()) before.insert(result);
        stages.push_back(std::move(stage));
    }
    for (const auto& [key, value] : options.stage_options) {
        const auto dot = key.find('.');
        const std::string stage = key.substr(0, dot), option = dot == std::string::npos ? "" : key.substr(dot + 1);
        const auto it = std::find_if(stages.begin(), stages.end(), [&](const auto& s) { return s->name() == stage; });
        if (it == stages.end())
            throw UsageError(kStage, fmt::format("the option {} is for the stage {}, which this job does not run ({})",
                                                 key, stage, joined(options.stages)));
        const auto declared = (*it)->options();
        if (std::none_of(declared.begin(), declared.end(), [&](const StageOption& o) { return o.name == option; }))
            throw UsageError(kStage, fmt::format("the stage {} has no option '{}' (parkgis stages lists them)", stage,
                                                 option));
    }
    return stages;
}

}  // namespace

bool RunOptions::runs(const std::string& stage) const {
    return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

std::string Stage::option(const RunOptions& options, const std::string& option_name) const {
    for (const auto& o : this->options())
        if (o.name == option_name) {
            const auto it = options.stage_options.find(name() + "." + option_name);
            return it == options.stage_options.end() ? o.default_value : it->second;
        }
    throw std::logic_error(name() + " reads an option it does not declare: " + option_name);
}

std::vector<std::unique_ptr<Stage>> all_stages() {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::make_unique<ReadStage>());
    stages.push_back(std::make_unique<NormalizeStage>());
    stages.push_back(std::make_unique<CheckStage>());
    stages.push_back(std::make_unique<MeasureStage>());
    stages.push_back(std::make_unique<IndicatorStage>());
    stages.push_back(std::make_unique<JobsHousingStage>());
    stages.push_back(std::make_unique<JudgeStage>());
    stages.push_back(std::make_unique<WriteStage>());
    stages.push_back(std::make_unique<OverlayWriteStage>());
    stages.push_back(std::make_unique<ReportStage>());
    stages.push_back(std::make_unique<ReadWrittenStage>());
    return stages;
}

std::unique_ptr<Stage> make_stage(const std::string& name) {
    std::vector<std::string> names;
    for (auto& s : all_stages()) {
        if (s->name() == name) return std::move(s);
        names.push_back(s->name());
    }
    throw UsageError(kStage, fmt::format("there is no stage '{}'; the stages are: {}", name, joined(names)));
}

Pipeline::Pipeline(const Project& project, RunOptions options)
    : m_project(project), m_options(std::move(options)), m_stages(stages_of(m_options)) {
    for (auto& s : m_stages) s->prepare(m_project, m_options);
}

Dataset Pipeline::run() {
    Dataset dataset;
    dataset.project = &m_project;
    // Every file of the run goes into one set, moved into place only after the last stage (output_set.hpp).
    std::optional<OutputSet> outputs;
    RunOptions with_outputs = m_options;
    if (std::any_of(m_stages.begin(), m_stages.end(), [](const auto& s) { return s->writes_files(); })) {
        const std::filesystem::path gpkg(output_paths(m_project, m_options).geopackage);
        outputs.emplace(gpkg.parent_path().string(), gpkg.stem().string());
        with_outputs.outputs = &*outputs;
    }
    const ProgressFn& progress = m_options.progress;
    const double n = static_cast<double>(m_stages.size());
    for (size_t i = 0; i < m_stages.size(); ++i) {
        RunOptions staged = with_outputs;
        if (progress) staged.progress = [&, i](double f, const std::string& label) { progress((i + f) / n, label); };
        const auto start = std::chrono::steady_clock::now();
        m_stages[i]->run(dataset, staged);
        dataset.stage_seconds.emplace_back(
            m_stages[i]->name(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        rusage usage{};
        if (getrusage(RUSAGE_SELF, &usage) == 0)
            dataset.stage_peak_mib[m_stages[i]->name()] = static_cast<double>(usage.ru_maxrss) / 1024;  // Linux: KiB
    }
    if (outputs) outputs->commit();
    if (progress) progress(1.0, "done");
    return dataset;
}

Dataset run_pipeline(const Project& project, const RunOptions& options, bool validate_only) {
    Pipeline pipeline(project, options);
    if (validate_only) {
        Dataset dataset;
        dataset.project = &project;
        return dataset;
    }
    return pipeline.run();
}

}  // namespace parkgis
