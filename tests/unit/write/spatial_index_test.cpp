// The bulk-built GeoPackage R-tree: SQLite's own integrity check, every window query against a brute-force
// scan, the triggers word for word those GDAL writes, and edits through GDAL afterwards.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <unistd.h>

#include "write/spatial_index.hpp"

using namespace parkgis::detail;
namespace fs = std::filesystem;

namespace {

struct Box {
    double minx, maxx, miny, maxy;
};

// A GeoPackage with `n` random rectangles (and one empty and one NULL geometry) in table `shapes`, and three
// points in `spots`, written by GDAL with or without its own R-tree.
std::map<long long, Box> write_sample(const std::string& path, int n, bool gdal_index) {
    GDALAllRegister();
    fs::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const char* opts[] = {"FID=fid", "GEOMETRY_NAME=geom", gdal_index ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO", nullptr};
    OGRSpatialReference srs;
    srs.importFromEPSG(4545);
    OGRLayer* shapes = ds->CreateLayer("shapes", &srs, wkbPolygon, const_cast<char**>(opts));
    OGRLayer* spots = ds->CreateLayer("spots", &srs, wkbPoint, const_cast<char**>(opts));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> at(500000, 600000), size(0.3, 300);
    std::map<long long, Box> boxes;
    ds->StartTransaction();
    for (int i = 0; i < n; ++i) {
        const double x = at(rng), y = at(rng) + 3'000'000, w = size(rng), h = size(rng);
        OGRPolygon poly;
        OGRLinearRing ring;
        ring.addPoint(x, y), ring.addPoint(x + w, y), ring.addPoint(x + w, y + h), ring.addPoint(x, y + h);
        ring.addPoint(x, y);
        poly.addRing(&ring);
        OGRFeature f(shapes->GetLayerDefn());
        f.SetGeometry(&poly);
        EXPECT_EQ(shapes->CreateFeature(&f), OGRERR_NONE);
        boxes[f.GetFID()] = {x, x + w, y, y + h};
    }
    OGRFeature empty(shapes->GetLayerDefn());
    OGRPolygon nothing;
    empty.SetGeometry(&nothing);
    EXPECT_EQ(shapes->CreateFeature(&empty), OGRERR_NONE);
    OGRFeature null_geometry(shapes->GetLayerDefn());
    EXPECT_EQ(shapes->CreateFeature(&null_geometry), OGRERR_NONE);
    for (int i = 0; i < 3; ++i) {
        OGRFeature f(spots->GetLayerDefn());
        OGRPoint p(500000 + i * 10.5, 3'500'000 - i * 0.25);
        f.SetGeometry(&p);
        EXPECT_EQ(spots->CreateFeature(&f), OGRERR_NONE);
    }
    ds->CommitTransaction();
    return boxes;
}

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const std::string& path) { sqlite3_open(path.c_str(), &db); }
    ~Db() { sqlite3_close(db); }
    std::vector<std::string> column(const std::string& sql) const {
        std::vector<std::string> out;
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql << sqlite3_errmsg(db);
        while (sqlite3_step(s) == SQLITE_ROW) {
            const auto* t = sqlite3_column_text(s, 0);
            out.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
        }
        sqlite3_finalize(s);
        return out;
    }
};

// Per process: the plain and the sanitizer suites may run side by side.
std::string temp_path(const std::string& name) {
    return (fs::temp_directory_path() / ("parkgis_rtree_" + std::to_string(::getpid()) + "_" + name)).string();
}

void build_indexes(const std::string& path) {
    SqliteSession session(path);
    build_spatial_indexes(session);
    session.commit();
}

void append_double(std::vector<unsigned char>& out, double v, bool big_endian) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(bits >> 8 * (big_endian ? 7 - i : i)));
}

}  // namespace

TEST(SpatialIndex, RoundsOutwardsToFloatsAsSqliteDoes) {
    // 16 777 217 is the first integer a float cannot hold: its neighbours are 16 777 216 and 16 777 218.
    EXPECT_EQ(float_at_or_below(16777217.0), 16777216.0f);
    EXPECT_EQ(float_at_or_above(16777217.0), 16777218.0f);
    EXPECT_EQ(float_at_or_below(3500000.25), 3500000.25f);  // exact: unchanged
    EXPECT_LE(double(float_at_or_below(0.1)), 0.1);
    EXPECT_GE(double(float_at_or_above(0.1)), 0.1);
    EXPECT_EQ(std::nextafter(float_at_or_below(0.1), 1.0f), float_at_or_above(0.1));
    EXPECT_EQ(float_at_or_below(-0.1), -float_at_or_above(0.1));
}

