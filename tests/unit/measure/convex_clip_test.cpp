// The overlay's fast path without GEOS (src/measure/convex_clip.hpp): a parcel of one ring that is not
// convex, clipped by a convex building, gives the area GEOS gives for their intersection.
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <cmath>
#include <memory>
#include <random>

#include "measure/convex_clip.hpp"

using namespace parkgis::detail;

namespace {

Ring ring_of(const std::vector<std::pair<double, double>>& points) {
    Ring r;
    for (const auto& [x, y] : points) {
        r.x.push_back(x);
        r.y.push_back(y);
    }
    return r;
}

std::unique_ptr<OGRPolygon> polygon_of(const Ring& r) {
    OGRLinearRing ring;
    for (size_t i = 0; i < r.x.size(); ++i) ring.addPoint(r.x[i], r.y[i]);
    ring.addPoint(r.x[0], r.y[0]);
    auto p = std::make_unique<OGRPolygon>();
    p->addRing(&ring);
    return p;
}

double clip(const Ring& subject, const Ring& convex_clip) {
    std::vector<double> bx, by, cx, cy;
    bool covered = false;
    const double a = clipped_area(subject, convex_clip, covered, bx, by, cx, cy);
    return covered ? ring_area(subject) : a;
}

double geos_area(const Ring& a, const Ring& b) {
    const auto pa = polygon_of(a), pb = polygon_of(b);
    std::unique_ptr<OGRGeometry> cut(pa->Intersection(pb.get()));
    if (!cut || cut->IsEmpty()) return 0;
    return OGR_G_Area(OGRGeometry::ToHandle(cut.get()));
}

}  // namespace

// An L-shaped parcel (notch at the top right) and a 20 × 20 m building across the notch's corner:
// the building's quarter in the notch is outside, so 300 m² of its 400 m² are on the parcel.
TEST(ConvexClip, AConcaveParcelClippedByAConvexBuilding) {
    const Ring parcel = ring_of({{0, 0}, {100, 0}, {100, 50}, {50, 50}, {50, 100}, {0, 100}});
    const Ring building = convex(ring_of({{40, 40}, {60, 40}, {60, 60}, {40, 60}}));
    ASSERT_FALSE(building.empty());
    EXPECT_TRUE(convex(parcel).empty()) << "the L is not convex";
    EXPECT_NEAR(clip(parcel, building), 300.0, 1e-9);
    EXPECT_NEAR(geos_area(parcel, building), 300.0, 1e-9);
    // Wholly in the notch: nothing; wholly in the parcel: its footprint.
    EXPECT_NEAR(clip(parcel, convex(ring_of({{60, 60}, {90, 60}, {90, 90}, {60, 90}}))), 0.0, 1e-9);
    EXPECT_NEAR(clip(parcel, convex(ring_of({{10, 10}, {30, 10}, {30, 30}, {10, 30}}))), 400.0, 1e-9);
}

// Random star-shaped parcels (simple, mostly not convex) of up to 24 vertices in a city's coordinates, and
// random rotated rectangles: the clipped area agrees with GEOS to 1e-9 of the building's area.
TEST(ConvexClip, AgreesWithGeosOnRandomConcaveParcels) {
    std::mt19937 rng(20181);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int concave = 0;
    for (int trial = 0; trial < 500; ++trial) {
        const double cx = 380000 + 5000 * unit(rng), cy = 3190000 + 5000 * unit(rng);
        const int n = 5 + static_cast<int>(20 * unit(rng));
        std::vector<std::pair<double, double>> star;
        for (int i = 0; i < n; ++i) {
            const double angle = 2 * M_PI * i / n, radius = 30 + 40 * unit(rng);
            star.emplace_back(cx + radius * std::cos(angle), cy + radius * std::sin(angle));
        }
        const Ring parcel = ring_of(star);
        if (convex(parcel).empty()) ++concave;
        const double w = 5 + 30 * unit(rng), h = 5 + 30 * unit(rng), turn = M_PI * unit(rng);
        const double bx = cx - 60 + 120 * unit(rng), by = cy - 60 + 120 * unit(rng);
        std::vector<std::pair<double, double>> rect;
        for (const auto& [u, v] : {std::pair{0.0, 0.0}, {w, 0.0}, {w, h}, {0.0, h}})
            rect.emplace_back(bx + u * std::cos(turn) - v * std::sin(turn), by + u * std::sin(turn) + v * std::cos(turn));
        const Ring building = convex(ring_of(rect));
        ASSERT_FALSE(building.empty());
        EXPECT_NEAR(clip(parcel, building), geos_area(parcel, building), 1e-9 * w * h) << "trial " << trial;
    }
    EXPECT_GT(concave, 400) << "the stars are to be mostly concave";
}
