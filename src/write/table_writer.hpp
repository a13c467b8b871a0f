#pragma once
// The one writer of declared tables (include/parkgis/write/table.hpp): the layer and its fields made by GDAL
// from the declaration, the rows inserted through SQLite, every cell bound by index and checked against its
// column's type. Internal to libparkgis.
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "parkgis/errors.hpp"
#include "parkgis/write/table.hpp"
#include "../core/parallel.hpp"
#include "../core/text.hpp"
#include "spatial_index.hpp"
#include "sqlite_session.hpp"

namespace parkgis::detail {

inline OGRFieldType ogr_type(output::ColumnType t) {
    switch (t) {
        case output::ColumnType::text: return OFTString;
        case output::ColumnType::integer: return OFTInteger;
        case output::ColumnType::integer64: return OFTInteger64;
        case output::ColumnType::real: return OFTReal;
    }
    return OFTString;
}

inline OGRwkbGeometryType ogr_geometry(output::Geometry g) {
    switch (g) {
        case output::Geometry::none: return wkbNone;
        case output::Geometry::point: return wkbPoint;
        case output::Geometry::polygon: return wkbPolygon;
        case output::Geometry::multipolygon: return wkbMultiPolygon;
    }
    return wkbNone;
}

// A new layer with the declaration's fields and their Chinese aliases (GDAL keeps these in memory only: the
// write stage stores them in gpkg_data_columns and the styles). No R-tree from GDAL: the write stage packs
// every layer's index in bulk once the rows are in (spatial_index.hpp).
template <typename Row>
OGRLayer* create_layer(GDALDataset& ds, const output::Table<Row>& table, OGRwkbGeometryType geometry,
                       const OGRSpatialReference* srs) {
    const std::string description = "DESCRIPTION=" + table.description;
    const std::string identifier = "IDENTIFIER=" + table.title_zh;
    const char* options[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=NO", description.c_str(),
                             identifier.c_str(), nullptr};
    // GDAL 3.6 takes a non-const SRS it only reads.
    auto* layer_srs = geometry == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs);
    OGRLayer* layer = ds.CreateLayer(table.name.c_str(), layer_srs, geometry,
                                     const_cast<char**>(options));
    if (!layer) throw OutputError("write", fmt::format("cannot create layer {} in the GeoPackage", table.name));
    for (const auto& c : table.columns) {
        OGRFieldDefn field(c.info.name.c_str(), ogr_type(c.info.type));
        field.SetAlternativeName(c.info.alias_zh.c_str());
        if (layer->CreateField(&field) != OGRERR_NONE)
            throw OutputError("write", fmt::format("cannot create field {}.{}", table.name, c.info.name));
    }
    return layer;
}

// A GeoPackage geometry blob (OGC 12-128r18 §2.1.3): "GP", version 0, flags (little-endian, no envelope, or
// the empty bit), the srs_id, then the ISO WKB. No envelope in the header: the standard makes it optional,
// readers take the R-tree for a layer's bounding boxes, and it was 32 of the 142 bytes of a building (37 MB of
// a million buildings' GeoPackage). `box` is the geometry's envelope (not set when it is empty).
inline void gpkg_geometry_blob(const OGRGeometry& g, int srs_id, std::vector<unsigned char>& out, OGREnvelope& box) {
    const bool empty = g.IsEmpty();
    out.assign(8 + static_cast<size_t>(g.WkbSize()), 0);
    out[0] = 'G';
    out[1] = 'P';
    out[2] = 0;
    out[3] = empty ? 0x11 : 0x01;
    for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<unsigned char>(static_cast<std::uint32_t>(srs_id) >> (8 * i));
    box = OGREnvelope();
    if (!empty) g.getEnvelope(&box);
    g.exportToWkb(wkbNDR, out.data() + 8, wkbVariantIso);
}

// Binds one cell; a value of another type than declared is a bug in the declaration, named by table and column.
inline void bind_cell(sqlite3_stmt* stmt, int index, const output::Cell& cell, const output::ColumnInfo& column,
                      const std::string& table) {
    using output::ColumnType;
    auto misdeclared = [&](const char* got) {
        return std::logic_error(fmt::format("output table {}: column {} is declared {} but its getter gave {}", table,
                                            column.name, output::column_type_name(column.type), got));
    };
    if (std::holds_alternative<std::monostate>(cell)) {
        sqlite3_bind_null(stmt, index);
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
        if (column.type != ColumnType::text) throw misdeclared("text");
        sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    } else if (const auto* d = std::get_if<double>(&cell)) {
        if (column.type != ColumnType::real) throw misdeclared("a real");
        sqlite3_bind_double(stmt, index, *d);
    } else {
        if (column.type != ColumnType::integer && column.type != ColumnType::integer64) throw misdeclared("an integer");
        sqlite3_bind_int64(stmt, index, std::get<long long>(cell));
    }
}

