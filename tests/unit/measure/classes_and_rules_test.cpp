#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parkgis/errors.hpp"
#include "parkgis/measure/evaluation.hpp"
#include "parkgis/measure/overlay.hpp"
#include "parkgis/measure/parcels.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {
const LanduseTable& bundled_table() {
    static const LanduseTable t = LanduseTable::load(bundled_data_path("measure/landuse_classes.csv"));
    return t;
}

MeasureSettings defaults() {
    MeasureSettings s;
    s.storey_height_industrial_m = 3.5;
    s.storey_height_other_m = 3.0;
    s.double_count_storey_over_m = 8;
    s.floors_max_plausible = 120;
    return s;
}

std::string write(const std::string& name, const std::string& text) {
    const auto path = fs::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}
}  // namespace

TEST(LanduseTable, SubclassCodesFallBackToTheirParent) {
    EXPECT_EQ(bundled_table().find("GB50137-2011", "R21")->tdt_class, "A1");
    EXPECT_EQ(bundled_table().find("GB50137-2011", "R22")->tdt_class, "A52");  // 服务设施 is public service
    EXPECT_EQ(bundled_table().find("GB50137-2011", "a35")->tdt_class, "A52");  // lower case, 科研 under A3
    EXPECT_EQ(bundled_table().find("用地用海2023", "100102")->tdt_class, "A2");
    EXPECT_EQ(bundled_table().find("用地用海2023", "1207")->tdt_class, "A31");
}

TEST(LanduseTable, NumericCodeThatLostItsLeadingZeroIsRestored) {
    // 三调 0601 工业 read from a number column arrives as 601.
    EXPECT_EQ(bundled_table().find("三调", "601")->tdt_class, "A2");
    // In 用地用海 2023, 06 is 农业设施建设用地, not industry: the systems must not be mixed.
    EXPECT_EQ(bundled_table().find("用地用海2023", "0601")->tdt_class, "B12");
}

TEST(LanduseTable, UnknownCodeIsNotFound) { EXPECT_EQ(bundled_table().find("GB50137-2011", "X9"), nullptr); }

TEST(LanduseTable, BadClassNamesFileAndLine) {
    const auto path = write("bad_classes.csv", "system,code,name_zh,tdt_class,status\nGB50137-2011,M1,工业,A7,x\n");
    try {
        LanduseTable::load(path);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "measure: " + path +
                                             ":2: 'A7' is not a TD/T 1029 class; use one of A1 A2 A31 A32 A4 A51 A52 "
                                             "A6 B11 B12 B2 C1 C2 C3");
    }
}

TEST(LanduseSystem, NumericCodesUnderAutoAreAmbiguous) {
    EXPECT_EQ(landuse_system_of("M1", "auto"), "GB50137-2011");
    EXPECT_EQ(landuse_system_of("0601", "auto"), "");
    EXPECT_EQ(landuse_system_of("0601", "三调"), "三调");
}

TEST(SupplyStatus, ChineseAndEnglishForms) {
    EXPECT_EQ(parse_supply_status("已供应-出让").code, "D");
    EXPECT_EQ(parse_supply_status("划拨").code, "D");
    EXPECT_EQ(parse_supply_status("未供应-已达供地条件").code, "E");
    EXPECT_TRUE(parse_supply_status("未供应-已达供地条件").ready_to_supply);
    EXPECT_FALSE(parse_supply_status("未供应-未达供地条件").ready_to_supply);
    EXPECT_EQ(parse_supply_status("不可供应").code, "F");
    EXPECT_EQ(parse_supply_status("available_ready").code, "E");
    EXPECT_EQ(parse_supply_status("？").code, "");
}

TEST(ResolveFloors, ImplausibleFloorCountFallsBackToHeight) {
    auto r = resolve_floors(999.0, 9.0, std::nullopt, std::nullopt, false, defaults());
    EXPECT_STREQ(floors_source_name(r.source), "height");
    EXPECT_EQ(*r.floors, 3.0);
}

TEST(ResolveFloors, MissingEverythingFollowsThePolicy) {
    auto s = defaults();
    EXPECT_FALSE(resolve_floors(std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, s).floors.has_value());
    s.missing_floors = "one_floor";
    auto r = resolve_floors(std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, s);
    EXPECT_STREQ(floors_source_name(r.source), "assumed_one");
    EXPECT_EQ(*r.floors, 1.0);
}

TEST(ResolveFloors, StoreyOfExactlyEightMetresCountsOnce) {
    // 层高超过8米 (over 8 m) doubles; exactly 8 m does not.
    EXPECT_EQ(resolve_floors(1.0, 8.0, std::nullopt, std::nullopt, true, defaults()).far_factor, 1.0);
    EXPECT_EQ(resolve_floors(1.0, 8.01, std::nullopt, std::nullopt, true, defaults()).far_factor, 2.0);
}

TEST(ResolveFloors, OwnStoreyHeightWinsOverTheDefault) {
    EXPECT_EQ(*resolve_floors(std::nullopt, 12.0, std::nullopt, 4.0, false, defaults()).floors, 3.0);
}

