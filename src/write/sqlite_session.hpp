#pragma once
// One SQLite connection to the GeoPackage after GDAL has closed it, for what GDAL does not write
// (metadata rows, gpkg_data_columns, qgis_projects, the bulk-built R-trees): one transaction, statements
// with bound text.
// Internal to libparkgis.
#include <fmt/format.h>
#include <sqlite3.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "parkgis/errors.hpp"

namespace parkgis::detail {

class SqliteSession {
public:
    // The GeoPackage is the run's own new file, not yet in place (OutputSet moves it there once every output is
    // written, and discards it on any failure): no rollback journal and no syncing while it is filled, and one
    // thread per connection (no mutex on every call). SQLite's own small page cache: a larger one (64 MB) made no
    // faster write at 1 M buildings and added to the run's peak memory.
    SqliteSession(const std::string& path) : m_path(path) {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
            sqlite3_close(m_db);
            throw OutputError("write", fmt::format("{}: cannot reopen the GeoPackage to add metadata", path));
        }
        exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", {},
             "set up the connection");
        exec("BEGIN", {}, "start a transaction");
    }
    ~SqliteSession() {
        if (!m_committed) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(m_db);
    }
    SqliteSession(const SqliteSession&) = delete;
    SqliteSession& operator=(const SqliteSession&) = delete;

    // Runs one statement (or, without parameters, a script); nullptr binds NULL. Throws naming `what`.
    void exec(const char* sql, std::initializer_list<const char*> params, const char* what) {
        bool ok;
        if (params.size() == 0) {
            ok = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
        } else {
            sqlite3_stmt* stmt = nullptr;
            ok = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) == SQLITE_OK;
            int i = 1;
            for (const char* p : params) {
                if (!ok) break;
                ok = (p ? sqlite3_bind_text(stmt, i, p, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(stmt, i)) == SQLITE_OK;
                ++i;
            }
            ok = ok && sqlite3_step(stmt) == SQLITE_DONE;
            sqlite3_finalize(stmt);
        }
        if (!ok) throw OutputError("write", fmt::format("{}: cannot {} ({})", m_path, what, sqlite3_errmsg(m_db)));
    }

    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }

    sqlite3_int64 last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }

    void commit() {
        exec("COMMIT", {}, "commit the metadata");
        m_committed = true;
    }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    bool m_committed = false;
};

// One prepared statement, finalized with it; failures name `context` (the file, or a table in it).
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, std::string context) : m_db(db), m_context(std::move(context)) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) fail("prepare a statement for");
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return m_stmt; }
    // Runs an INSERT or UPDATE with its parameters bound, ready for the next row.
    void insert() {
        if (sqlite3_step(m_stmt) != SQLITE_DONE) fail("write (disk full?)");
        sqlite3_reset(m_stmt);
    }
    [[noreturn]] void fail(const char* what) const {
        throw OutputError("write", fmt::format("{}: cannot {} ({})", m_context, what, sqlite3_errmsg(m_db)));
    }

private:
    sqlite3* m_db;
    std::string m_context;
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace parkgis::detail
