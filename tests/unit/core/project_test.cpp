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
                                  "coordinate_file_encoding, evaluation, inputs, measure, name, notice, output, title, working_crs");
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
