// Jobs-housing balance: the moving window against a brute-force sum, band edges, the balance need,
// commuting flows, the activity tables, and data-driven cases (tests/data/jobs_housing/<case>.yaml,
// each with its hand computation in the comments).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "case_loader.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/measure/measure_stage.hpp"
#include "parkgis/measure/moving_window.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {

// Σ over the cells whose centre is within the radius, cell by cell: what window_sums must equal.
std::vector<double> brute_force(const std::vector<double>& v, int cols, int rows, double radius, WindowShape shape) {
    std::vector<double> out(v.size(), 0.0);
    const int k = static_cast<int>(std::floor(radius + 1e-9));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            for (int dr = -k; dr <= k; ++dr)
                for (int dc = -k; dc <= k; ++dc) {
                    const int rr = r + dr, cc = c + dc;
                    if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
                    if (shape == WindowShape::circle && dr * dr + dc * dc > radius * radius + 1e-9) continue;
                    out[r * cols + c] += v[rr * cols + cc];
                }
    return out;
}

TEST(MovingWindow, SummedAreaTableByHand) {
    // 1 2 3      (row 0)
    // 4 5 6      (row 1)
    // 7 8 9      (row 2)
    const SummedAreaTable t({1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
    EXPECT_EQ(t.sum(0, 0, 2, 2), 45);
    EXPECT_EQ(t.sum(1, 1, 1, 1), 5);
    EXPECT_EQ(t.sum(1, 0, 2, 1), 2 + 3 + 5 + 6);
    EXPECT_EQ(t.sum(-5, -5, 0, 0), 1);  // clipped to the grid
    EXPECT_EQ(t.sum(3, 0, 4, 2), 0);    // entirely outside
}

TEST(MovingWindow, SquareAndCircleByHand) {
    const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    // Square, one cell around: the centre sees all 45; a corner sees its 2 × 2 block.
    const auto square = window_sums(v, 3, 3, 1.0, WindowShape::square);
    EXPECT_EQ(square[4], 45);
    EXPECT_EQ(square[0], 1 + 2 + 4 + 5);
    EXPECT_EQ(square[5], 2 + 3 + 5 + 6 + 8 + 9);
    // Circle of radius 1: the centre and its four neighbours (diagonals are √2 away).
    const auto circle = window_sums(v, 3, 3, 1.0, WindowShape::circle);
    EXPECT_EQ(circle[4], 2 + 4 + 5 + 6 + 8);
    EXPECT_EQ(circle[0], 1 + 2 + 4);
    // Radius 1.5 reaches the diagonals: the same as the square.
    EXPECT_EQ(window_sums(v, 3, 3, 1.5, WindowShape::circle), square);
    // Radius 0: each cell alone.
    EXPECT_EQ(window_sums(v, 3, 3, 0.0, WindowShape::square), v);
}

TEST(MovingWindow, EqualsBruteForceOnARandomGrid) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    const int cols = 53, rows = 41;
    std::vector<double> v(cols * rows);
    for (auto& x : v) x = u(rng) < 0.3 ? std::floor(1000 * u(rng)) : 0.0;  // sparse, like people
    for (double radius : {1.0, 2.0, 2.5, 4.0})
        for (auto shape : {WindowShape::square, WindowShape::circle}) {
            const auto fast = window_sums(v, cols, rows, radius, shape);
            const auto slow = brute_force(v, cols, rows, radius, shape);
            for (size_t i = 0; i < v.size(); ++i)
                ASSERT_NEAR(fast[i], slow[i], 1e-6) << "radius " << radius << " cell " << i;
        }
}

TEST(MovingWindow, EmptyWindowsAreExactlyZeroBesideLargeValues) {
    std::vector<double> v(100 * 100, 0.0);
    v[0] = 1e7;  // a city's worth of people in one corner cell
    v[1] = 0.3;
    const auto s = window_sums(v, 100, 100, 2.0, WindowShape::square);
    EXPECT_EQ(s[50 * 100 + 50], 0.0);  // far away: no rounding dust
    EXPECT_DOUBLE_EQ(s[2], 1e7 + 0.3);
}

std::vector<JobsHousingBand> default_bands() {
    const Project p = test::project_for(YAML::Node(), "bands");
    return p.jobs_housing.bands;
}

TEST(JobsHousingBands, EdgesBelongToTheBandAboveExceptTheBalancedUpperEdge) {
    const auto bands = default_bands();
    auto band = [&](double r) { return band_of(r, bands).id; };
    EXPECT_EQ(band(0), "housing_severe");
    EXPECT_EQ(band(0.4999), "housing_severe");
    EXPECT_EQ(band(0.5), "housing_mild");
    EXPECT_EQ(band(0.7999), "housing_mild");
    EXPECT_EQ(band(0.8), "balanced");
    EXPECT_EQ(band(1.2), "balanced");  // 0.8–1.2 基本平衡 holds both edges
    EXPECT_EQ(band(1.2000001), "jobs_mild");
    EXPECT_EQ(band(1.4999), "jobs_mild");
    EXPECT_EQ(band(1.5), "jobs_severe");  // ≥ 1.5 严重就业倾向
    EXPECT_EQ(band(40), "jobs_severe");
    EXPECT_EQ(band_of(1.0, bands).name_zh, "基本平衡");
}

// One cell per case (a 5 × 1 grid of 100 m cells, windows of 9 cells): what the jobs-housing stage decides for
// each cell, which jh_grid then only writes.
TEST(JobsHousingGrid, CellsClassifiedByHand) {
    JobsHousingSettings s;
    s.bands = default_bands();
    s.complete_coverage_pct = 50;
    JobsHousingGrid g;
    g.cell_m = 100;
    g.columns = 5;
    g.rows = 1;
    const double cell = 100.0 * 100.0;
    g.window_jobs = {0, 100, 60, 0, 40};
    g.window_workers = {0, 100, 0, 50, 100};
    g.window_cells = {9, 9, 9, 9, 9};
    g.window_covered_m2 = {0, 9 * cell, 4.5 * cell, 9 * cell, 2.7 * cell};
    classify_grid_cells(g, s);
    using S = GridCellStatus;
    EXPECT_EQ(g.status, (std::vector<S>{S::none, S::ok, S::jobs_only, S::homes_only, S::partial}));
    EXPECT_EQ(g.window_ratio[0], std::nullopt);
    EXPECT_DOUBLE_EQ(*g.window_ratio[1], 1.0);
    EXPECT_EQ(g.window_ratio[2], std::nullopt);  // no resident workers: no ratio
    EXPECT_DOUBLE_EQ(*g.window_ratio[3], 0.0);
    EXPECT_DOUBLE_EQ(*g.window_ratio[4], 0.4);
    auto band = [&](size_t i) { return g.window_band[i] < 0 ? std::string() : s.bands[g.window_band[i]].name_zh; };
    EXPECT_EQ(band(0), "");
    EXPECT_EQ(band(1), "基本平衡");
    EXPECT_EQ(band(2), s.bands.back().name_zh);  // jobs and nobody to fill them: the most jobs-leaning band
    EXPECT_EQ(band(3), s.bands.front().name_zh);
    EXPECT_EQ(band(4), s.bands.front().name_zh);  // 0.4 < 0.5
    EXPECT_DOUBLE_EQ(g.window_coverage_pct[1], 100.0);
    EXPECT_DOUBLE_EQ(g.window_coverage_pct[2], 50.0);   // 50 % is complete enough
    EXPECT_DOUBLE_EQ(g.window_coverage_pct[4], 30.0);
}

TEST(JobsHousingBands, BalanceNeedByHand) {
    Project p = test::project_for(YAML::Node(), "need");
    auto& s = p.jobs_housing;
    s.floor_area_per_resident_m2 = 40;
    s.employment_ratio = 0.5;
    s.floor_area_per_dwelling_m2 = 100;
    // 1500 jobs, 1000 resident workers: 1500 / 1.2 = 1250 workers → +250 workers, +500 residents,
    // 20 000 m², 200 dwellings.
    auto n = balance_need(1500, 1000, s);
    EXPECT_DOUBLE_EQ(n.workers, 250);
    EXPECT_DOUBLE_EQ(n.residents, 500);
    EXPECT_DOUBLE_EQ(n.floor_area_m2, 20000);
    EXPECT_DOUBLE_EQ(n.dwellings, 200);
    EXPECT_EQ(n.jobs, 0);
    // 400 jobs, 1000 workers: 0.8 × 1000 − 400 = 400 jobs to add.
    n = balance_need(400, 1000, s);
    EXPECT_DOUBLE_EQ(n.jobs, 400);
    EXPECT_EQ(n.workers, 0);
    // Inside the band, and on both its edges: nothing.
    for (double jobs : {800.0, 1000.0, 1200.0}) {
        n = balance_need(jobs, 1000, s);
        EXPECT_EQ(n.workers + n.jobs, 0) << jobs;
    }
}

TEST(JobsHousingSettings, BadBandsAndRadiiNameTheLine) {
    auto load = [](const std::string& yaml) {
        const auto path = fs::temp_directory_path() / "jh_bad.yaml";
        std::ofstream(path) << "name: t\ninputs: {zones: z.shp}\njobs_housing:\n" << yaml;
        return load_project(path.string());
    };
    auto message = [&](const std::string& yaml) {
        try {
            load(yaml);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message("  bands:\n    - {id: a, zh: 甲, max: 1}\n    - {id: b, zh: 乙, min: 1.5, balanced: true}\n")
                  .find("jh_bad.yaml:6: bands must be ascending and contiguous"),
              std::string::npos);
    EXPECT_NE(message("  bands:\n    - {id: a, zh: 甲, max: 1}\n    - {id: b, zh: 乙, min: 1}\n").find("exactly one band"),
              std::string::npos);
    EXPECT_NE(message("  catchment_radii_m: [5000, 1000]\n").find("jh_bad.yaml:4: catchment radii must be positive and "
                                                                 "ascending"),
              std::string::npos);
    EXPECT_NE(message("  employment_ratio: 53\n").find("employment_ratio is a share"), std::string::npos);
    EXPECT_NE(message("  window_shape: hexagon\n").find("window_shape must be square"), std::string::npos);
    EXPECT_NE(message("  cell: 500\n").find("unknown key 'cell' in jobs_housing"), std::string::npos);
}

TEST(ActivityTables, BundledTablesAndErrors) {
    const auto t = ActivityTables::load(bundled_data_path("measure/activity_classes.csv"),
                                        bundled_data_path("measure/employment_density.csv"));
    EXPECT_EQ(t.activity_of_use("厂房"), "industrial");
    EXPECT_EQ(t.activity_of_use("Office"), "office");
    EXPECT_EQ(t.activity_of_code("GB50137-2011", "R21"), "residential");
    EXPECT_EQ(t.activity_of_code("GB50137-2011", "R22"), "public");  // 服务设施 under R
    EXPECT_EQ(t.activity_of_code("GB50137-2011", "B21"), "office");
    EXPECT_EQ(t.activity_of_code("用地用海2023", "110101"), "warehouse");
    EXPECT_EQ(t.activity_of_code("三调", "0508"), "warehouse");
    EXPECT_EQ(t.activity_of_code("GB50137-2011", "X9"), "");
    ASSERT_NE(t.density("industrial"), nullptr);
    EXPECT_EQ(t.density("industrial")->m2_per_job, 35);
    EXPECT_EQ(t.density("retail")->net_to_gross, 0.8);
    EXPECT_NE(t.density("retail")->source.find("15–20 m² NIA"), std::string::npos);  // a quoted cell with commas

    const auto dir = fs::temp_directory_path();
    std::ofstream(dir / "density_bad.csv") << "activity,m2_per_job,floor_area_basis,net_to_gross,source,status\n"
                                              "industrial,0,GFA,1,somewhere,checked\n";
    try {
        ActivityTables::load(bundled_data_path("measure/activity_classes.csv"), (dir / "density_bad.csv").string());
        FAIL() << "a zero density was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("density_bad.csv:2: m2_per_job must be greater than zero"),
                  std::string::npos)
            << e.what();
    }
    std::ofstream(dir / "activity_bad.csv") << "kind,system,key,activity\nuse,,厂房,factory_floor\n";
    try {
        ActivityTables::load((dir / "activity_bad.csv").string(), bundled_data_path("measure/employment_density.csv"));
        FAIL() << "an unknown activity was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("activity_bad.csv:2: activity 'factory_floor' has no employment density"),
                  std::string::npos)
            << e.what();
    }
}

