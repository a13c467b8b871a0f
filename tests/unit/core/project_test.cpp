#include "parkgis/project.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parkgis/errors.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {
std::string write(const std::string& name, const std::string& text) {
    const auto path = fs::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

std::string error_of(const std::string& path) {
    try {
        load_project(path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(LoadProject, ResolvesPathsAgainstTheProjectFolder) {
    auto path = write("pg_ok.yaml", "name: t\ninputs:\n  zones: {path: data/z.shp, encoding: GBK}\n");
    Project p = load_project(path);
    EXPECT_EQ(p.name, "t");
    ASSERT_NE(p.input("zones"), nullptr);
    EXPECT_EQ(p.input("zones")->path, (fs::temp_directory_path() / "data/z.shp").string());
    EXPECT_EQ(p.input("zones")->encoding, "GBK");
    EXPECT_EQ(p.checks.area_tolerance_pct, 0.5);
}

TEST(LoadProject, ByteOrderMarkIsAccepted) {
    auto path = write("pg_bom.yaml", "\xEF\xBB\xBFname: t\ninputs:\n  zones: z.shp\n");
    EXPECT_EQ(load_project(path).name, "t");
}

TEST(LoadProject, UnknownKeyNamesFileAndLine) {
    auto path = write("pg_unknown.yaml", "name: t\ninputs:\n  zones: z.shp\nouptut: x.gpkg\n");
    EXPECT_EQ(error_of(path), "project: " + path +
                                  ":4: unknown key 'ouptut' in the project file; allowed keys: checks, "
                                  "coordinate_file, coordinate_file_encoding, evaluation, inputs, jobs_housing, judge, layout, measure, name, "
                                  "notice, output, title, working_crs");
}

TEST(LoadProject, WrongTypeNamesFileAndLine) {
    auto path = write("pg_type.yaml", "name: t\nchecks:\n  sliver_width_m: wide\ninputs:\n  zones: z.shp\n");
    EXPECT_EQ(error_of(path), "project: " + path + ":3: 'sliver_width_m' must be a number, not 'wide'");
}

TEST(LoadProject, UnknownCanonicalFieldListsTheKnownOnes) {
    auto path = write("pg_field.yaml", "name: t\ninputs:\n  zones:\n    path: z.shp\n    fields: {area: MJ}\n");
    EXPECT_NE(error_of(path).find(":5: 'area' is not a canonical field of zones; known: zone_id, name, kind, "
                                  "parent_id, declared_area_km2"),
              std::string::npos)
        << error_of(path);
}

TEST(LoadProject, MissingZonesAndMalformedYaml) {
    EXPECT_NE(error_of(write("pg_nozones.yaml", "name: t\ninputs:\n  parcels: p.gpkg\n")).find("inputs need a 'zones' entry"),
              std::string::npos);
    EXPECT_NE(error_of(write("pg_bad.yaml", "name: [t\n")).find("not valid YAML"), std::string::npos);
}

TEST(LoadProject, JudgeSection) {
    auto path = write("pg_judge.yaml",
                      "name: t\n"
                      "judge:\n"
                      "  rule_sets: [industrial-land-control-2008, my/rules.yaml]\n"
                      "  zone_level: provincial\n"
                      "  region_tier: 5\n"
                      "  industry_code_edition: GB/T 4754-2002\n"
                      "  parameters: {local_invest_min: 3750}\n"
                      "  overrides:\n"
                      "    ILC2008-GREEN: {enabled: false, reason: 本地另有规定}\n"
                      "    ILC2008-FAR: {threshold: 1.2, reason: approved plan}\n"
                      "inputs:\n  zones: z.shp\n");
    const Project p = load_project(path);
    ASSERT_EQ(p.judge.rule_sets.size(), 2u);
    EXPECT_EQ(p.judge.rule_sets[0], "industrial-land-control-2008");  // a bundled id stays an id
    EXPECT_EQ(p.judge.rule_sets[1], (fs::temp_directory_path() / "my/rules.yaml").string());
    EXPECT_EQ(p.judge.zone_level, "provincial");
    EXPECT_EQ(*p.judge.region_tier, 5);
    EXPECT_EQ(p.judge.parameters.at("local_invest_min"), 3750);
    EXPECT_FALSE(*p.judge.overrides.at("ILC2008-GREEN").enabled);
    EXPECT_EQ(*p.judge.overrides.at("ILC2008-FAR").threshold, 1.2);
    EXPECT_EQ(p.judge.overrides.at("ILC2008-FAR").yaml_location, path + ":10");
    const Project defaults = load_project(write("pg_judge_default.yaml", "name: t\ninputs:\n  zones: z.shp\n"));
    EXPECT_EQ(defaults.judge.rule_sets, (std::vector<std::string>{"industrial-land-control-2023"}));
    // TD/T 1029's 理想值 are evaluated (实现度, score), never judged pass/fail: the old rule set is refused, saying so.
    try {
        parse_project("name: x\ninputs: {zones: z.gpkg}\njudge:\n  rule_sets: [tdt1029-2014]\n",
                      (fs::temp_directory_path() / "p.yaml").string());
        FAIL() << "tdt1029-2014 accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("TD/T 1029 理想值 are evaluated, not judged"), std::string::npos) << e.what();
    }
    EXPECT_EQ(defaults.judge.industry_code_edition, "GB/T 4754-2017");
}

TEST(LoadProject, BadJudgeSettingsNameTheLine) {
    struct Case {
        const char* yaml;
        const char* message;
    };
    const Case cases[] = {
        {"  zone_level: county\n", ":3: zone_level must be municipal"},
        {"  region_tier: 8\n", ":3: region_tier is the 地区分类 1 to 7"},
        {"  industry_code_edition: 2017\n", ":3: industry_code_edition must be"},
        {"  overrides:\n    X: {enabled: false}\n", ":4: overrides.X needs a reason"},
        {"  overrides:\n    X: {reason: why}\n", ":4: overrides.X changes nothing"},
        {"  parameters: {a: many}\n", ":3: 'parameters.a' must be a number"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.yaml);
        const auto path = write("pg_judge_bad.yaml", std::string("name: t\njudge:\n") + c.yaml + "inputs:\n  zones: z.shp\n");
        EXPECT_NE(error_of(path).find(path + c.message), std::string::npos) << error_of(path);
    }
}

// What outputs may show of a path or a connection: no machine path, no secret.
struct PublicPathCase {
    const char* path;
    const char* folder;
    const char* expected;
};

class PublicPath : public ::testing::TestWithParam<PublicPathCase> {};

TEST_P(PublicPath, ShowsNoMachinePathAndNoSecret) {
    const auto& c = GetParam();
    EXPECT_EQ(public_path(c.path, c.folder), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PublicPath,
    ::testing::Values(
        PublicPathCase{"/data/zone/zones/zones.shp", "/data/zone", "zones/zones.shp"},
        PublicPathCase{"/data/zone/a/../landuse.gpkg", "/data/zone", "landuse.gpkg"},
        PublicPathCase{"/data/shared/rules.yaml", "/data/zone", "../shared/rules.yaml"},
        PublicPathCase{"relative/x.csv", "/data/zone", "relative/x.csv"},
        PublicPathCase{"PG:host=db.example port=5432 user=planner password=S3cret dbname=zones", "/data/zone",
                       "PG:host=db.example dbname=zones"},
        PublicPathCase{"PG:dbname='wan sheng' password='a b\\'c' host=/run/postgresql", "/data/zone",
                       "PG:host=(unix socket) dbname=wan sheng"},
        PublicPathCase{"PG:postgresql://planner:S3cret@db.example:5432/zones?sslmode=require", "/data/zone",
                       "PG:host=db.example dbname=zones"}));

TEST(PublicPath, BundledFilesAreNamedInsideParkgis) {
    EXPECT_EQ(public_path(bundled_data_path("rules/ordos-2021.yaml"), "/elsewhere"), "parkgis/rules/ordos-2021.yaml");
}
