// Commands choose their stages: each job runs what it lists and nothing else, and a job that cannot run
// (an unknown stage, a stage before what it needs, an option no stage of it declares) is refused up front.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parkgis/errors.hpp"
#include "parkgis/pipeline.hpp"
#include "parkgis/project.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kSample = std::string(PARKGIS_SOURCE_DIR) + "/layers/wansheng/project.yaml";

std::vector<std::string> stages_run(const parkgis::Dataset& d) {
    std::vector<std::string> names;
    for (const auto& [name, seconds] : d.stage_seconds)
        if (name.find('.') == std::string::npos) names.push_back(name);  // not measure's own steps
    return names;
}

struct Scratch {
    fs::path folder = fs::temp_directory_path() / ("parkgis-pipeline-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    Scratch() { fs::remove_all(folder); }
    ~Scratch() { fs::remove_all(folder); }
    std::string gpkg() const { return (folder / "out" / "w.gpkg").string(); }
};

// The sample run as a job, writing (if the job writes) under the scratch folder. The project lives as long as
// the dataset that points to it.
parkgis::Dataset run_job(const std::vector<std::string>& job, const Scratch& scratch) {
    static const auto project = parkgis::load_project(kSample);
    parkgis::RunOptions options;
    options.stages = job;
    options.output_path = scratch.gpkg();
    return parkgis::run_pipeline(project, options);
}

}  // namespace

TEST(Pipeline, CheckJobMeasuresJudgesAndWritesNothing) {
    const Scratch scratch;
    const auto d = run_job(parkgis::job::check, scratch);
    EXPECT_EQ(stages_run(d), (std::vector<std::string>{"read", "normalize", "check"}));
    EXPECT_EQ(d.zones.size(), 6u);
    EXPECT_EQ(d.area_summary.size(), 9u);  // six zones, the core and expansion subtotals, the total
    EXPECT_FALSE(d.boundary_points.empty());
    EXPECT_TRUE(d.parcels.empty());
    EXPECT_TRUE(d.buildings.empty());
    EXPECT_TRUE(d.indicators.empty());
    EXPECT_TRUE(d.jobs_housing.empty());
    EXPECT_TRUE(d.judged_rules.empty());
    EXPECT_TRUE(d.compliance.empty());
    EXPECT_FALSE(fs::exists(scratch.folder));
}

TEST(Pipeline, EvaluateJobComputesEverythingAndWritesNothing) {
    const Scratch scratch;
    const auto d = run_job(parkgis::job::evaluate, scratch);
    EXPECT_EQ(stages_run(d), parkgis::job::evaluate);
    EXPECT_FALSE(d.indicators.empty());
    EXPECT_FALSE(d.jobs_housing.empty());
    EXPECT_FALSE(d.compliance.empty());
    EXPECT_FALSE(fs::exists(scratch.folder));
}

TEST(Pipeline, LeanJobWritesTheOverlayTablesAlone) {
    const Scratch scratch;
    const auto d = run_job(parkgis::job::lean, scratch);
    EXPECT_FALSE(d.parcels.empty());
    EXPECT_TRUE(d.indicators.empty());
    EXPECT_TRUE(d.jobs_housing.empty());
    EXPECT_TRUE(d.compliance.empty());
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(scratch.folder))
        files.push_back(fs::relative(e.path(), scratch.folder).string());
    EXPECT_EQ(files, (std::vector<std::string>{"out", "out/w.gpkg"}));
}

struct RefusedJob {
    std::vector<std::string> stages;
    std::vector<std::pair<std::string, std::string>> stage_options;
    std::string message;
};

class PipelineRefuses : public ::testing::TestWithParam<RefusedJob> {};

TEST_P(PipelineRefuses, BeforeReadingAnything) {
    const auto project = parkgis::load_project(kSample);
    parkgis::RunOptions options;
    options.stages = GetParam().stages;
    for (const auto& [key, value] : GetParam().stage_options) options.stage_options[key] = value;
    try {
        parkgis::run_pipeline(project, options, /*validate_only=*/true);
        FAIL() << "accepted";
    } catch (const parkgis::UsageError& e) {
        EXPECT_EQ(e.what(), GetParam().message);
        EXPECT_EQ(e.exit_code(), 2);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Jobs, PipelineRefuses,
    ::testing::Values(
        RefusedJob{{"read", "check"}, {}, "pipeline: the stage check needs normalize before it; the job is: read, check"},
        RefusedJob{{"read", "normalize", "check", "judge"}, {},
                   "pipeline: the stage judge needs indicators before it; the job is: read, normalize, check, judge"},
        RefusedJob{{"read", "paint"}, {},
                   "pipeline: there is no stage 'paint'; the stages are: read, normalize, check, measure, indicators, "
                   "jobs-housing, judge, write, write-overlay, report"},
        RefusedJob{{"read", "read"}, {}, "pipeline: the stage read is listed twice"},
        RefusedJob{{"read", "normalize"}, {{"normalize.colour", "red"}},
                   "pipeline: the stage normalize has no option 'colour' (parkgis stages lists them)"},
        RefusedJob{{"read"}, {{"normalize.repair", "false"}},
                   "pipeline: the option normalize.repair is for the stage normalize, which this job does not run "
                   "(read)"},
        RefusedJob{{"read", "normalize"}, {{"normalize.repair", "maybe"}},
                   "normalize: the option repair is true or false, not 'maybe'"}));
