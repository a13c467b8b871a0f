#include "parkgis/check/boundary_qa.hpp"

#include <gtest/gtest.h>

#include "../test_helpers.hpp"
#include "parkgis/normalize/crs.hpp"

using namespace parkgis;

namespace {
ZoneRecord zone(const std::string& id, const std::string& wkt_text, std::optional<double> declared = {}) {
    ZoneRecord z;
    z.zone_id = id;
    z.name = id;
    z.kind = "expansion";
    z.group = ZoneGroup::expansion;
    z.declared_area_km2 = declared;
    z.geometry = test::wkt(wkt_text);
    return z;
}
}  // namespace

TEST(DeclaredArea, MismatchBeyondToleranceGivesFindingWithBothAreas) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(393000, 3205000, 1000), 1.1));
    measure_zone_areas(zones, srs_from_epsg(4545));
    auto f = check_declared_area(zones[0], 0.5);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->check_id, "QA-AREA-DECLARED");
    EXPECT_NEAR(*f->actual, 1.0, 1e-9);
    EXPECT_NEAR(*f->threshold, 1.1, 1e-12);
    EXPECT_NE(f->message_en.find("-0.1000 km²"), std::string::npos) << f->message_en;
    EXPECT_NE(f->message_en.find("-9.09 %"), std::string::npos) << f->message_en;
}

TEST(DeclaredArea, WithinToleranceGivesNothing) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(393000, 3205000, 1000), 1.004));  // 0.4 % off
    measure_zone_areas(zones, srs_from_epsg(4545));
    EXPECT_FALSE(check_declared_area(zones[0], 0.5).has_value());
}

TEST(Overlaps, TwoZonesOverlappingByAStripOf100By1000Metres) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(0, 0, 1000)));
    zones.push_back(zone("B", test::square(900, 0, 1000)));
    zones.push_back(zone("C", test::square(5000, 0, 1000)));  // far away
    auto findings = find_overlaps(zones, 1.0);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].check_id, "QA-ZONE-OVERLAP");
    EXPECT_EQ(findings[0].subject_id, "A|B");
    EXPECT_NEAR(*findings[0].actual, 100000.0, 1e-6);
    EXPECT_NEAR(zones[0].overlap_m2, 100000.0, 1e-6);
    EXPECT_NEAR(zones[1].overlap_m2, 100000.0, 1e-6);
    EXPECT_EQ(zones[2].overlap_m2, 0.0);
}

TEST(Gaps, TwoMetreStripBetweenNeighboursIsFound) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(0, 0, 1000)));
    zones.push_back(zone("B", test::square(1002, 0, 1000)));
    auto gaps = find_gaps(zones, 5.0, 1.0);
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_EQ(gaps[0].subject_id, "A|B");
    EXPECT_NEAR(*gaps[0].actual, 2000.0, 2000.0 * 0.01);
}

TEST(Gaps, WideSpacingIsNotAGap) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(0, 0, 1000)));
    zones.push_back(zone("B", test::square(1010, 0, 1000)));
    EXPECT_TRUE(find_gaps(zones, 5.0, 1.0).empty());
}

TEST(Slivers, ThinPartIsReported) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", "MULTIPOLYGON (((0 0,1000 0,1000 1000,0 1000,0 0)),((2000 0,2100 0,2100 2,2000 2,2000 0)))"));
    auto s = find_slivers(zones, 5.0);
    ASSERT_EQ(s.size(), 1u);
    // mean width 2A/P = 2·200 / 204 = 1.961 m
    EXPECT_NEAR(*s[0].actual, 400.0 / 204.0, 1e-9);
}

TEST(Constraints, FarmlandOverlapAndOutsideBoundary) {
    std::vector<ZoneRecord> zones;
    zones.push_back(zone("A", test::square(0, 0, 1000)));
    Layer farmland;
    farmland.role = "constraints";
    farmland.constraint_kind = "basic_farmland";
    Feature f;
    f.geometry = test::wkt(test::square(900, 900, 200));  // 100 × 100 inside A
    farmland.features.push_back(std::move(f));
    Layer udb;
    udb.role = "constraints";
    udb.constraint_kind = "urban_dev_boundary";
    Feature b;
    b.geometry = test::wkt("POLYGON ((0 0,800 0,800 1000,0 1000,0 0))");  // A's east 200 m outside
    udb.features.push_back(std::move(b));
    auto findings = check_constraints(zones, {&farmland, &udb}, 1.0);
    ASSERT_EQ(findings.size(), 2u);
    EXPECT_NEAR(*zones[0].basic_farmland_m2, 10000.0, 1e-6);
    EXPECT_FALSE(zones[0].eco_redline_m2.has_value());  // no layer: not available, never zero
    EXPECT_NEAR(*zones[0].outside_udb_m2, 200000.0, 1e-6);
}
