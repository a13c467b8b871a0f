#include "parkgis/normalize/crs.hpp"

#include <gtest/gtest.h>

#include "parkgis/errors.hpp"

using namespace parkgis;

TEST(SelectGaussKrugerZone, WanshengIsZone36Epsg4545) {
    const auto z = select_gauss_kruger_zone(106.9);
    EXPECT_EQ(z.zone, 36);
    EXPECT_EQ(z.central_meridian, 108);
    EXPECT_EQ(z.epsg, 4545);
    EXPECT_EQ(z.prefixed_epsg, 4524);
}

TEST(SelectGaussKrugerZone, ZoneEdgeAt109Point5) {
    EXPECT_EQ(select_gauss_kruger_zone(109.4).zone, 36);  // west of 109.5°E
    EXPECT_EQ(select_gauss_kruger_zone(109.6).zone, 37);  // east of it: CM 111°E
    EXPECT_EQ(select_gauss_kruger_zone(109.6).epsg, 4546);
    EXPECT_EQ(select_gauss_kruger_zone(119.6).prefixed_epsg, 4528);  // 秦皇岛, domain-spec §1.7
}

TEST(SelectGaussKrugerZone, RefusesLongitudesOutsideChina) {
    EXPECT_THROW(select_gauss_kruger_zone(10.0), CrsError);
    EXPECT_THROW(select_gauss_kruger_zone(std::nan("")), CrsError);
}

TEST(GaussKrugerZoneOfEpsg, BothFamilies) {
    EXPECT_EQ(gauss_kruger_zone_of_epsg(4545).zone, 36);
    EXPECT_EQ(gauss_kruger_zone_of_epsg(4524).zone, 36);
    EXPECT_EQ(gauss_kruger_zone_of_epsg(4326).zone, 0);
}
