// Commands choose their stages: each job runs what it lists and nothing else, and a job that cannot run
// (an unknown stage, a stage before what it needs, an option no stage of it declares) is refused up front.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parkgis/errors.hpp"
#include "parkgis/pipeline.hpp"
#include "parkgis/project.hpp"
#include "parkgis/read/written_geopackage.hpp"

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

// parkgis report: the GeoPackage a run wrote, read back, is the Dataset the report was made from — every
// rule outcome, indicator, 职住比 row, finding and area the report reads, value for value.
TEST(Pipeline, ReportJobReadsBackWhatTheRunWrote) {
    const Scratch scratch;
    const auto ran = run_job(parkgis::job::run_without_report, scratch);
    const auto written = parkgis::project_of_written_geopackage(scratch.gpkg());
    EXPECT_EQ(written.name, "wansheng");
    EXPECT_EQ(written.title, "重庆万盛经开区 市级高新区申报（示例数据）");
    ASSERT_EQ(written.jobs_housing.bands.size(), 5u);
    EXPECT_EQ(written.jobs_housing.bands[2].id, "balanced");
    EXPECT_TRUE(written.jobs_housing.bands[2].balanced);
    EXPECT_EQ(written.jobs_housing.bands[2].min, 0.8);
    parkgis::RunOptions options;
    options.stages = parkgis::job::report;
    options.output_path = scratch.gpkg();
    const auto back = parkgis::run_pipeline(written, options);
    EXPECT_EQ(stages_run(back), parkgis::job::report);
    EXPECT_TRUE(fs::exists(scratch.folder / "out" / "report" / "index.html"));

    EXPECT_EQ(back.working_epsg, 4545);
    EXPECT_EQ(back.prefixed_epsg, 4524);
    EXPECT_EQ(back.gk_zone, 36);
    EXPECT_EQ(back.inputs.size(), ran.inputs.size());
    EXPECT_EQ(back.zone_type, ran.zone_type);
    EXPECT_EQ(back.zone_type_reason, ran.zone_type_reason);
    EXPECT_EQ(back.jh_basis.parameters, ran.jh_basis.parameters);
    EXPECT_EQ(back.boundary_points.size(), ran.boundary_points.size());
    ASSERT_EQ(back.zones.size(), ran.zones.size());
    for (size_t i = 0; i < ran.zones.size(); ++i) {
        EXPECT_EQ(back.zones[i].zone_id, ran.zones[i].zone_id);
        EXPECT_EQ(back.zones[i].group, ran.zones[i].group);
        EXPECT_EQ(back.zones[i].area.planar_m2, ran.zones[i].area.planar_m2);
    }
    ASSERT_EQ(back.area_summary.size(), ran.area_summary.size());
    for (size_t i = 0; i < ran.area_summary.size(); ++i) {
        EXPECT_EQ(back.area_summary[i].scope, ran.area_summary[i].scope);
        EXPECT_EQ(back.area_summary[i].zone_count, ran.area_summary[i].zone_count);
        EXPECT_EQ(back.area_summary[i].area.planar_m2, ran.area_summary[i].area.planar_m2);
    }
    ASSERT_EQ(back.findings.size(), ran.findings.size());
    for (size_t i = 0; i < ran.findings.size(); ++i) {
        EXPECT_EQ(back.findings[i].check_id, ran.findings[i].check_id);
        EXPECT_EQ(back.findings[i].severity, ran.findings[i].severity);
        EXPECT_EQ(back.findings[i].message_zh, ran.findings[i].message_zh);
    }
    ASSERT_EQ(back.parcels.size(), ran.parcels.size());
    for (size_t i = 0; i < ran.parcels.size(); ++i) {
        EXPECT_EQ(back.parcels[i].parcel_id, ran.parcels[i].parcel_id);
        EXPECT_EQ(back.parcels[i].far_gfa_m2, ran.parcels[i].far_gfa_m2);
    }
    ASSERT_EQ(back.indicators.size(), ran.indicators.size());
    for (size_t i = 0; i < ran.indicators.size(); ++i) {
        EXPECT_EQ(back.indicators[i].indicator_id, ran.indicators[i].indicator_id);
        EXPECT_EQ(back.indicators[i].value, ran.indicators[i].value);
        EXPECT_EQ(back.indicators[i].realization, ran.indicators[i].realization);
        EXPECT_EQ(back.indicators[i].status, ran.indicators[i].status);
    }
    ASSERT_EQ(back.jobs_housing.size(), ran.jobs_housing.size());
    for (size_t i = 0; i < ran.jobs_housing.size(); ++i) {
        EXPECT_EQ(back.jobs_housing[i].ratio, ran.jobs_housing[i].ratio);
        EXPECT_EQ(back.jobs_housing[i].band_zh, ran.jobs_housing[i].band_zh);
    }
    ASSERT_EQ(back.judged_rules.size(), ran.judged_rules.size());
    for (size_t i = 0; i < ran.judged_rules.size(); ++i) {
        EXPECT_EQ(back.judged_rules[i].rule_id, ran.judged_rules[i].rule_id);
        EXPECT_EQ(back.judged_rules[i].citation, ran.judged_rules[i].citation);
        EXPECT_EQ(back.judged_rules[i].severity, ran.judged_rules[i].severity);
    }
    ASSERT_EQ(back.compliance.size(), ran.compliance.size());
    for (size_t i = 0; i < ran.compliance.size(); ++i) {
        EXPECT_EQ(back.compliance[i].rule, ran.compliance[i].rule);
        EXPECT_EQ(back.compliance[i].parcel, ran.compliance[i].parcel);
        EXPECT_EQ(back.compliance[i].status, ran.compliance[i].status);
        EXPECT_EQ(back.compliance[i].actual, ran.compliance[i].actual);
    }
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
                   "jobs-housing, judge, write, write-overlay, report, read-written"},
        RefusedJob{{"report"}, {}, "pipeline: the stage report needs write before it; the job is: report"},
        RefusedJob{parkgis::job::run_without_report, {{"write.overwrite", "maybe"}},
                   "write: the option overwrite is true or false, not 'maybe'"},
        RefusedJob{{"read", "read"}, {}, "pipeline: the stage read is listed twice"},
        RefusedJob{{"read", "normalize"}, {{"normalize.colour", "red"}},
                   "pipeline: the stage normalize has no option 'colour' (parkgis stages lists them)"},
        RefusedJob{{"read"}, {{"normalize.repair", "false"}},
                   "pipeline: the option normalize.repair is for the stage normalize, which this job does not run "
                   "(read)"},
        RefusedJob{{"read", "normalize"}, {{"normalize.repair", "maybe"}},
                   "normalize: the option repair is true or false, not 'maybe'"}));
