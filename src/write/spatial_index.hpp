#pragma once
// The GeoPackage R-tree spatial index (GeoPackage 1.2, extension gpkg_rtree_index), built in bulk.
//
// GDAL 3.6 fills a new layer's R-tree when the file is closed, one SQLite R-tree insertion per row: 1.5 s of
// the 2.0 s it takes to write 143 k parcels. Here the layers are written without an index and the index
// is then packed (sort-tile-recursive) and written straight into SQLite's R-tree tables, as GDAL 3.7 and
// later do with their own bulk loader. The virtual table, its triggers and the gpkg_extensions row are
// those GDAL writes, so the file is the same to every reader and stays right when a user edits it.
// Internal to libparkgis.
#include <cstdint>
#include <string>
#include <vector>

#include "sqlite_session.hpp"

namespace parkgis::detail {

// One row's bounding box in an R-tree: SQLite stores single-precision floats, rounded outwards.
struct RtreeEntry {
    std::int64_t id;
    float minx, maxx, miny, maxy;
};

// A GeoPackage geometry blob's bounding box, from its header envelope or, for points, its coordinates;
// false for NULL, empty or unreadable geometries (which the GeoPackage triggers leave out of the index too).
bool geometry_blob_envelope(const unsigned char* blob, int size, double& minx, double& maxx, double& miny,
                            double& maxy);

// The rounding SQLite's R-tree applies (rtreeValueDown / rtreeValueUp): the float at or below, at or above.
float float_at_or_below(double v);
float float_at_or_above(double v);

// The R-tree's nodes, packed sort-tile-recursive with at most `cells_per_node` cells each; node 1 is the
// root. `blob` is each node's data as SQLite's rtree module stores it (node_size bytes, big-endian).
struct PackedRtree {
    struct Node {
        std::int64_t number;
        std::int64_t parent;  // 0 for the root
        std::string blob;
    };
    std::vector<Node> nodes;
    std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of_row;  // (row id, leaf node number)
};
PackedRtree pack_rtree(std::vector<RtreeEntry> entries, int node_size);

// Creates rtree_<table>_<column> with its triggers and gpkg_extensions row and fills it from the table's
// geometries, inside the session's transaction. Throws OutputError naming the file.
void build_spatial_index(SqliteSession& session, const std::string& table, const std::string& geometry_column);
// The same from the rows' boxes as their writer knew them (table_writer.hpp), without reading the blobs back.
void build_spatial_index(SqliteSession& session, const std::string& table, const std::string& geometry_column,
                         std::vector<RtreeEntry> boxes);

// build_spatial_index for every table in gpkg_geometry_columns that has none yet.
void build_spatial_indexes(SqliteSession& session);

}  // namespace parkgis::detail
