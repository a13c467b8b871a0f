#include "spatial_index.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "../core/text.hpp"
#include "parkgis/errors.hpp"

namespace parkgis::detail {

namespace {

// The cell of an R-tree node: 8-byte row id (or child node number), then minx, maxx, miny, maxy.
constexpr int kCellBytes = 8 + 4 * 4;

double read_double(const unsigned char* p, bool little_endian) {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = bits << 8 | (little_endian ? p[7 - i] : p[i]);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

std::uint32_t read_uint32(const unsigned char* p, bool little_endian) {
    return little_endian ? (p[0] | p[1] << 8 | p[2] << 16 | std::uint32_t(p[3]) << 24)
                         : (p[3] | p[2] << 8 | p[1] << 16 | std::uint32_t(p[0]) << 24);
}

void put_big_endian(std::string& out, std::size_t at, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[at + i] = static_cast<char>(v & 0xff);
}

void put_float(std::string& out, std::size_t at, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    put_big_endian(out, at, bits, 4);
}


struct Item {
    std::int64_t id;
    float box[4];  // minx, maxx, miny, maxy
    double centre(int axis) const { return (double(box[2 * axis]) + box[2 * axis + 1]) / 2; }
};

// Sort-tile-recursive packing of one level: vertical slices of about sqrt(n / m) nodes, each sorted by y and
// cut into nodes of m cells. Ties go by id, so the file is the same on every run.
std::vector<std::vector<Item>> pack_level(std::vector<Item> items, std::size_t m) {
    const std::size_t nodes = (items.size() + m - 1) / m;
    const std::size_t slices = static_cast<std::size_t>(std::ceil(std::sqrt(double(nodes))));
    const std::size_t per_slice = slices * m;
    auto by = [](int axis) {
        return [axis](const Item& a, const Item& b) {
            const double ca = a.centre(axis), cb = b.centre(axis);
            return ca != cb ? ca < cb : a.id < b.id;
        };
    };
    std::sort(items.begin(), items.end(), by(0));
    std::vector<std::vector<Item>> out;
    out.reserve(nodes);
    for (std::size_t s = 0; s < items.size(); s += per_slice) {
        const auto end = items.begin() + std::min(items.size(), s + per_slice);
        std::sort(items.begin() + s, end, by(1));
        for (auto it = items.begin() + s; it < end; it += std::min<std::ptrdiff_t>(m, end - it))
            out.emplace_back(it, it + std::min<std::ptrdiff_t>(m, end - it));
    }
    return out;
}

Item bounding(const std::vector<Item>& cells, std::int64_t id) {
    Item b{id, {cells[0].box[0], cells[0].box[1], cells[0].box[2], cells[0].box[3]}};
    for (const auto& c : cells) {
        b.box[0] = std::min(b.box[0], c.box[0]);
        b.box[1] = std::max(b.box[1], c.box[1]);
        b.box[2] = std::min(b.box[2], c.box[2]);
        b.box[3] = std::max(b.box[3], c.box[3]);
    }
    return b;
}

}  // namespace

float float_at_or_below(double v) {
    float f = static_cast<float>(v);
    if (double(f) > v) f = std::nextafter(f, -INFINITY);
    return f;
}

float float_at_or_above(double v) {
    float f = static_cast<float>(v);
    if (double(f) < v) f = std::nextafter(f, INFINITY);
    return f;
}

bool geometry_blob_envelope(const unsigned char* blob, int size, double& minx, double& maxx, double& miny,
                            double& maxy) {
    if (!blob || size < 8 || blob[0] != 'G' || blob[1] != 'P') return false;
    const unsigned char flags = blob[3];
    const bool little_endian = flags & 1;
    const int envelope = (flags >> 1) & 7;
    if (flags & 0x10 || envelope > 4) return false;  // empty, or an envelope code the standard does not define
    const int envelope_bytes = envelope == 0 ? 0 : envelope == 1 ? 32 : envelope == 4 ? 64 : 48;
    if (size < 8 + envelope_bytes) return false;
    if (envelope) {
        minx = read_double(blob + 8, little_endian);
        maxx = read_double(blob + 16, little_endian);
        miny = read_double(blob + 24, little_endian);
        maxy = read_double(blob + 32, little_endian);
    } else {
        // No envelope in the header: GDAL writes points so; anything else is read whole.
        const unsigned char* wkb = blob + 8;
        const int wkb_size = size - 8;
        if (wkb_size >= 21 && read_uint32(wkb + 1, wkb[0] == 1) % 1000 == 1) {
            minx = maxx = read_double(wkb + 5, wkb[0] == 1);
            miny = maxy = read_double(wkb + 13, wkb[0] == 1);
        } else {
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &g, wkb_size) != OGRERR_NONE || !g) return false;
            std::unique_ptr<OGRGeometry> owned(g);
            if (g->IsEmpty()) return false;
            OGREnvelope e;
            g->getEnvelope(&e);
            minx = e.MinX, maxx = e.MaxX, miny = e.MinY, maxy = e.MaxY;
        }
    }
    return std::isfinite(minx) && std::isfinite(maxx) && std::isfinite(miny) && std::isfinite(maxy) &&
           minx <= maxx && miny <= maxy;
}

