// The QGIS style and project builders: the template language, the layout map frame, and the styles
// generated from data (zone categories, 职住比 band ranges). QGIS itself reads them in tests/qgis/.
#include <gtest/gtest.h>

#include "../test_helpers.hpp"
#include <ogr_geometry.h>

#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"
#include "write/qgis_project.hpp"
#include "write/qgis_styles.hpp"
#include "write/xml_template.hpp"

using namespace parkgis;
using namespace parkgis::detail;

TEST(XmlTemplate, FillsDirectivesAndEscapesVariables) {
    const std::string text = R"(<a t="{{title}}"><!--parkgis:block colour="1,2,3" n="2"--></a>)";
    const std::string out = expand_template(
        text, "t.qml",
        [](const Directive& d) { return d.name + ":" + d.at("colour", "t.qml") + ":" + d.get("n", "0") + d.get("x", "-"); },
        {{"title", "A&B <\"1\">"}});
    EXPECT_EQ(out, R"(<a t="A&amp;B &lt;&quot;1&quot;&gt;">block:1,2,3:2-</a>)");
}

TEST(XmlTemplate, UnknownVariablesAndMalformedDirectivesAreErrors) {
    auto none = [](const Directive&) { return std::string(); };
    EXPECT_THROW(expand_template("{{nope}}", "t.qml", none, {}), OutputError);
    EXPECT_THROW(expand_template("<!--parkgis:x a=1-->", "t.qml", none, {}), OutputError);
    EXPECT_THROW(expand_template("<!--parkgis:x", "t.qml", none, {}), OutputError);
    EXPECT_EQ(split_colours("1,2,3;4,5,6;"), (std::vector<std::string>{"1,2,3", "4,5,6"}));
}

TEST(MapFrame, NiceScaleGridAndScaleBar) {
    // 10 km × 8 km into 240 × 228 mm: 1.06 × 10 000 / 0.24 = 44 167 → 1:50 000; the frame then spans
    // 12 km × 11.4 km around the centre; grid ≥ 30 mm = 1500 m → 2000 m; a bar segment ≤ 12 mm = 600 m → 500 m.
    const MapFrame f = fit_map_frame(0, 0, 10000, 8000, 240, 228);
    EXPECT_DOUBLE_EQ(f.scale, 50000);
    EXPECT_DOUBLE_EQ(f.xmin, -1000);
    EXPECT_DOUBLE_EQ(f.xmax, 11000);
    EXPECT_DOUBLE_EQ(f.ymin, 4000 - 5700);
    EXPECT_DOUBLE_EQ(f.ymax, 4000 + 5700);
    EXPECT_DOUBLE_EQ(f.grid_interval_m, 2000);
    EXPECT_DOUBLE_EQ(f.scalebar_segment_m, 500);
    // 300 m × 200 m: 1.06 × 300 / 0.24 = 1325 → 1:2000; grid 60 m → 100 m; segment 24 m → 10 m.
    const MapFrame small = fit_map_frame(500, 500, 800, 700, 240, 228);
    EXPECT_DOUBLE_EQ(small.scale, 2000);
    EXPECT_DOUBLE_EQ(small.grid_interval_m, 100);
    EXPECT_DOUBLE_EQ(small.scalebar_segment_m, 10);
}

// The legend goes where it hides nothing: zones 10 km × 8 km at 1:50 000 (frame 240 × 228 mm = 12 km × 11.4 km),
// a 60 × 60 mm legend (3 km × 3 km), 3 mm (150 m) inside the frame.
TEST(MapFrame, TheLegendTakesAFreeCornerOrTheNextScale) {
    auto square = [](double x, double y, double side) { return test::wkt(test::square(x, y, side)); };
    // A zone in the zones' lower-left corner: with the zones pushed up and right (3 % margin: 360 m, 342 m)
    // the lower-left legend reaches y = 8342 − 165 mm × 50 = 92 m, over it. Lower right: the zones pushed left,
    // x from −360 m; the legend spans x 8490–11490 m, y −2908–92 m: free.
    const auto lower_left = square(0, 0, 1000), upper_right = square(9000, 7000, 1000);
    const auto a = fit_map_with_legend(0, 0, 10000, 8000, 10, 22, 240, 228, 60, 60, {lower_left.get(), upper_right.get()});
    EXPECT_DOUBLE_EQ(a.map.scale, 50000);
    EXPECT_EQ(a.legend.corner, 1);
    EXPECT_EQ(a.legend.reference_point, 8);
    EXPECT_DOUBLE_EQ(a.legend.x, 247);  // the frame's right edge 250 less the 3 mm inset
    EXPECT_DOUBLE_EQ(a.legend.y, 247);
    EXPECT_DOUBLE_EQ(a.legend.covered_m2, 0);
    EXPECT_DOUBLE_EQ(a.map.xmin, -360);
    EXPECT_DOUBLE_EQ(a.map.ymax, 8342);
    // Nothing free at any scale up to twice the fitted one (a zone over all of it): the fitted scale and
    // the corner hiding least, here the lower left (all hide the same 9 km²).
    const auto everywhere = square(-100000, -100000, 300000);
    const auto b = fit_map_with_legend(0, 0, 10000, 8000, 10, 22, 240, 228, 60, 60, {everywhere.get()});
    EXPECT_DOUBLE_EQ(b.map.scale, 50000);
    EXPECT_EQ(b.legend.corner, 0);
    EXPECT_NEAR(b.legend.covered_m2, 3000.0 * 3000.0, 1e-3);
}

