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