TEST(SpatialIndex, ReadsEnvelopesFromGeoPackageBlobs) {
    // Header 'GP', version 0, flags 0b0000_0011 (little-endian, envelope xy), srs 4545, then the envelope.
    std::vector<unsigned char> blob = {'G', 'P', 0, 0x03, 0xc1, 0x11, 0, 0};
    for (double v : {1.5, 2.5, -3.0, 4.0}) append_double(blob, v, false);
    double minx, maxx, miny, maxy;
    ASSERT_TRUE(geometry_blob_envelope(blob.data(), int(blob.size()), minx, maxx, miny, maxy));
    EXPECT_EQ(minx, 1.5);
    EXPECT_EQ(maxx, 2.5);
    EXPECT_EQ(miny, -3.0);
    EXPECT_EQ(maxy, 4.0);
    blob[3] |= 0x10;  // the empty flag
    EXPECT_FALSE(geometry_blob_envelope(blob.data(), int(blob.size()), minx, maxx, miny, maxy));
    // A big-endian point with no envelope: header flags 0, then WKB 00 00000001 x y.
    std::vector<unsigned char> point = {'G', 'P', 0, 0x00, 0, 0, 0x11, 0xc1, 0, 0, 0, 0, 1};
    for (double v : {7.25, -8.5}) append_double(point, v, true);
    ASSERT_TRUE(geometry_blob_envelope(point.data(), int(point.size()), minx, maxx, miny, maxy));
    EXPECT_EQ(minx, 7.25);
    EXPECT_EQ(maxy, -8.5);
    EXPECT_FALSE(geometry_blob_envelope(nullptr, 0, minx, maxx, miny, maxy));
    EXPECT_FALSE(geometry_blob_envelope(point.data(), 6, minx, maxx, miny, maxy));
}

TEST(SpatialIndex, PacksFullNodesUnderOneRoot) {
    // 5000 entries, 51 cells a node (SQLite's 1228-byte nodes): 99 leaves, 2 inner nodes, the root: depth 2.
    std::vector<RtreeEntry> entries;
    for (int i = 0; i < 5000; ++i) entries.push_back({i + 1, float(i), float(i) + 1, float(i % 70), float(i % 70) + 1});
    const PackedRtree tree = pack_rtree(entries, 1228);
    ASSERT_EQ(tree.nodes.size(), 102u);
    EXPECT_EQ(tree.nodes.front().number, 1);
    EXPECT_EQ(tree.nodes.front().parent, 0);
    EXPECT_EQ(tree.nodes.front().blob.substr(0, 4), std::string("\x00\x02\x00\x02", 4));  // depth 2, 2 cells
    EXPECT_EQ(tree.leaf_of_row.size(), 5000u);
    std::set<std::int64_t> numbers;
    for (const auto& n : tree.nodes) {
        numbers.insert(n.number);
        EXPECT_EQ(n.blob.size(), 1228u);
    }
    EXPECT_EQ(numbers.size(), 102u);
    EXPECT_EQ(*numbers.rbegin(), 102);
    EXPECT_TRUE(pack_rtree({}, 1228).nodes.empty());
}

