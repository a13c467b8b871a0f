#include "parkgis/normalize/geometry_repair.hpp"

#include <gtest/gtest.h>

#include "../test_helpers.hpp"

using namespace parkgis;

TEST(RepairPolygonal, BowtieBecomesTwoTrianglesOfHalfTheSquare) {
    // 10 × 10 bowtie: the two lobes are triangles of 10 × 5 / 2 = 25 m² each.
    auto bowtie = test::wkt("POLYGON ((0 0,10 10,10 0,0 10,0 0))");
    ASSERT_FALSE(bowtie->IsValid());
    EXPECT_NE(invalid_reason(*bowtie).find("Self-intersection"), std::string::npos);
    auto fixed = repair_polygonal(*bowtie);
    ASSERT_TRUE(fixed);
    EXPECT_TRUE(fixed->IsValid());
    ASSERT_EQ(wkbFlatten(fixed->getGeometryType()), wkbMultiPolygon);
    EXPECT_EQ(fixed->toMultiPolygon()->getNumGeometries(), 2);
    EXPECT_NEAR(fixed->toMultiPolygon()->get_Area(), 50.0, 1e-9);
}

TEST(RepairPolygonal, ZeroAreaPolygonHasNothingLeft) {
    auto flat = test::wkt("POLYGON ((0 0,10 0,20 0,0 0))");
    EXPECT_FALSE(repair_polygonal(*flat));
}

TEST(FiniteCoordinates, NanIsCaught) {
    OGRLinearRing ring;
    ring.addPoint(0, 0);
    ring.addPoint(std::nan(""), 0);
    ring.addPoint(1, 1);
    ring.addPoint(0, 0);
    OGRPolygon poly;
    poly.addRing(&ring);
    EXPECT_FALSE(has_finite_coordinates(poly));
    EXPECT_TRUE(has_finite_coordinates(*test::wkt("POLYGON ((0 0,1 0,1 1,0 0))")));
}

// The fast validity path may only say "valid" when GEOS would; on everything else it defers (false).
struct FastValidityCase {
    const char* wkt;
    bool clearly_valid;
};

class ClearlyValidSimplePolygon : public ::testing::TestWithParam<FastValidityCase> {};

TEST_P(ClearlyValidSimplePolygon, AgreesWithGeosOrDefers) {
    auto g = test::wkt(GetParam().wkt);
    EXPECT_EQ(clearly_valid_simple_polygon(*g), GetParam().clearly_valid) << GetParam().wkt;
    if (clearly_valid_simple_polygon(*g)) EXPECT_TRUE(g->IsValid()) << GetParam().wkt;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ClearlyValidSimplePolygon,
    ::testing::Values(
        FastValidityCase{"POLYGON ((393000 3205000,393020 3205000,393020 3205015,393000 3205015,393000 3205000))", true},
        FastValidityCase{"POLYGON ((0 0,10 0,10 10,0 10,0 0))", true},                    // clockwise or not
        FastValidityCase{"POLYGON ((0 0,0 10,10 10,10 0,0 0))", true},
        FastValidityCase{"POLYGON ((0 0,0 0,10 0,10 10,0 10,0 0))", true},               // repeated vertex
        FastValidityCase{"POLYGON ((0 0,5 0,10 0,10 10,0 10,0 0))", true},               // straight-through vertex
        FastValidityCase{"POLYGON ((0 0,10 0,10 10,5 2,0 10,0 0))", true},               // concave
        FastValidityCase{"POLYGON ((0 0,10 10,10 0,0 10,0 0))", false},                  // bowtie
        FastValidityCase{"POLYGON ((0 0,10 0,10 10,5 0,0 10,0 0))", false},              // touches its own edge
        FastValidityCase{"POLYGON ((0 0,10 0,20 0,0 0))", false},                        // zero area
        FastValidityCase{"POLYGON ((0 0,10 0,10 10,10 20,10 10,0 10,0 0))", false},      // spike folding back
        FastValidityCase{"POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 2))", false},  // holes: GEOS decides
        FastValidityCase{"MULTIPOLYGON (((0 0,1 0,1 1,0 0)))", false}));                 // not a polygon: GEOS
