// 四至: each side of a zone named by the neighbour nearest its extreme 界址点 (within the distance), else by
// that point and its coordinates.
#include "parkgis/check/four_bounds.hpp"

#include <gtest/gtest.h>

#include "../test_helpers.hpp"
#include "parkgis/check/boundary_points.hpp"
#include "parkgis/normalize/crs.hpp"

using namespace parkgis;

TEST(FourBounds, NeighboursWithinTheDistanceElseTheExtremePoint) {
    // A 1 km square in EPSG:4545: J1 north-west, J2 north-east, J3 south-east, J4 south-west.
    const auto zone = test::wkt(test::square(400000, 3200000, 1000));
    const auto points = number_boundary_points("Z", "区", *zone, srs_from_epsg(4545), 4524);
    std::vector<const BoundaryPoint*> mine;
    for (const auto& p : points) mine.push_back(&p);

    Layer neighbours;
    neighbours.role = "neighbours";
    auto add = [&](const char* wkt, const char* name) {
        Feature f;
        f.geometry = test::wkt(wkt);
        f.fields["name"] = std::string(name);
        neighbours.features.push_back(std::move(f));
    };
    add("LINESTRING (401010 3199000, 401010 3202000)", "东环路");    // 10 m east of J2
    add("LINESTRING (401030 3199000, 401030 3202000)", "远东路");    // 30 m: the nearer one names the side
    add("LINESTRING (399000 3199970, 402000 3199970)", "藻渡河");    // 30 m south of J3
    add("POLYGON ((400000 3201200, 400100 3201200, 400100 3201300, 400000 3201300, 400000 3201200))", "青山村");  // 200 m

    const auto bounds = four_bounds(mine, Neighbours({&neighbours}), 50);
    EXPECT_EQ(bounds[0], "东环路");
    EXPECT_EQ(bounds[1], "藻渡河");
    EXPECT_EQ(bounds[2], "J1（X=3201000.00，Y=36400000.00）");  // west: no neighbour; J1 before J4 on the tie
    EXPECT_EQ(bounds[3], "J1（X=3201000.00，Y=36400000.00）");  // north: 青山村 lies beyond 50 m

    const auto wider = four_bounds(mine, Neighbours({&neighbours}), 250);
    EXPECT_EQ(wider[3], "青山村");
    const auto none = four_bounds(mine, Neighbours({}), 50);
    EXPECT_EQ(none[0], "J2（X=3201000.00，Y=36401000.00）");
    EXPECT_EQ(none[1], "J3（X=3200000.00，Y=36401000.00）");
}