// Inserts `count` rows of a declared table whose layer GDAL made (create_layer) and closed, each row made by
// make_row(i) as it is inserted: long tables (buildings, compliance) are views made on the fly, never a second
// copy. Through SQLite, not GDAL's feature by feature writer (2.5 of the 3.2 s a million buildings took):
// GDAL's feature-count triggers are lifted while the rows go in, and the count and the layer's extent are set
// once at the end.
template <typename Row, typename MakeRow>
void insert_rows(SqliteSession& db, const output::Table<Row>& table, size_t count, MakeRow&& make_row) {
    sqlite3* h = db.handle();
    const std::string where = fmt::format("{}, table {}", db.path(), table.name);
    const bool spatial = table.geometry != output::Geometry::none && table.geometry_of;
    int srs_id = 0;
    if (spatial) {
        Statement q(h, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?1", where);
        sqlite3_bind_text(q.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q.get()) != SQLITE_ROW) q.fail("find the SRS");
        srs_id = sqlite3_column_int(q.get(), 0);
    }
    // GDAL's triggers keep gpkg_ogr_contents.feature_count row by row: lifted, then put back as they were.
    std::vector<std::string> triggers;
    {
        Statement q(h, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
                       "AND name LIKE 'trigger\\_%\\_feature\\_count\\_%' ESCAPE '\\' ORDER BY name", where);
        sqlite3_bind_text(q.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
        std::vector<std::string> names;
        while (sqlite3_step(q.get()) == SQLITE_ROW) {
            names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)));
            triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1)));
        }
        for (const auto& n : names) db.exec(("DROP TRIGGER " + quoted(n, '"')).c_str(), {}, "lift a feature-count trigger");
    }
    std::string columns, values;
    int parameter = 0;
    if (spatial) {
        columns = "\"geom\"";
        values = "?1";
        parameter = 1;
    }
    for (const auto& c : table.columns) {
        columns += (columns.empty() ? "" : ", ") + quoted(c.info.name, '"');
        values += fmt::format("{}?{}", values.empty() ? "" : ", ", ++parameter);
    }
    Statement insert(h, fmt::format("INSERT INTO {} ({}) VALUES ({})", quoted(table.name, '"'), columns, values), where);
    const int first_column = spatial ? 2 : 1;
    // Rows are made (getters, geometry blobs) on a second thread, a batch ahead of the one SQLite inserts: the
    // two halves of the work cost about the same, and SQLite takes one writer.
    struct MadeRow {
        std::vector<output::Cell> cells;
        std::vector<unsigned char> blob;
        OGREnvelope box;
        bool geometry = false;
    };
    constexpr size_t kBatch = 4096;
    OGREnvelope extent;
    std::vector<RtreeEntry> boxes;  // each row's, for the R-tree: no second pass over the blobs
    auto make_batch = [&](size_t begin, std::vector<MadeRow>& batch) {
        batch.resize(std::min(kBatch, count - begin));
        for (size_t k = 0; k < batch.size(); ++k) {
            decltype(auto) row = make_row(begin + k);  // a reference when make_row gives one
            MadeRow& made = batch[k];
            made.cells.resize(table.columns.size());
            for (size_t i = 0; i < table.columns.size(); ++i) made.cells[i] = table.columns[i].get(row);
            made.geometry = false;
            if (spatial)
                if (auto g = table.geometry_of(row)) {
                    if (g->getCoordinateDimension() != 2 || g->IsMeasured()) g->flattenTo2D();
                    gpkg_geometry_blob(*g, srs_id, made.blob, made.box);
                    made.geometry = true;
                }
        }
    };
    auto insert_batch = [&](const std::vector<MadeRow>& batch) {
        for (const MadeRow& made : batch) {
            for (size_t i = 0; i < made.cells.size(); ++i)
                bind_cell(insert.get(), first_column + static_cast<int>(i), made.cells[i], table.columns[i].info,
                          table.name);
            if (spatial) {
                if (made.geometry)
                    sqlite3_bind_blob(insert.get(), 1, made.blob.data(), static_cast<int>(made.blob.size()), SQLITE_STATIC);
                else
                    sqlite3_bind_null(insert.get(), 1);
            }
            insert.insert();
            if (made.geometry && made.box.IsInit()) {
                extent.Merge(made.box);
                boxes.push_back({sqlite3_last_insert_rowid(h), float_at_or_below(made.box.MinX),
                                 float_at_or_above(made.box.MaxX), float_at_or_below(made.box.MinY),
                                 float_at_or_above(made.box.MaxY)});
            }
        }
    };
    const size_t batches = (count + kBatch - 1) / kBatch;
    if (batches <= 1 || worker_count() < 2) {
        std::vector<MadeRow> batch;
        for (size_t b = 0; b < batches; ++b) {
            make_batch(b * kBatch, batch);
            insert_batch(batch);
        }
    } else {
        std::vector<MadeRow> slots[2];
        bool ready[2] = {false, false};
        bool stop = false;
        std::exception_ptr error;
        std::mutex m;
        std::condition_variable changed;
        std::thread maker([&] {
            try {
                for (size_t b = 0; b < batches; ++b) {
                    const int slot = static_cast<int>(b % 2);
                    {
                        std::unique_lock<std::mutex> lock(m);
                        changed.wait(lock, [&] { return !ready[slot] || stop; });
                        if (stop) return;
                    }
                    make_batch(b * kBatch, slots[slot]);
                    {
                        std::lock_guard<std::mutex> lock(m);
                        ready[slot] = true;
                    }
                    changed.notify_all();
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(m);
                error = std::current_exception();
                stop = true;
                changed.notify_all();
            }
        });
        try {
            for (size_t b = 0; b < batches; ++b) {
                const int slot = static_cast<int>(b % 2);
                {
                    std::unique_lock<std::mutex> lock(m);
                    changed.wait(lock, [&] { return ready[slot] || stop; });
                    if (stop) break;
                }
                insert_batch(slots[slot]);
                {
                    std::lock_guard<std::mutex> lock(m);
                    ready[slot] = false;
                }
                changed.notify_all();
            }
        } catch (...) {
            {
                std::lock_guard<std::mutex> lock(m);
                stop = true;
            }
            changed.notify_all();
            maker.join();
            throw;
        }
        maker.join();
        if (error) std::rethrow_exception(error);
    }
    {
        Statement q(h, "UPDATE gpkg_ogr_contents SET feature_count = COALESCE(feature_count, 0) + ?1 "
                       "WHERE lower(table_name) = lower(?2)", where);
        sqlite3_bind_int64(q.get(), 1, static_cast<sqlite3_int64>(count));
        sqlite3_bind_text(q.get(), 2, table.name.c_str(), -1, SQLITE_TRANSIENT);
        q.insert();
    }
    if (extent.IsInit()) {
        Statement q(h, "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4 WHERE table_name = ?5",
                    where);
        sqlite3_bind_double(q.get(), 1, extent.MinX);
        sqlite3_bind_double(q.get(), 2, extent.MinY);
        sqlite3_bind_double(q.get(), 3, extent.MaxX);
        sqlite3_bind_double(q.get(), 4, extent.MaxY);
        sqlite3_bind_text(q.get(), 5, table.name.c_str(), -1, SQLITE_TRANSIENT);
        q.insert();
    }
    for (const auto& sql : triggers) db.exec(sql.c_str(), {}, "restore a feature-count trigger");
    if (spatial) build_spatial_index(db, table.name, "geom", std::move(boxes));
}

