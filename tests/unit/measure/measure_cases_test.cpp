// Data-driven measure cases: tests/data/measure/<case>.yaml holds zones, parcels and buildings as WKT
// plus hand-computed expected parcel, building and zone values (see each file's comments).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "case_loader.hpp"
#include "parkgis/check/boundary_qa.hpp"
#include "parkgis/measure/indicators.hpp"
#include "parkgis/measure/measure_stage.hpp"
#include "parkgis/measure/parcels.hpp"
#include "parkgis/normalize/crs.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {

const fs::path kCases = fs::path(PARKGIS_SOURCE_DIR) / "tests/data/measure";

// A parcel's value by the name the case files use: a record field, or a parcel metric by its id.
std::optional<double> parcel_value(const ParcelRecord& p, const std::string& key) {
    if (const int metric = parcel_metric_index(key); metric >= 0)
        return parcel_metrics(p).values[static_cast<size_t>(metric)];
    const std::map<std::string, std::optional<double>> values = {
        {"area_m2", p.area_m2},
        {"footprint_m2", p.footprint_m2},
        {"gfa_m2", p.gfa_m2},
        {"far_gfa_m2", p.far_gfa_m2},
        {"building_count", p.building_count},
        {"zone_share_pct", 100 * p.zone_share},
        {"zoned_share_pct", 100 * p.zoned_share},
    };
    auto it = values.find(key);
    if (it == values.end()) ADD_FAILURE() << "unknown parcel key " << key;
    return it == values.end() ? std::nullopt : it->second;
}

std::optional<double> building_value(const BuildingRecord& b, const std::string& key) {
    const std::map<std::string, std::optional<double>> values = {
        {"floors", b.floors},         {"far_factor", b.far_factor},     {"gfa_m2", b.gfa_m2},
        {"far_gfa_m2", b.far_gfa_m2}, {"footprint_m2", b.footprint_m2}, {"parcel_count", b.parcel_count},
        {"outside_m2", b.outside_m2}};
    auto it = values.find(key);
    if (it == values.end()) ADD_FAILURE() << "unknown building key " << key;
    return it == values.end() ? std::nullopt : it->second;
}

void expect_close(const std::optional<double>& actual, double expected, const std::string& what) {
    ASSERT_TRUE(actual.has_value()) << what << ": no value";
    EXPECT_NEAR(*actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

class MeasureCase : public testing::TestWithParam<std::string> {};

TEST_P(MeasureCase, MatchesHandComputedValues) {
    const YAML::Node c = YAML::LoadFile((kCases / (GetParam() + ".yaml")).string());
    const Project project = test::project_for(c, GetParam());
    Dataset d;
    d.project = &project;
    d.working_crs = srs_from_epsg(4545);
    d.layers.push_back(test::layer_from(c["parcels"], "parcels"));
    if (c["buildings"]) d.layers.push_back(test::layer_from(c["buildings"], "buildings"));
    test::add_zones(d, c["zones"]);

    const auto table = LanduseTable::load(bundled_data_path("measure/landuse_classes.csv"));
    const auto evaluation = load_evaluation(bundled_data_path("evaluation/tdt1029-2014.yaml"));
    d.parcels = classify_parcels(*d.layer("parcels"), table, project.measure, d.findings);
    if (d.layer("buildings"))
        d.buildings = overlay_buildings(*d.layer("buildings"), *d.layer("parcels"), d.parcels, project.measure, d.findings);
    const auto shares = apportion_parcels_to_zones(d.zones, *d.layer("parcels"), d.parcels, project.measure, d.findings);
    compute_zone_indicators(d, shares, evaluation);

    const YAML::Node e = c["expect"];
    for (const auto& kv : e["parcels"]) {
        const auto id = kv.first.as<std::string>();
        auto p = std::find_if(d.parcels.begin(), d.parcels.end(), [&](const auto& r) { return r.parcel_id == id; });
        ASSERT_NE(p, d.parcels.end()) << id;
        for (const auto& field : kv.second) {
            const auto key = field.first.as<std::string>();
            if (key == "tdt_class") EXPECT_EQ(p->tdt_class, field.second.as<std::string>()) << id;
            else if (key == "zone_id") EXPECT_EQ(p->zone_id, field.second.as<std::string>()) << id;
            else expect_close(parcel_value(*p, key), field.second.as<double>(), id + "." + key);
        }
    }
    for (const auto& kv : e["buildings"]) {
        const auto id = kv.first.as<std::string>();
        const Layer& layer = *d.layer("buildings");
        auto b = std::find_if(d.buildings.begin(), d.buildings.end(),
                              [&](const auto& r) { return layer.features[r.feature].id == id; });
        ASSERT_NE(b, d.buildings.end()) << id;
        for (const auto& field : kv.second) {
            const auto key = field.first.as<std::string>();
            if (key == "floors_source")
                EXPECT_EQ(floors_source_name(b->floors_source), field.second.as<std::string>()) << id;
            else if (key == "parcel_id") {
                ASSERT_LT(b->parcel, d.parcels.size()) << id;
                EXPECT_EQ(d.parcels[b->parcel].parcel_id, field.second.as<std::string>()) << id;
            }
            else expect_close(building_value(*b, key), field.second.as<double>(), id + "." + key);
        }
    }
    for (const auto& scope : e["indicators"])
        for (const auto& kv : scope.second) {
            const auto what = scope.first.as<std::string>() + "." + kv.first.as<std::string>();
            const IndicatorRow* r = d.indicator(scope.first.as<std::string>(), kv.first.as<std::string>());
            ASSERT_NE(r, nullptr) << what;
            expect_close(r->value, kv.second.as<double>(), what);
        }
    for (const auto& scope : e["status"])
        for (const auto& kv : scope.second) {
            const IndicatorRow* r = d.indicator(scope.first.as<std::string>(), kv.first.as<std::string>());
            ASSERT_NE(r, nullptr);
            EXPECT_EQ(label(r->status).id, kv.second.as<std::string>()) << kv.first.as<std::string>() << ": " << r->reason;
        }
    if (e["zone_type"]) EXPECT_EQ(zone_type_of(e["zone_type"].as<std::string>()), d.zone_type) << d.zone_type_reason;
    if (e["findings"]) {
        std::set<std::string> expected, actual;
        for (const auto& f : e["findings"]) expected.insert(f.as<std::string>());
        for (const auto& f : d.findings)
            if (f.check_id.rfind("MEASURE-", 0) == 0) actual.insert(f.check_id);
        EXPECT_EQ(actual, expected);
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, MeasureCase, testing::ValuesIn(test::case_names(kCases)),
                         [](const auto& info) { return info.param; });

}  // namespace
