#include "user_work.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "parkgis/write/tables.hpp"

namespace parkgis::detail {

namespace {

// Rows of a query on a read-only connection; an error (not a GeoPackage, no such table) gives none.
std::vector<std::vector<std::string>> rows_of(sqlite3* db, const char* sql, int columns) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < columns; ++i) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, i));
            row.emplace_back(text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i))) : "");
        }
        out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return out;
}

}  // namespace

std::string project_digest(const std::string& content) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(content.data(), content.size(), digest, &len, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

std::vector<std::string> user_work_in(const std::string& geopackage) {
    std::vector<std::string> work;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(geopackage, ec)) return work;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(geopackage.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return work;
    }
    for (const auto& row : rows_of(db, "SELECT name, metadata, content FROM qgis_projects ORDER BY name", 3)) {
        const auto meta = nlohmann::json::parse(row[1], nullptr, false);
        const bool described = meta.is_object();
        const std::string recorded = described ? meta.value("parkgis_sha256", std::string()) : "";
        const std::string user = described ? meta.value("last_modified_user", std::string()) : "";
        const std::string when = described ? meta.value("last_modified_time", std::string()) : "";
        const bool older_parkgis = recorded.empty() && user.rfind("parkgis ", 0) == 0;
        if (older_parkgis || (!recorded.empty() && recorded == project_digest(row[2]))) continue;
        work.push_back(user.empty() ? fmt::format("QGIS project '{}' saved from QGIS", row[0])
                                    : fmt::format("QGIS project '{}' saved from QGIS (by {}, {})", row[0], user, when));
    }
    std::set<std::string> declared = {"layer_styles"};
    for (const auto& t : output::declared_tables()) declared.insert(t.name);
    for (const auto& row : rows_of(db, "SELECT table_name FROM gpkg_contents ORDER BY table_name", 1))
        if (!declared.count(row[0])) work.push_back(fmt::format("layer '{}'", row[0]));
    sqlite3_close(db);
    return work;
}

}  // namespace parkgis::detail
