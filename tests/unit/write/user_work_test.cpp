// A planner's work in a GeoPackage parkgis wrote earlier is found before a run replaces it: a project saved
// again from QGIS (its digest no longer the one parkgis recorded, or QGIS's own metadata), another project,
// a layer parkgis does not write. What parkgis wrote itself, now or before it recorded digests, is not.
#include "write/user_work.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using parkgis::detail::project_digest;
using parkgis::detail::user_work_in;

namespace {

std::string fmt_name(const char* name) {
    return std::string("parkgis_user_work_") + std::to_string(::getpid()) + "_" + name + ".gpkg";
}

struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> projects;  // name → metadata (content: "504B")
    const char* extra_layer;                                    // nullptr: none
    std::vector<std::string> expected;
};

std::string write_case(const Case& c) {
    GDALAllRegister();
    const fs::path path = fs::temp_directory_path() / fmt_name(c.name);
    fs::remove(path);
    {
        auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ds->CreateLayer("zones", nullptr, wkbPolygon, nullptr);
        if (c.extra_layer) ds->CreateLayer(c.extra_layer, nullptr, wkbPoint, nullptr);
    }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB)", nullptr, nullptr,
                 nullptr);
    for (const auto& [name, metadata] : c.projects) {
        const std::string sql = "INSERT INTO qgis_projects VALUES ('" + name + "', '" + metadata + "', '504B')";
        sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
    return path.string();
}

}  // namespace

TEST(UserWork, FoundBeforeARunReplacesIt) {
    const std::string ours = R"({"last_modified_user": "parkgis 0.1.0", "parkgis_sha256": ")" + project_digest("504B") + R"("})";
    const std::string changed = R"({"last_modified_user": "parkgis 0.1.0", "parkgis_sha256": ")" + project_digest("504C") + R"("})";
    const Case cases[] = {
        {"ours", {{"wansheng", ours}}, nullptr, {}},
        {"older_parkgis", {{"wansheng", R"({"last_modified_user": "parkgis 0.1.0"})"}}, nullptr, {}},
        {"saved_by_qgis",
         {{"wansheng", R"({"last_modified_time": "2026-12-05T10:00:00", "last_modified_user": "planner"})"}},
         nullptr,
         {"QGIS project 'wansheng' saved from QGIS (by planner, 2026-12-05T10:00:00)"}},
        {"content_changed", {{"wansheng", changed}}, nullptr, {"QGIS project 'wansheng' saved from QGIS (by parkgis 0.1.0, )"}},
        {"another_project", {{"wansheng", ours}, {"mine", "{}"}}, nullptr, {"QGIS project 'mine' saved from QGIS"}},
        {"added_layer", {{"wansheng", ours}}, "my_notes", {"layer 'my_notes'"}},
    };
    for (const auto& c : cases) EXPECT_EQ(user_work_in(write_case(c)), c.expected) << c.name;
    EXPECT_TRUE(user_work_in((fs::temp_directory_path() / "parkgis_no_such_file.gpkg").string()).empty());
}