namespace {
Evaluation evaluation() { return load_evaluation(bundled_data_path("evaluation/tdt1029-2014.yaml")); }
}  // namespace

TEST(ZoneType, The2014RuleAndItsEdges) {
    const auto e = evaluation();
    EXPECT_EQ(decide_zone_type(30.01, 24.99, e, "auto").type, ZoneType::industrial_led);
    EXPECT_EQ(decide_zone_type(30.0, 25.0, e, "auto").type, ZoneType::integrated);  // ≤ 30 and ≥ 25
    EXPECT_EQ(decide_zone_type(30.0, 24.0, e, "auto").type, ZoneType::other);
    EXPECT_EQ(decide_zone_type(std::nullopt, std::nullopt, e, "auto").type, ZoneType::other);
    EXPECT_EQ(decide_zone_type(10.0, 10.0, e, "integrated").type, ZoneType::integrated);
}

TEST(Realization, PositiveIsCappedAtOneHundredAndInverseIsLinear) {
    EXPECT_DOUBLE_EQ(realization_degree(0.5, 1.0, std::nullopt, false), 50.0);
    EXPECT_DOUBLE_EQ(realization_degree(1.5, 1.0, std::nullopt, false), 100.0);
    EXPECT_DOUBLE_EQ(realization_degree(2.5, 0.0, 10.0, true), 75.0);
    EXPECT_DOUBLE_EQ(realization_degree(12.0, 0.0, 10.0, true), 0.0);
}

TEST(Realization, S3CombinationOfMainAndDirectionAreas) {
    // domain-spec §1.5: S3's stored results reproduce with 0.8 / 0.2: 0.8 × 100 + 0.2 × 91.25 = 98.25.
    const auto [main, direction] = area_weights(evaluation(), EvaluationSettings{});
    EXPECT_DOUBLE_EQ(main * 100 + direction * 91.25, 98.25);
}

TEST(LoadEvaluation, WeightsThatDoNotAddUpNameFileAndLine) {
    const auto path = write("bad_eval.yaml",
                            "id: x\ntitle: t\ncitation: c\nweights:\n  industrial_led:\n    main:\n"
                            "      - {id: g, name: G, weight: 1.0, subgoals: [\n"
                            "          {id: s, name: S, weight: 1.0, indicators: {composite_far: 0.6, building_density: 0.3}}]}\n");
    try {
        load_evaluation(path);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "measure: " + path + ":8: the weights of subgoal s add up to 0.9000, not 1");
    }
}

// Parcels with the same check and cause make one finding with a count and every parcel's id, not one finding
// per parcel (a planner's 0/1 supply column gave 100 000 identical findings at 1 M buildings).
TEST(ClassifyParcels, RepeatedFindingsAreOnePerCheckAndCause) {
    Layer layer;
    layer.role = "parcels";
    auto parcel = [&](const char* id, const char* supply) {
        Feature f;
        f.id = id;
        f.geometry.reset(new OGRPolygon);
        OGRLinearRing ring;
        for (auto [x, y] : {std::pair{0.0, 0.0}, {100.0, 0.0}, {100.0, 100.0}, {0.0, 100.0}, {0.0, 0.0}}) ring.addPoint(x, y);
        f.geometry->toPolygon()->addRing(&ring);
        f.fields = {{"landuse", std::string("M1")}, {"built", 1LL}, {"supply_status", std::string(supply)}};
        layer.features.push_back(std::move(f));
    };
    parcel("P1", "1");
    parcel("P2", "1");
    parcel("P3", "出让");
    parcel("P4", "1");
    parcel("P5", "0");
    const auto table = LanduseTable::load(bundled_data_path("measure/landuse_classes.csv"));
    std::vector<Finding> findings;
    const auto parcels = classify_parcels(layer, table, MeasureSettings{}, findings);
    ASSERT_EQ(parcels.size(), 5u);
    ASSERT_EQ(findings.size(), 2u);
    EXPECT_EQ(findings[0].check_id, "MEASURE-SUPPLY-UNKNOWN");
    EXPECT_EQ(findings[0].actual, 3.0);
    EXPECT_EQ(findings[0].subject_id, "P1, P2, P4");
    EXPECT_EQ(findings[0].subjects, (std::vector<std::string>{"P1", "P2", "P4"}));
    EXPECT_EQ(findings[0].message_en.rfind("3 parcel(s): supply status '1' is not recognised", 0), 0u) << findings[0].message_en;
    EXPECT_EQ(findings[1].subjects, (std::vector<std::string>{"P5"}));
    EXPECT_EQ(findings[1].message_zh.rfind("1 个地块的供应状况 '0' 无法识别", 0), 0u) << findings[1].message_zh;
}

TEST(ClassifyParcels, FirstSubjectsListFiveAndCountTheRest) {
    EXPECT_EQ(first_subjects({"a"}), "a");
    EXPECT_EQ(first_subjects({"a", "b", "c", "d", "e"}), "a, b, c, d, e");
    EXPECT_EQ(first_subjects({"a", "b", "c", "d", "e", "f", "g"}), "a, b, c, d, e … (7 in all)");
}
