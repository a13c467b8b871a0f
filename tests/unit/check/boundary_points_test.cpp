#include "parkgis/check/boundary_points.hpp"

#include <gtest/gtest.h>

#include "../test_helpers.hpp"
#include "parkgis/normalize/crs.hpp"

using namespace parkgis;

// A 1 km square (given anticlockwise, starting in the south-east) with a 200 m hole (given
// clockwise), in EPSG:4545. Expected: the outer ring clockwise from its NW corner, the hole after
// it, anticlockwise from its NW corner; numbering continues J1…J8; X = northing, Y = easting.
TEST(BoundaryPoints, SquareWithHoleOrderNumberingAndAxes) {
    auto g = test::wkt(
        "POLYGON ((401000 3200000, 401000 3201000, 400000 3201000, 400000 3200000, 401000 3200000),"
        "(400400 3200400, 400400 3200600, 400600 3200600, 400600 3200400, 400400 3200400))");
    const auto pts = number_boundary_points("Z1", "测试区", *g, srs_from_epsg(4545), 4524);
    ASSERT_EQ(pts.size(), 8u);
    struct Expected {
        int number, ring;
        bool hole;
        double east, north;
    };
    const Expected expected[] = {
        {1, 1, false, 400000, 3201000}, {2, 1, false, 401000, 3201000}, {3, 1, false, 401000, 3200000},
        {4, 1, false, 400000, 3200000}, {5, 2, true, 400400, 3200600},  {6, 2, true, 400400, 3200400},
        {7, 2, true, 400600, 3200400},  {8, 2, true, 400600, 3200600},
    };
    for (size_t i = 0; i < 8; ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(pts[i].number, expected[i].number);
        EXPECT_EQ(pts[i].ring, expected[i].ring);
        EXPECT_EQ(pts[i].hole, expected[i].hole);
        EXPECT_NEAR(pts[i].x_north, expected[i].north, 1e-6);                   // X is the northing
        EXPECT_NEAR(pts[i].y_east, expected[i].east, 1e-6);                     // Y is the easting
        EXPECT_NEAR(pts[i].y_east_prefixed, 36e6 + expected[i].east, 1e-6);     // zone 36 in front
    }
    for (const auto& p : pts) EXPECT_EQ(p.part, 1);
    EXPECT_NEAR(pts[0].edge_m, 1000, 1e-6);  // 边长 to the next point; the last point's back to the first
    EXPECT_NEAR(pts[3].edge_m, 1000, 1e-6);
    EXPECT_NEAR(pts[7].edge_m, 200, 1e-6);
    // 400000 E in zone 36 is 1.03° west of 108°E; the latitude of 3201000 N is ≈ 28.9°N.
    EXPECT_NEAR(pts[0].lon, 106.97, 0.01);
    EXPECT_NEAR(pts[0].lat, 28.92, 0.01);
    // The 成果表's rings: the outline J1–J4 (4 km round, 1 km²), the hole J5–J8 (800 m round, 0.04 km²).
    const auto rings = boundary_rings(pts);
    ASSERT_EQ(rings.size(), 2u);
    EXPECT_EQ(rings[0].ring, 1);
    EXPECT_FALSE(rings[0].hole);
    EXPECT_EQ(rings[0].points, 4);
    EXPECT_EQ(rings[0].first_number, 1);
    EXPECT_EQ(rings[0].last_number, 4);
    EXPECT_NEAR(rings[0].perimeter_m, 4000, 1e-6);
    EXPECT_DOUBLE_EQ(rings[0].area_m2, 1e6);
    EXPECT_EQ(rings[1].ring, 2);
    EXPECT_TRUE(rings[1].hole);
    EXPECT_EQ(rings[1].first_number, 5);
    EXPECT_EQ(rings[1].last_number, 8);
    EXPECT_NEAR(rings[1].perimeter_m, 800, 1e-6);
    EXPECT_DOUBLE_EQ(rings[1].area_m2, 40000);
}

TEST(BoundaryPoints, DegreesMinutesSeconds) {
    EXPECT_EQ(format_dms(106.5), "106°30′00.00″");
    EXPECT_EQ(format_dms(28.95), "28°57′00.00″");
    EXPECT_EQ(format_dms(106.0 + 59.0 / 60 + 59.999 / 3600), "107°00′00.00″");  // carries into degrees
}

// A zone of two parts: part by part, its outline (圈号 1) then its holes (圈号 2 …); numbering runs on.
TEST(BoundaryPoints, EachPartItsOutlineThenItsHoles) {
    auto g = test::wkt(
        "MULTIPOLYGON (((400000 3200000, 401000 3200000, 401000 3201000, 400000 3201000, 400000 3200000),"
        "(400400 3200400, 400400 3200600, 400600 3200600, 400600 3200400, 400400 3200400)),"
        "((402000 3200000, 402500 3200000, 402500 3200500, 402000 3200500, 402000 3200000)))");
    const auto pts = number_boundary_points("Z1", "测试区", *g, srs_from_epsg(4545), 4524);
    ASSERT_EQ(pts.size(), 12u);
    const int part[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
    const int ring[] = {1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1};
    for (size_t i = 0; i < 12; ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(pts[i].number, static_cast<int>(i) + 1);
        EXPECT_EQ(pts[i].part, part[i]);
        EXPECT_EQ(pts[i].ring, ring[i]);
        EXPECT_EQ(pts[i].hole, ring[i] > 1);
    }
    EXPECT_NEAR(pts[8].edge_m, 500, 1e-6);
}