// ---------------------------------------------------------------------------------------------------
// Data-driven cases

const fs::path kCases = fs::path(PARKGIS_SOURCE_DIR) / "tests/data/jobs_housing";

std::optional<double> row_value(const JobsHousingRow& r, const std::string& key) {
    const std::map<std::string, std::optional<double>> values = {
        {"jobs", r.jobs},
        {"jobs_enterprise", r.jobs_enterprise},
        {"residents", r.residents},
        {"resident_workers", r.resident_workers},
        {"households", r.households},
        {"ratio", r.ratio},
        {"jobs_per_household", r.jobs_per_household},
        {"coverage_pct", r.coverage_pct()},
        {"workers_needed", r.workers_needed},
        {"residents_needed", r.residents_needed},
        {"housing_floor_area_m2", r.housing_floor_area_m2},
        {"dwellings_needed", r.dwellings_needed},
        {"jobs_needed", r.jobs_needed},
        {"self_containment_pct", r.self_containment_pct},
        {"job_localisation_pct", r.job_localisation_pct},
        {"in_commuters", r.in_commuters},
        {"out_commuters", r.out_commuters},
        {"local_workers", r.local_workers},
    };
    auto it = values.find(key);
    if (it == values.end()) ADD_FAILURE() << "unknown row key " << key;
    return it == values.end() ? std::nullopt : it->second;
}

