// The coverage index against hand-computed areas: covered = two squares and an L (350 m²), queried with
// convex areas (the clipping path), a many-part area and rectangles (grid cells).
#include "measure/coverage_index.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace parkgis::detail;

namespace {

struct CoverageCase {
    const char* name;
    const char* query;  // WKT; "" for the rectangle below
    double x0, y0, x1, y1;
    double expected_m2;
};

class CoverageIndexCase : public ::testing::TestWithParam<CoverageCase> {};

TEST_P(CoverageIndexCase, CoveredAreaIsTheHandValue) {
    const auto& c = GetParam();
    GeosHandle h;
    GeosPtr covered(GEOSGeomFromWKT_r(h.ctx(),
                                      "MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0)),((20 0,30 0,30 10,20 10,20 0)),"
                                      "((0 20,20 20,20 25,10 25,10 30,0 30,0 20)))"),
                    {h.ctx()});
    const CoverageIndex index(h, covered.get());
    EXPECT_DOUBLE_EQ(index.total_m2(), 350);
    if (*c.query) {
        GeosPtr q(GEOSGeomFromWKT_r(h.ctx(), c.query), {h.ctx()});
        const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h.ctx(), q.get());
        EXPECT_NEAR(index.covered_m2(q.get(), prepared), c.expected_m2, 1e-9) << c.name;
        GEOSPreparedGeom_destroy_r(h.ctx(), prepared);
    } else {
        EXPECT_NEAR(index.covered_m2(c.x0, c.y0, c.x1, c.y1), c.expected_m2, 1e-9) << c.name;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CoverageIndexCase,
    ::testing::Values(
        // [5,25]×[-5,5]: 5×5 of each square.
        CoverageCase{"convex band", "POLYGON ((5 -5,25 -5,25 5,5 5,5 -5))", 0, 0, 0, 0, 50},
        // x + y ≤ 39: all of the first square; the second less its corner (½); the L less 17.5 + ½.
        CoverageCase{"convex triangle", "POLYGON ((-1 -1,40 -1,-1 40,-1 -1))", 0, 0, 0, 0, 331.5},
        // Two parts: 5×5 of the first square and 2×2 of the second.
        CoverageCase{"many-part", "MULTIPOLYGON (((5 5,15 5,15 15,5 15,5 5)),((22 2,24 2,24 4,22 4,22 2)))", 0, 0, 0,
                     0, 29},
        // Not convex (an L of its own): [0,30]×[0,4] ∪ [0,4]×[0,30] meets the squares in 40 + 40 − 16 + 16
        // (the second square's 10×4) and the L in 4×10 (x ≤ 4, y 20…30).
        CoverageCase{"non-convex", "POLYGON ((0 0,30 0,30 4,4 4,4 30,0 30,0 0))", 0, 0, 0, 0, 40 + 40 - 16 + 40 + 40},
        CoverageCase{"cell over all", "", 0, 0, 100, 100, 350},
        // [8,12]×[22,28]: the L's stem 2×6 and its foot 2×3.
        CoverageCase{"cell on the L's corner", "", 8, 22, 12, 28, 18},
        CoverageCase{"cell over nothing", "", 12, 12, 18, 18, 0}));

}  // namespace
