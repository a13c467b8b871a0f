// The 坐标 file for the land authority: a record per part of a zone with that part's holes as 圈号 2…,
// CR LF lines, the project's header fields, and each record's area as its printed points give it.
#include "parkgis/write/coordinate_file.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "../test_helpers.hpp"
#include "parkgis/check/boundary_points.hpp"
#include "parkgis/normalize/crs.hpp"

using namespace parkgis;

namespace {

// Zone "E3" of two parts in EPSG:4545 (zone 36): a 1 km square with a 200 m hole, and a 500 m square east of it.
Dataset two_part_zone() {
    Dataset d;
    d.gk_zone = 36;
    ZoneRecord z;
    z.zone_id = "E3";
    z.name = "鱼田堡组团";
    d.zones.push_back(std::move(z));
    const auto g = test::wkt(
        "MULTIPOLYGON (((400000 3200000, 401000 3200000, 401000 3201000, 400000 3201000, 400000 3200000),"
        "(400400 3200400, 400400 3200600, 400600 3200600, 400600 3200400, 400400 3200400)),"
        "((402000 3200000, 402500 3200000, 402500 3200500, 402000 3200500, 402000 3200000)))");
    d.boundary_points = number_boundary_points("E3", "鱼田堡组团", *g, srs_from_epsg(4545), 4524);
    for (auto& p : d.boundary_points) p.record = p.part;
    return d;
}

std::vector<std::string> lines_of(const std::string& bytes) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t at; (at = bytes.find("\r\n", start)) != std::string::npos; start = at + 2)
        out.push_back(bytes.substr(start, at - start));
    EXPECT_EQ(start, bytes.size()) << "the file ends with CR LF";
    return out;
}

}  // namespace

TEST(CoordinateFile, ARecordPerPartHolesAsRingTwoAndCrLf) {
    const Dataset d = two_part_zone();
    CoordinateFileSettings s;
    s.encoding = "UTF-8";
    s.producer = "万盛经开区管委会";
    s.land_use = "工业用地";
    s.land_class_code = "0601";
    const auto file = make_coordinate_file(d, "2026-12-06", s);
    EXPECT_TRUE(file.findings.empty());
    EXPECT_EQ(file.bytes.find('\n'), file.bytes.find("\r\n") + 1) << "no bare LF";
    const auto lines = lines_of(file.bytes);
    const std::vector<std::string> expected = {
        "[属性描述]", "格式版本号=1.01", "数据产生单位=万盛经开区管委会", "数据产生日期=2026-12-06",
        "坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米", "带号=36", "精度=0.01",
        "转换参数=,,,,,,", "[地块坐标]",
        // part 1: 1 km² less the 0.04 km² hole = 96 公顷; its outline (ring 1) clockwise from the north-west,
        // closed, then the hole (ring 2), closed
        "10,96.0000,1,鱼田堡组团（1/2）,面,,工业用地,0601,@",
        "J1,1,3201000.00,36400000.00", "J2,1,3201000.00,36401000.00", "J3,1,3200000.00,36401000.00",
        "J4,1,3200000.00,36400000.00", "J1,1,3201000.00,36400000.00",
        "J5,2,3200600.00,36400400.00", "J6,2,3200400.00,36400400.00", "J7,2,3200400.00,36400600.00",
        "J8,2,3200600.00,36400600.00", "J5,2,3200600.00,36400400.00",
        // part 2 is a record of its own, its outline ring 1 again
        "5,25.0000,2,鱼田堡组团（2/2）,面,,工业用地,0601,@",
        "J9,1,3200500.00,36402000.00", "J10,1,3200500.00,36402500.00", "J11,1,3200000.00,36402500.00",
        "J12,1,3200000.00,36402000.00", "J9,1,3200500.00,36402000.00",
    };
    EXPECT_EQ(lines, expected);
}

TEST(CoordinateFile, NumberedByZoneIdAndAnEmptyProducerIsAFinding) {
    const Dataset d = two_part_zone();
    CoordinateFileSettings s;
    s.encoding = "UTF-8";
    s.numbering = "zone_id";
    const auto file = make_coordinate_file(d, "2026-12-06", s);
    const auto lines = lines_of(file.bytes);
    EXPECT_EQ(lines[2], "数据产生单位=");
    EXPECT_EQ(lines[12], "10,96.0000,E3-1,鱼田堡组团（1/2）,面,,,,@");
    EXPECT_EQ(lines[23], "5,25.0000,E3-2,鱼田堡组团（2/2）,面,,,,@");
    ASSERT_EQ(file.findings.size(), 1u);
    EXPECT_EQ(file.findings[0].check_id, "WRITE-COORDINATE-FILE-PRODUCER");
}

// The header's area is the printed points' (to the centimetre, an exact half rounded to even as printed),
// so that a system recomputing it from the points agrees.
TEST(CoordinateFile, TheAreaIsThePrintedPoints) {
    Dataset d;
    d.gk_zone = 36;
    ZoneRecord z;
    z.zone_id = "Z";
    z.name = "Z";
    d.zones.push_back(std::move(z));
    // Corners at exact binary halves of a centimetre: .625 prints as .62 (half to even; std::round would give
    // .63) and .375 as .38, so the square printed is 99.76 m a side: 9 952.0576 m², 0.9952 公顷 (0.9950 with
    // std::round, 1.0000 unrounded).
    const auto g = test::wkt("POLYGON ((400000.625 3200000.625, 400100.375 3200000.625, 400100.375 3200100.375, "
                             "400000.625 3200100.375, 400000.625 3200000.625))");
    d.boundary_points = number_boundary_points("Z", "Z", *g, srs_from_epsg(4545), 4524);
    for (auto& p : d.boundary_points) p.record = 1;
    CoordinateFileSettings s;
    s.encoding = "UTF-8";
    const auto lines = lines_of(make_coordinate_file(d, "2026-12-06", s).bytes);
    EXPECT_EQ(lines[12], "5,0.9952,1,Z,面,,,,@");
    EXPECT_EQ(lines[13], "J1,1,3200100.38,36400000.62");
}