void expect_value(const std::optional<double>& actual, const YAML::Node& expected, const std::string& what) {
    if (expected.IsNull()) {
        EXPECT_FALSE(actual.has_value()) << what << " should be empty, is " << actual.value_or(0);
        return;
    }
    const double e = expected.as<double>();
    ASSERT_TRUE(actual.has_value()) << what << ": no value";
    EXPECT_NEAR(*actual, e, 1e-9 * std::max(1.0, std::abs(e))) << what;
}

class JobsHousingCase : public testing::TestWithParam<std::string> {};

TEST_P(JobsHousingCase, MatchesHandComputedValues) {
    const YAML::Node c = YAML::LoadFile((kCases / (GetParam() + ".yaml")).string());
    const Project project = test::project_for(c, GetParam());
    Dataset d;
    d.project = &project;
    d.working_crs = srs_from_epsg(4545);
    for (const char* role : {"parcels", "buildings", "enterprises", "population", "commuting"})
        if (c[role]) d.layers.push_back(test::layer_from(c[role], role));
    test::add_zones(d, c["zones"]);
    if (const Layer* parcels = d.layer("parcels")) {
        const auto table = LanduseTable::load(bundled_data_path("measure/landuse_classes.csv"));
        d.parcels = classify_parcels(*parcels, table, project.measure, d.findings);
        if (const Layer* buildings = d.layer("buildings"))
            d.buildings = overlay_buildings(*buildings, *parcels, d.parcels, project.measure, d.findings);
    }
    const auto tables = ActivityTables::load(bundled_data_path("measure/activity_classes.csv"),
                                             bundled_data_path("measure/employment_density.csv"));
    compute_jobs_housing(d, tables);

    const YAML::Node e = c["expect"];
    for (const auto& kv : e["rows"]) {
        const auto key = kv.first.as<std::string>();  // scope_id@radius
        const auto at = key.find('@');
        const std::string id = key.substr(0, at);
        const double radius = std::stod(key.substr(at + 1));
        auto row = std::find_if(d.jobs_housing.begin(), d.jobs_housing.end(),
                                [&](const auto& r) { return r.scope_id == id && r.radius_m == radius; });
        ASSERT_NE(row, d.jobs_housing.end()) << key;
        for (const auto& field : kv.second) {
            const auto name = field.first.as<std::string>();
            if (name == "band") EXPECT_EQ(row->band_id, field.second.as<std::string>()) << key;
            else if (name == "status") EXPECT_EQ(label(row->status).id, field.second.as<std::string>()) << key << ": " << row->reason;
            else if (name == "coverage_pct")
                EXPECT_NEAR(row->coverage_pct(), field.second.as<double>(), 1e-6) << key;
            else expect_value(row_value(*row, name), field.second, key + "." + name);
        }
    }
    for (const auto& kv : e["basis"]) {
        const auto name = kv.first.as<std::string>();
        const auto& b = d.jh_basis;
        const std::map<std::string, double> values = {
            {"enterprise_jobs", b.enterprise_jobs},
            {"floor_area_on_enterprise_parcels_m2", b.floor_area_on_enterprise_parcels_m2},
            {"unmapped_floor_area_m2", b.unmapped_floor_area_m2},
            {"enterprises_with_employees", b.enterprises_with_employees},
            {"enterprises_without_employees", b.enterprises_without_employees},
            {"enterprises_outside_parcels", b.enterprises_outside_parcels}};
        ASSERT_TRUE(values.count(name)) << name;
        EXPECT_DOUBLE_EQ(values.at(name), kv.second.as<double>()) << name;
    }
    if (const auto& grid = e["grid"]) {
        const auto& g = d.jh_grid;
        ASSERT_GT(g.size(), 0u);
        for (const auto& kv : grid) {
            const auto key = kv.first.as<std::string>();
            if (key == "origin") {
                EXPECT_EQ(g.origin_x, kv.second[0].as<double>());
                EXPECT_EQ(g.origin_y, kv.second[1].as<double>());
                continue;
            }
            const int col = std::stoi(key.substr(0, key.find('-'))), row = std::stoi(key.substr(key.find('-') + 1));
            const size_t i = static_cast<size_t>(row) * g.columns + col;
            const double cell_area = g.cell_m * g.cell_m;
            const std::map<std::string, double> values = {
                {"jobs", g.jobs[i]},
                {"residents", g.residents[i]},
                {"resident_workers", g.resident_workers[i]},
                {"window_jobs", g.window_jobs[i]},
                {"window_workers", g.window_workers[i]},
                {"window_coverage_pct", 100 * g.window_covered_m2[i] / (g.window_cells[i] * cell_area)}};
            for (const auto& field : kv.second) {
                const auto name = field.first.as<std::string>();
                ASSERT_TRUE(values.count(name)) << name;
                EXPECT_NEAR(values.at(name), field.second.as<double>(), 1e-6) << key << "." << name;
            }
        }
    }
    for (const auto& scope : e["indicators"])
        for (const auto& kv : scope.second) {
            const IndicatorRow* r = d.indicator(scope.first.as<std::string>(), kv.first.as<std::string>());
            ASSERT_NE(r, nullptr) << kv.first.as<std::string>();
            expect_value(r->value, kv.second, scope.first.as<std::string>() + "." + kv.first.as<std::string>());
        }
    for (const auto& scope : e["not_available"])
        for (const auto& id : scope.second) {
            const IndicatorRow* r = d.indicator(scope.first.as<std::string>(), id.as<std::string>());
            ASSERT_NE(r, nullptr);
            EXPECT_EQ(r->status, ValueStatus::not_available);
            EXPECT_FALSE(r->reason.empty());
        }
    std::set<std::string> expected, actual;
    for (const auto& f : e["findings"]) expected.insert(f.as<std::string>());
    for (const auto& f : d.findings)
        if (f.check_id.rfind("JH-", 0) == 0) actual.insert(f.check_id);
    EXPECT_EQ(actual, expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, JobsHousingCase, testing::ValuesIn(test::case_names(kCases)),
                         [](const auto& info) { return info.param; });

}  // namespace