PackedRtree pack_rtree(std::vector<RtreeEntry> entries, int node_size) {
    PackedRtree tree;
    if (entries.empty()) return tree;
    const std::size_t m = static_cast<std::size_t>((node_size - 4) / kCellBytes);
    std::vector<Item> items;
    items.reserve(entries.size());
    for (const auto& e : entries) items.push_back({e.id, {e.minx, e.maxx, e.miny, e.maxy}});
    entries = {};

    // levels[0] are the leaves; each upper level's cells name their child by its index in the level below.
    std::vector<std::vector<std::vector<Item>>> levels;
    levels.push_back(pack_level(std::move(items), m));
    while (levels.back().size() > 1) {
        const auto& below = levels.back();
        std::vector<Item> parents;
        parents.reserve(below.size());
        for (std::size_t i = 0; i < below.size(); ++i) parents.push_back(bounding(below[i], std::int64_t(i)));
        levels.push_back(pack_level(std::move(parents), m));
    }

    // Node numbers top-down: the root is 1, then each level in order.
    std::vector<std::vector<std::int64_t>> number(levels.size());
    std::int64_t next = 1;
    for (std::size_t l = levels.size(); l-- > 0;)
        for (std::size_t i = 0; i < levels[l].size(); ++i) number[l].push_back(next++);
    std::vector<std::vector<std::int64_t>> parent(levels.size());
    for (std::size_t l = 0; l < levels.size(); ++l) parent[l].assign(levels[l].size(), 0);
    for (std::size_t l = 1; l < levels.size(); ++l)
        for (std::size_t i = 0; i < levels[l].size(); ++i)
            for (const auto& cell : levels[l][i]) parent[l - 1][cell.id] = number[l][i];

    const std::int64_t depth = static_cast<std::int64_t>(levels.size()) - 1;
    for (std::size_t l = levels.size(); l-- > 0;) {
        for (std::size_t i = 0; i < levels[l].size(); ++i) {
            const auto& cells = levels[l][i];
            std::string blob(static_cast<std::size_t>(node_size), '\0');
            const bool root = number[l][i] == 1;
            put_big_endian(blob, 0, root ? depth : 0, 2);
            put_big_endian(blob, 2, cells.size(), 2);
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const std::size_t at = 4 + c * kCellBytes;
                const std::int64_t id = l == 0 ? cells[c].id : number[l - 1][cells[c].id];
                put_big_endian(blob, at, static_cast<std::uint64_t>(id), 8);
                for (int k = 0; k < 4; ++k) put_float(blob, at + 8 + 4 * k, cells[c].box[k]);
                if (l == 0) tree.leaf_of_row.emplace_back(cells[c].id, number[l][i]);
            }
            tree.nodes.push_back({number[l][i], parent[l][i], std::move(blob)});
        }
    }
    return tree;
}