namespace {

Project banded_project() {
    Project p;
    p.name = "t";
    p.jobs_housing.complete_coverage_pct = 90;
    p.jobs_housing.bands = {{"housing", "居住倾向", "housing-rich", std::nullopt, 0.8, false},
                            {"balanced", "基本平衡", "balanced", 0.8, 1.2, true},
                            {"jobs", "就业倾向", "jobs-rich", 1.2, std::nullopt, false}};
    return p;
}

OutputLayer polygon_layer(const std::string& name, std::vector<OutputField> fields) {
    OutputLayer l;
    l.name = name;
    l.type = wkbPolygon;
    l.geometry_column = "geom";
    l.fields = std::move(fields);
    return l;
}

}  // namespace

TEST(LayerStyles, GridRangesReproduceTheBandEdgeRules) {
    const Project p = banded_project();
    Dataset d;
    d.project = &p;
    const auto styles = build_layer_styles(d, {polygon_layer("jh_grid", {{"jh_ratio", "职住比"}})});
    ASSERT_EQ(styles.size(), 1u);
    const auto& s = styles[0];
    EXPECT_TRUE(s.is_default);
    EXPECT_EQ(s.layer, "jh_grid");
    // 0.8 belongs to the balanced band (a band holds its lower edge): the housing range ends just below.
    EXPECT_NE(s.qml.find(R"(lower="0" upper="0.79999999999999993" label="居住倾向（&lt; 0.8）")"), std::string::npos) << s.qml;
    // The balanced band holds 1.2 as well.
    EXPECT_NE(s.qml.find(R"(lower="0.80000000000000004" upper="1.2" label="基本平衡（0.8 – 1.2）")"), std::string::npos);
    EXPECT_NE(s.qml.find(R"(lower="1.2" upper="1000000000000" label="就业倾向（≥ 1.2，含仅有岗位）")"), std::string::npos);
    EXPECT_NE(s.qml.find("&quot;window_coverage_pct&quot; &lt; 90"), std::string::npos);
    EXPECT_NE(s.qml.find(R"(<alias field="jh_ratio" index="1" name="职住比"/>)"), std::string::npos);
    EXPECT_EQ(s.qml.find("<!--parkgis:"), std::string::npos);
    EXPECT_EQ(s.body.find("<qgis"), std::string::npos);
}

TEST(LayerStyles, ZonesGetACategoryEachAndParcelsTwoStyles) {
    const Project p = banded_project();
    Dataset d;
    d.project = &p;
    d.zones.resize(3);
    d.zones[0].zone_id = "C";
    d.zones[0].name = "核心";
    d.zones[0].kind = "core";
    d.zones[1].zone_id = "E1";
    d.zones[1].name = "甲组团";
    d.zones[1].kind = "cluster";
    d.zones[2].zone_id = "E2";
    d.zones[2].name = "乙组团";
    d.zones[2].kind = "cluster";
    const auto styles = build_layer_styles(d, {polygon_layer("zones", {{"zone_id", "区块编号"}}),
                                               polygon_layer("parcels", {{"map_class", "用地大类"}})});
    ASSERT_EQ(styles.size(), 4u);  // zones: 申报范围 + 仅边界; parcels: 土地利用现状 + 合规结果
    EXPECT_EQ(styles[0].name, "申报范围");
    EXPECT_TRUE(styles[0].is_default);
    EXPECT_FALSE(styles[1].is_default);
    EXPECT_NE(styles[0].qml.find(R"(<category value="C" label="核心（核心区）" symbol="0")"), std::string::npos);
    EXPECT_NE(styles[0].qml.find(R"(<category value="E2" label="乙组团" symbol="2")"), std::string::npos);
    // The core is red, the clusters take the palette in order.
    EXPECT_NE(styles[0].qml.find(R"(<Option name="outline_color" value="227,26,28,255")"), std::string::npos);
    EXPECT_NE(styles[0].qml.find(R"(<Option name="outline_color" value="51,160,44,255")"), std::string::npos);
    EXPECT_EQ(styles[2].name, "土地利用现状");
    EXPECT_EQ(styles[3].name, "合规结果");
}

TEST(LayerStyles, AMapLayerWithoutATemplateIsAnError) {
    const Project p = banded_project();
    Dataset d;
    d.project = &p;
    EXPECT_THROW(build_layer_styles(d, {polygon_layer("no_such_layer", {})}), OutputError);
    OutputLayer table;
    table.name = "some_table";
    table.fields = {{"a", "甲"}};
    const auto styles = build_layer_styles(d, {table});  // attribute tables share table.qml
    ASSERT_EQ(styles.size(), 1u);
    EXPECT_NE(styles[0].qml.find(R"(<alias field="a" index="1" name="甲"/>)"), std::string::npos);
}