// The declared tables of one GeoPackage: each layer made by GDAL when added (fields, aliases, SRS, the
// GeoPackage's own tables), its rows inserted once GDAL has closed the file (insert_rows).
class TableWriter {
public:
    explicit TableWriter(GDALDataset& ds) : m_ds(ds) {}

    // `count` rows, each made by make_row(i) at insertion (what it refers to must outlive insert()). A spatial
    // table's rows are in the working CRS `srs`.
    template <typename Row, typename MakeRow>
    void add_rows(const output::Table<Row>& table, size_t count, MakeRow make_row, const OGRSpatialReference* srs = nullptr) {
        create_layer(m_ds, table, ogr_geometry(table.geometry), srs);
        m_inserts.push_back([&table, count, make_row = std::move(make_row)](SqliteSession& db) {
            insert_rows(db, table, count, make_row);
        });
    }
    // Every row of a declared table, kept until insert().
    template <typename Row>
    void add(const output::Table<Row>& table, std::vector<Row> rows, const OGRSpatialReference* srs = nullptr) {
        auto kept = std::make_shared<const std::vector<Row>>(std::move(rows));
        add_rows(table, kept->size(), [kept](size_t i) -> const Row& { return (*kept)[i]; }, srs);
    }
    // After GDAL has closed the file: every table's rows, in the order the tables were added.
    void insert(SqliteSession& db) {
        for (auto& f : m_inserts) f(db);
        m_inserts.clear();
    }

private:
    GDALDataset& m_ds;
    std::vector<std::function<void(SqliteSession&)>> m_inserts;
};

}  // namespace parkgis::detail