namespace {

// The index of a table's rows from their boxes: `boxes` null reads them from the blobs.
void build_index(SqliteSession& session, const std::string& table, const std::string& geometry_column,
                 std::vector<RtreeEntry>* boxes) {
    sqlite3* db = session.handle();
    const std::string& path = session.path();
    const std::string rtree = "rtree_" + table + "_" + geometry_column;
    const std::string t = quoted(table, '"'), g = quoted(geometry_column, '"'), r = quoted(rtree, '"');

    std::string fid;
    {
        Statement info(db, "PRAGMA table_info(" + t + ")", path);
        while (sqlite3_step(info.get()) == SQLITE_ROW)
            if (sqlite3_column_int(info.get(), 5) == 1)
                fid = reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1));
    }
    if (fid.empty()) throw OutputError("write", fmt::format("{}: table {} has no primary key to index", path, table));
    const std::string f = quoted(fid, '"');

    session.exec(("CREATE VIRTUAL TABLE " + r + " USING rtree(id, minx, maxx, miny, maxy)").c_str(), {},
                 "create the spatial index");
    int node_size = 0;
    {
        // SQLite sizes the nodes from the page size when it creates the table, and reads it back from the root.
        Statement root(db, "SELECT length(data) FROM " + quoted(rtree + "_node", '"') + " WHERE nodeno = 1", path);
        if (sqlite3_step(root.get()) == SQLITE_ROW) node_size = sqlite3_column_int(root.get(), 0);
    }
    if (node_size < 4 + 2 * kCellBytes)
        throw OutputError("write", fmt::format("{}: unexpected R-tree node size {} for {}", path, node_size, rtree));

    std::vector<RtreeEntry> entries;
    if (boxes) {
        entries = std::move(*boxes);
    } else {
        Statement rows(db, "SELECT " + f + ", " + g + " FROM " + t, path);
        int rc;
        while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
            double minx, maxx, miny, maxy;
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(rows.get(), 1));
            if (!geometry_blob_envelope(blob, sqlite3_column_bytes(rows.get(), 1), minx, maxx, miny, maxy)) continue;
            entries.push_back({sqlite3_column_int64(rows.get(), 0), float_at_or_below(minx), float_at_or_above(maxx),
                               float_at_or_below(miny), float_at_or_above(maxy)});
        }
        if (rc != SQLITE_DONE) rows.fail("read the geometries to index of");
    }

    PackedRtree tree = pack_rtree(std::move(entries), node_size);
    // Row ids in ascending order: appended to the _rowid table's B-tree, not inserted all over it (in the
    // packing's spatial order the R-tree of 1 M buildings took 4 s to write, most of the write stage's
    // growth from 200 k to 1 M).
    std::sort(tree.leaf_of_row.begin(), tree.leaf_of_row.end());
    {
        Statement node(db, "INSERT OR REPLACE INTO " + quoted(rtree + "_node", '"') + " (nodeno, data) VALUES (?1, ?2)", path);
        Statement parent(db, "INSERT INTO " + quoted(rtree + "_parent", '"') + " (nodeno, parentnode) VALUES (?1, ?2)", path);
        for (const auto& n : tree.nodes) {
            sqlite3_bind_int64(node.get(), 1, n.number);
            sqlite3_bind_blob(node.get(), 2, n.blob.data(), static_cast<int>(n.blob.size()), SQLITE_STATIC);
            node.insert();
            if (n.parent) {
                sqlite3_bind_int64(parent.get(), 1, n.number);
                sqlite3_bind_int64(parent.get(), 2, n.parent);
                parent.insert();
            }
        }
        Statement leaf(db, "INSERT INTO " + quoted(rtree + "_rowid", '"') + " (rowid, nodeno) VALUES (?1, ?2)", path);
        for (const auto& [row, node_number] : tree.leaf_of_row) {
            sqlite3_bind_int64(leaf.get(), 1, row);
            sqlite3_bind_int64(leaf.get(), 2, node_number);
            leaf.insert();
        }
    }

    // The triggers that keep the index right when a user edits the layer: word for word those of GDAL and
    // of the GeoPackage standard (clause F.3).
    const std::string values = fmt::format("VALUES (NEW.{0},ST_MinX(NEW.{1}), ST_MaxX(NEW.{1}),ST_MinY(NEW.{1}), "
                                           "ST_MaxY(NEW.{1}))",
                                           f, g);
    std::string sql;
    sql += fmt::format("CREATE TRIGGER {} AFTER INSERT ON {} WHEN (new.{} NOT NULL AND NOT ST_IsEmpty(NEW.{})) BEGIN "
                       "INSERT OR REPLACE INTO {} {}; END;\n",
                       quoted(rtree + "_insert", '"'), t, g, g, r, values);
    sql += fmt::format("CREATE TRIGGER {} AFTER UPDATE OF {} ON {} WHEN OLD.{} = NEW.{} AND (NEW.{} NOTNULL AND NOT "
                       "ST_IsEmpty(NEW.{})) BEGIN INSERT OR REPLACE INTO {} {}; END;\n",
                       quoted(rtree + "_update1", '"'), g, t, f, f, g, g, r, values);
    sql += fmt::format("CREATE TRIGGER {} AFTER UPDATE OF {} ON {} WHEN OLD.{} = NEW.{} AND (NEW.{} ISNULL OR "
                       "ST_IsEmpty(NEW.{})) BEGIN DELETE FROM {} WHERE id = OLD.{}; END;\n",
                       quoted(rtree + "_update2", '"'), g, t, f, f, g, g, r, f);
    sql += fmt::format("CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.{} != NEW.{} AND (NEW.{} NOTNULL AND NOT "
                       "ST_IsEmpty(NEW.{})) BEGIN DELETE FROM {} WHERE id = OLD.{}; INSERT OR REPLACE INTO {} {}; END;\n",
                       quoted(rtree + "_update3", '"'), t, f, f, g, g, r, f, r, values);
    sql += fmt::format("CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.{} != NEW.{} AND (NEW.{} ISNULL OR "
                       "ST_IsEmpty(NEW.{})) BEGIN DELETE FROM {} WHERE id IN (OLD.{}, NEW.{}); END;\n",
                       quoted(rtree + "_update4", '"'), t, f, f, g, g, r, f, f);
    sql += fmt::format("CREATE TRIGGER {} AFTER DELETE ON {} WHEN old.{} NOT NULL BEGIN DELETE FROM {} WHERE id = "
                       "OLD.{}; END;\n",
                       quoted(rtree + "_delete", '"'), t, g, r, f);
    session.exec(sql.c_str(), {}, "create the spatial index triggers");

    // GDAL creates gpkg_extensions only when a file has an extension: the same definition as GDAL's.
    session.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT "
                 "NOT NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, "
                 "column_name, extension_name))",
                 {}, "create gpkg_extensions");
    session.exec("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES "
                 "(?1, ?2, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                 {table.c_str(), geometry_column.c_str()}, "declare the spatial index");
}

}  // namespace

void build_spatial_index(SqliteSession& session, const std::string& table, const std::string& geometry_column) {
    build_index(session, table, geometry_column, nullptr);
}

void build_spatial_index(SqliteSession& session, const std::string& table, const std::string& geometry_column,
                         std::vector<RtreeEntry> boxes) {
    build_index(session, table, geometry_column, &boxes);
}

void build_spatial_indexes(SqliteSession& session) {
    std::vector<std::pair<std::string, std::string>> columns;
    {
        Statement list(session.handle(),
                       "SELECT c.table_name, c.column_name FROM gpkg_geometry_columns c WHERE NOT EXISTS (SELECT 1 FROM "
                       "sqlite_master m WHERE m.name = 'rtree_' || c.table_name || '_' || c.column_name) ORDER BY 1",
                       session.path());
        while (sqlite3_step(list.get()) == SQLITE_ROW)
            columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)),
                                 reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 1)));
    }
    for (const auto& [table, column] : columns) build_spatial_index(session, table, column);
}

}  // namespace parkgis::detail
