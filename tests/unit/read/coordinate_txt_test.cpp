// The land authority's coordinate file as an input: records, parts and holes, GBK or UTF-8, Y with or without
// the zone prefix, the CRS from the 带号, and the errors a planner can act on.
#include "parkgis/read/coordinate_txt.hpp"

#include <gtest/gtest.h>
#include <iconv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "parkgis/errors.hpp"
#include "parkgis/read/read_stage.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {

std::string gbk(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* o = out.data();
    size_t in_left = utf8.size(), o_left = out.size();
    iconv(cd, &in, &in_left, &o, &o_left);
    iconv_close(cd);
    out.resize(out.size() - o_left);
    return out;
}

std::string scratch(const std::string& name, const std::string& bytes) {
    const fs::path p = fs::temp_directory_path() / ("parkgis_txt_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
}

// 地块 A1: a 100 m square with a 10 m hole (0.99 ha), and a second part, a 10 m square (0.01 ha); Y without the
// zone prefix, 带号 36 in the header: CGCS2000 3-degree Gauss-Krüger CM 108E, EPSG:4545.
const std::string kTwoParts =
    "[属性描述]\r\n格式版本号=1.01\r\n数据产生单位=某某规划院\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n带号=36\r\n"
    "[地块坐标]\r\n"
    "10,0.9900,A1,甲地块,面,H-49-1,工业用地,0601,@\r\n"
    "J1,1,3200100.00,400000.00\r\nJ2,1,3200100.00,400100.00\r\nJ3,1,3200000.00,400100.00\r\n"
    "J4,1,3200000.00,400000.00\r\nJ1,1,3200100.00,400000.00\r\n"
    "J5,2,3200060.00,400040.00\r\nJ6,2,3200060.00,400050.00\r\nJ7,2,3200050.00,400050.00\r\n"
    "J8,2,3200050.00,400040.00\r\nJ5,2,3200060.00,400040.00\r\n"
    "5,0.0100,A1,甲地块,面,H-49-1,工业用地,0601,@\r\n"
    "J9,1,3200300.00,400000.00\r\nJ10,1,3200300.00,400010.00\r\nJ11,1,3200290.00,400010.00\r\n"
    "J12,1,3200290.00,400000.00\r\nJ9,1,3200300.00,400000.00\r\n";

std::string read_error(const std::string& path) {
    try {
        read_coordinate_txt(path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST(CoordinateTxt, GbkRecordsOfOneNumberAreOneZoneWithItsHole) {
    const std::string path = scratch("two_parts.txt", gbk(kTwoParts));
    EXPECT_TRUE(is_coordinate_txt(path));
    const CoordinateTxt txt = read_coordinate_txt(path);
    EXPECT_EQ(txt.encoding, "GB18030");
    EXPECT_EQ(txt.zone, 36);
    EXPECT_FALSE(txt.y_prefixed);
    ASSERT_EQ(txt.records.size(), 2u);
    EXPECT_EQ(txt.records[0].name, "甲地块");
    EXPECT_EQ(txt.records[0].land_class_code, "0601");
    ASSERT_EQ(txt.records[0].rings.size(), 2u);
    EXPECT_EQ(txt.records[0].rings[0].size(), 4u);  // the closing point dropped
    EXPECT_EQ(txt.records[0].rings[0][1][0], 400100.0);  // east = the file's Y
    EXPECT_EQ(txt.records[0].rings[0][1][1], 3200100.0);  // north = the file's X

    const auto ds = coordinate_txt_dataset(path);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_EQ(layer->GetFeatureCount(), 1);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4545");
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    EXPECT_STREQ(f->GetFieldAsString("地块编号"), "A1");
    EXPECT_STREQ(f->GetFieldAsString("地块用途"), "工业用地");
    EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("地块面积"), 1.0);  // 0.99 + 0.01 公顷
    const auto* shape = f->GetGeometryRef()->toMultiPolygon();
    ASSERT_EQ(shape->getNumGeometries(), 2);
    EXPECT_DOUBLE_EQ(shape->get_Area(), 10000.0 - 100.0 + 100.0);

    // As the zones input: 地块编号 and 地块名称 stand for zone_id and name, inputs.zones.kinds gives the kind.
    InputSpec spec;
    spec.role = "zones";
    spec.path = path;
    spec.kinds = {{"A1", "core"}};
    const Layer zones = read_input(spec);
    ASSERT_EQ(zones.features.size(), 1u);
    EXPECT_EQ(zones.features[0].id, "A1");
    EXPECT_EQ(zones.features[0].text("name").value_or(""), "甲地块");
    EXPECT_EQ(zones.features[0].text("kind").value_or(""), "core");
    EXPECT_EQ(zones.source_files, std::vector<std::string>{path});
    spec.kinds = {{"B7", "core"}};
    try {
        read_input(spec);
        FAIL() << "a zone without a kind was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("zone A1 has no kind; add `A1: core`"), std::string::npos) << e.what();
    }
    spec.kinds.clear();
    try {
        read_input(spec);
        FAIL() << "zones without kind were accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no field for the required 'kind'"), std::string::npos) << e.what();
    }
}

TEST(CoordinateTxt, PrefixedYGivesTheZoneAndItsCrs) {
    // UTF-8, no header 带号: Y 36 400 000 says zone 36; with the prefix: EPSG:4524. Twelve attribute fields.
    const std::string path = scratch(
        "prefixed.txt", "\xEF\xBB\xBF[地块坐标]\n5,1.0000,7,乙,面,,,,备注,x,y,@\nJ1,1,3200100.00,36400000.00\n"
                        "J2,1,3200100.00,36400100.00\nJ3,1,3200000.00,36400100.00\nJ4,1,3200000.00,36400000.00\n"
                        "J1,1,3200100.00,36400000.00\n");
    const CoordinateTxt txt = read_coordinate_txt(path);
    EXPECT_EQ(txt.encoding, "UTF-8");
    EXPECT_EQ(txt.zone, 36);
    EXPECT_TRUE(txt.y_prefixed);
    const auto ds = coordinate_txt_dataset(path);
    EXPECT_STREQ(ds->GetLayer(0)->GetSpatialRef()->GetAuthorityCode(nullptr), "4524");
}

TEST(CoordinateTxt, ErrorsNameTheLineAndTheRemedy) {
    auto with = [](const std::string& from, const std::string& to) {
        std::string t = kTwoParts;
        t.replace(t.find(from), from.size(), to);
        return t;
    };
    // The hole moved 200 m north: outside its outline.
    const std::string hole_outside = scratch("hole.txt", with("J5,2,3200060.00,400040.00\r\nJ6,2,3200060.00,400050.00\r\n"
                                                              "J7,2,3200050.00,400050.00\r\nJ8,2,3200050.00,400040.00\r\n"
                                                              "J5,2,3200060.00,400040.00",
                                                              "J5,2,3200260.00,400040.00\r\nJ6,2,3200260.00,400050.00\r\n"
                                                              "J7,2,3200250.00,400050.00\r\nJ8,2,3200250.00,400040.00\r\n"
                                                              "J5,2,3200260.00,400040.00"));
    EXPECT_NE(read_error(hole_outside).find("accepted"), std::string::npos);  // the reader takes it; the dataset refuses it:
    try {
        coordinate_txt_dataset(hole_outside);
        FAIL() << "a hole outside its outline was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(":8: 地块 A1's 圈号 2 does not lie inside its 圈号 1"), std::string::npos)
            << e.what();
    }
    const std::string mixed = read_error(scratch("mixed.txt", with("J2,1,3200100.00,400100.00", "J2,1,3200100.00,36400100.00")));
    EXPECT_NE(mixed.find(":10: Y 36400100.00 carries the zone number, the file's first point does not"), std::string::npos)
        << mixed;
    const std::string zone = read_error(scratch("zone.txt", "[属性描述]\n带号=35\n[地块坐标]\n4,1.0000,7,乙,面,,,,@\n"
                                                           "J1,1,3200100.00,36400000.00\nJ2,1,3200100.00,36400100.00\n"
                                                           "J3,1,3200000.00,36400100.00\nJ1,1,3200100.00,36400000.00\n"));
    EXPECT_NE(zone.find(":5: Y 36400000.00 lies in zone 36, the header says 带号=35"), std::string::npos) << zone;
    EXPECT_NE(read_error(scratch("count.txt", with("10,0.9900", "11,0.9900"))).find("says 11 points (界址点数), the file gives 10"),
              std::string::npos);
    const std::string point = read_error(scratch("point.txt", with("J3,1,3200000.00,400100.00", "J3,1,3200000.00")));
    EXPECT_NE(point.find(":11: 'J3,1,3200000.00' is not a point line"), std::string::npos) << point;
    EXPECT_NE(read_error(scratch("ring.txt", with("J5,2,", "J5,3,"))).find("圈号"), std::string::npos);
    EXPECT_FALSE(is_coordinate_txt(scratch("not.txt", "zone_id,name\nA,B\n")));
}