TEST(SpatialIndex, AnswersEveryQueryAsAScanWouldAndStaysRightUnderEdits) {
    const std::string path = temp_path("bulk.gpkg");
    const auto boxes = write_sample(path, 20000, false);
    build_indexes(path);
    Db d(path);
    EXPECT_EQ(d.column("SELECT rtreecheck('rtree_shapes_geom')"), std::vector<std::string>{"ok"});
    EXPECT_EQ(d.column("SELECT rtreecheck('rtree_spots_geom')"), std::vector<std::string>{"ok"});
    EXPECT_EQ(d.column("SELECT count(*) FROM rtree_shapes_geom"), std::vector<std::string>{"20000"});
    EXPECT_EQ(d.column("SELECT count(*) FROM rtree_spots_geom WHERE minx = maxx AND miny = maxy"),
              std::vector<std::string>{"3"});
    EXPECT_EQ(d.column("SELECT id FROM rtree_spots_geom WHERE minx <= 500010.5 AND maxx >= 500010.5 AND miny <= "
                       "3499999.75 AND maxy >= 3499999.75"),
              std::vector<std::string>{"2"});
    EXPECT_EQ(d.column("SELECT extension_name || ' ' || scope FROM gpkg_extensions WHERE table_name = 'shapes'"),
              std::vector<std::string>{"gpkg_rtree_index write-only"});

    // Each stored box holds its rectangle; window queries find exactly what a scan of the boxes finds.
    for (const auto& [fid, b] : boxes) {
        const auto row = d.column(fmt::format("SELECT minx <= {} AND maxx >= {} AND miny <= {} AND maxy >= {} FROM "
                                              "rtree_shapes_geom WHERE id = {}",
                                              b.minx, b.maxx, b.miny, b.maxy, fid));
        ASSERT_EQ(row, std::vector<std::string>{"1"}) << fid;
        if (fid > 200) break;
    }
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> at(495000, 605000);
    for (int q = 0; q < 50; ++q) {
        const double x = at(rng), y = at(rng) + 3'000'000, w = 5000;
        std::set<std::string> expected;
        for (const auto& [fid, b] : boxes) {
            const Box stored{float_at_or_below(b.minx), float_at_or_above(b.maxx), float_at_or_below(b.miny),
                             float_at_or_above(b.maxy)};
            if (stored.maxx >= x && stored.minx <= x + w && stored.maxy >= y && stored.miny <= y + w)
                expected.insert(std::to_string(fid));
        }
        const auto found = d.column(fmt::format("SELECT id FROM rtree_shapes_geom WHERE maxx >= {0} AND minx <= {1} "
                                                "AND maxy >= {2} AND miny <= {3}",
                                                x, x + w, y, y + w));
        EXPECT_EQ(std::set<std::string>(found.begin(), found.end()), expected) << "query " << q;
    }

    // Edits through GDAL go through the triggers into the packed tree.
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        OGRLayer* shapes = ds->GetLayerByName("shapes");
        for (long long fid = 1; fid <= 2000; ++fid) ASSERT_EQ(shapes->DeleteFeature(fid), OGRERR_NONE);
        OGRFeature f(shapes->GetLayerDefn());
        OGRPolygon poly;
        OGRLinearRing ring;
        ring.addPoint(0, 0), ring.addPoint(1, 0), ring.addPoint(1, 1), ring.addPoint(0, 0);
        poly.addRing(&ring);
        f.SetGeometry(&poly);
        ASSERT_EQ(shapes->CreateFeature(&f), OGRERR_NONE);
        shapes->SetSpatialFilterRect(-1, -1, 2, 2);
        EXPECT_EQ(shapes->GetFeatureCount(), 1);
    }
    EXPECT_EQ(d.column("SELECT rtreecheck('rtree_shapes_geom')"), std::vector<std::string>{"ok"});
    EXPECT_EQ(d.column("SELECT count(*) FROM rtree_shapes_geom"), std::vector<std::string>{"18001"});
    fs::remove(path);
}

TEST(SpatialIndex, TriggersAreThoseGdalWrites) {
    const std::string ours = temp_path("ours.gpkg"), gdal = temp_path("gdal.gpkg");
    write_sample(ours, 10, false);
    build_indexes(ours);
    write_sample(gdal, 10, true);
    const std::string sql = "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE name LIKE 'rtree%' "
                            "ORDER BY name";
    const auto a = Db(ours).column(sql), b = Db(gdal).column(sql);
    EXPECT_EQ(a.size(), 2u * (4 + 6));
    EXPECT_EQ(a, b);
    const std::string ext = "SELECT table_name || column_name || extension_name || definition || scope FROM "
                            "gpkg_extensions ORDER BY 1";
    EXPECT_EQ(Db(ours).column(ext), Db(gdal).column(ext));
    fs::remove(ours), fs::remove(gdal);
}
