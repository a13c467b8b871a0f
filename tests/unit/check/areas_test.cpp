#include "parkgis/check/areas.hpp"

#include <fmt/format.h>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <gtest/gtest.h>

#include "../test_helpers.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/normalize/crs.hpp"
#include "parkgis/units.hpp"

using namespace parkgis;

TEST(PlanarArea, OneKilometreSquareInEpsg4545) {
    auto g = test::wkt(test::square(393000, 3205000, 1000));
    const double m2 = planar_area_m2(*g, srs_from_epsg(4545));
    EXPECT_EQ(fmt::format("{:.6f}", units::km2(m2)), "1.000000");
}

TEST(PlanarArea, RefusesDegrees) {
    auto g = test::wkt(test::square(106, 28, 1));
    EXPECT_THROW(planar_area_m2(*g, srs_from_epsg(4490)), CrsError);
}

TEST(EllipsoidalArea, GeographicRectangleMatchesGeographicLib) {
    auto g = test::wkt("POLYGON ((106.9 28.9, 107.0 28.9, 107.0 29.0, 106.9 29.0, 106.9 28.9))");
    const double ours = ellipsoidal_area_m2(*g, srs_from_epsg(4490));

    // Independent: GeographicLib (C++), same CGCS2000 ellipsoid, same four geodesic edges.
    const GeographicLib::Geodesic cgcs2000(6378137.0, 1.0 / 298.257222101);
    GeographicLib::PolygonArea poly(cgcs2000);
    poly.AddPoint(28.9, 106.9);
    poly.AddPoint(28.9, 107.0);
    poly.AddPoint(29.0, 107.0);
    poly.AddPoint(29.0, 106.9);
    double perimeter = 0, area = 0;
    poly.Compute(false, true, perimeter, area);
    EXPECT_NEAR(ours / std::fabs(area), 1.0, 1e-6);
    EXPECT_GT(ours, 1.08e8);  // about 9.74 km × 11.1 km
    EXPECT_LT(ours, 1.09e8);
}

TEST(EllipsoidalArea, GaussKrugerScaleAwayFromCentralMeridian) {
    // At 106.9°E, 1.1° west of the CM 108°E, at 28.95°N: GK scale k ≈ 1 + (Δλ·cosφ)²/2, so the
    // planar area exceeds the ellipsoidal one by ≈ (Δλ·cosφ)² = (0.019199·0.8750)² ≈ 2.82e-4.
    auto g = test::wkt(test::square(392300, 3204300, 1000));
    const auto srs = srs_from_epsg(4545);
    const double planar = planar_area_m2(*g, srs);
    const double ellipsoidal = ellipsoidal_area_m2(*g, srs);
    const double excess = planar / ellipsoidal - 1.0;
    EXPECT_GT(excess, 2.6e-4);
    EXPECT_LT(excess, 3.0e-4);
}
