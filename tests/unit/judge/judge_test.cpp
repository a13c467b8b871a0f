// The judge on an in-memory dataset with tests/data/rules/every-kind.yaml: each comparison kind,
// thresholds from tables (industry × region tier, both GB/T 4754 editions), project parameters and
// 理想值, any_of, zone level, overrides, and the reasons for "not available". Every expected number
// is worked out by hand beside it.
#include <gtest/gtest.h>

#include "parkgis/judge/judge.hpp"
#include "parkgis/judge/judge_stage.hpp"

using namespace parkgis;
using S = RuleOutcome::Status;

TEST(Comparisons, EveryKindWithItsMargin) {
    struct Case {
        Comparison c;
        double actual, threshold, max;
        bool pass;
        double margin;
    };
    const Case cases[] = {
        {Comparison::at_least, 0.8, 1.0, 0, false, -0.2},  {Comparison::at_least, 1.0, 1.0, 0, true, 0.0},
        {Comparison::at_least, 1.0 - 1e-12, 1.0, 0, true, -1e-12},  // rounding noise is not a failure
        {Comparison::more_than, 1.0, 1.0, 0, false, 0.0},  {Comparison::more_than, 1.2, 1.0, 0, true, 0.2},
        {Comparison::at_most, 7.0, 7.0, 0, true, 0.0},     {Comparison::at_most, 12.0, 7.0, 0, false, -5.0},
        {Comparison::less_than, 0.78, 0.78, 0, false, 0.0}, {Comparison::less_than, 0.71, 0.78, 0, true, 0.07},
        {Comparison::between, 1.6, 0.8, 1.5, false, -0.1}, {Comparison::between, 0.7, 0.8, 1.5, false, -0.1},
        {Comparison::between, 0.9, 0.8, 1.5, true, 0.1},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(comparison_name(c.c)) + " " + std::to_string(c.actual));
        EXPECT_EQ(passes(c.c, c.actual, c.threshold, c.max), c.pass);
        EXPECT_NEAR(margin_of(c.c, c.actual, c.threshold, c.max), c.margin, 1e-12);
    }
}

TEST(Comparisons, NumbersAsPeopleWriteThem) {
    EXPECT_EQ(format_number(0.7), "0.7");
    EXPECT_EQ(format_number(4400), "4400");
    EXPECT_EQ(format_number(2.41525), "2.42");
    EXPECT_EQ(format_number(308.7), "308.7");
    EXPECT_EQ(format_number(-0.0001), "0");
}

namespace {

struct Fixture {
    Project project;
    Dataset d;
    IndustryCrosswalk crosswalk = IndustryCrosswalk::load(bundled_data_path("judge/gbt4754_crosswalk.csv"));
    RuleSet set = load_rule_set(std::string(PARKGIS_SOURCE_DIR) + "/tests/data/rules/every-kind.yaml");

    Fixture() {
        project.judge.industry_code_edition = "GB/T 4754-2017";
        project.judge.region_tier = 1;
        project.judge.zone_level = "national";
        project.judge.parameters = {{"local_output_min", 6000}, {"provincial_rd_pct", 1.2}};
        project.evaluation.ideal_values = {{"composite_far", 1.2}};
        d.project = &project;
        d.zone_type = ZoneType::industrial_led;
        auto zone = [&](const char* id, ZoneGroup group) {
            ZoneRecord z;
            z.zone_id = id;
            z.name = id;
            z.group = group;
            d.zones.push_back(std::move(z));
        };
        zone("Z1", ZoneGroup::core);
        zone("Z2", ZoneGroup::expansion);
        // parcel id, class, industry code (2017), far_gfa m², buildings, admin m², invest 万元, output 万元
        auto parcel = [&](const char* id, const char* cls, const char* code, double far_gfa, int buildings,
                          std::optional<double> admin, std::optional<double> invest, std::optional<double> output) {
            ParcelRecord p;
            p.parcel_id = id;
            p.tdt_class = cls;
            p.industry_code = code;
            p.area_m2 = 10000;  // 1 ha
            p.gfa_m2 = p.far_gfa_m2 = far_gfa;
            p.footprint_m2 = far_gfa / 2;
            p.building_count = buildings;
            p.admin_m2 = admin;
            p.invest_10k_cny = invest;
            p.output_10k_cny = output;
            p.zone_id = "Z1";
            d.parcels.push_back(p);
        };
        parcel("P1", "A2", "3989", 8000, 2, 500, 4000, 6000);   // electronics → 2002 40: FAR 1.0, invest 4400
        parcel("P2", "A2", "2921", 10000, 1, {}, {}, 7000);     // plastics → 2002 30: FAR 1.0
        parcel("P3", "A2", "2911", 8000, 1, 800, {}, {});       // rubber → 2002 29: FAR 0.8
        parcel("P4", "A2", "", 9000, 1, 100, {}, {});           // no industry code
        parcel("P5", "A1", "", 30000, 3, {}, {}, {});           // housing: no rule applies
        parcel("P6", "A2", "3989", 0, 0, 100, 5000, {});        // built, yet no buildings
        Layer stats;
        stats.role = "zone_stats";
        auto row = [&](const char* id, std::map<std::string, FieldValue> fields) {
            Feature f;
            f.id = id;
            f.fields = std::move(fields);
            stats.features.push_back(std::move(f));
        };
        row("ALL", {{"patents", 40.0}, {"employees", 100.0}, {"domestic_investment_avg3y_100m_cny", 30.0},
                    {"foreign_investment_avg3y_10k_usd", 3500.0}, {"rd_spend_10k_cny", 300.0},
                    {"revenue_10k_cny", 10000.0}});
        row("core", {{"patents", 60.0}, {"employees", 100.0}});
        d.layers.push_back(std::move(stats));
        auto indicator = [&](const char* scope, double v) {
            IndicatorRow r;
            r.scope_id = scope;
            r.indicator_id = "composite_far";
            r.value = v;
            r.status = ValueStatus::ok;
            d.indicators.push_back(r);
        };
        indicator("Z1", 1.6);
        indicator("Z2", 0.9);
        indicator("core", 1.3);
    }

    void judge() {
        JudgeContext ctx{&project.judge, &project.evaluation, &crosswalk, d.zone_type};
        judge_rule_set(set, d, ctx);
    }

    const RuleOutcome* outcome(const std::string& rule, const std::string& subject) const {
        for (const auto& o : d.compliance)
            if (d.judged_rules[o.rule].rule_id == rule && o.subject_id == subject) return &o;
        return nullptr;
    }
};

}  // namespace

TEST(Judge, ParcelRules) {
    Fixture f;
    f.judge();
    const auto* far1 = f.outcome("T-FAR", "P1");
    ASSERT_TRUE(far1);
    EXPECT_EQ(far1->status, S::fail);  // 8000 / 10000 = 0.8 < 1.0 (2017 3989 = 2002 40)
    EXPECT_DOUBLE_EQ(*far1->actual, 0.8);
    EXPECT_DOUBLE_EQ(*far1->threshold, 1.0);
    EXPECT_NEAR(*far1->margin, -0.2, 1e-12);
    EXPECT_NEAR(*far1->margin_pct, -20.0, 1e-9);
    const auto [zh, en] = outcome_message(f.d, *far1);
    EXPECT_EQ(zh, "容积率 0.8，不满足 ≥ 1（低于下限 0.2）");
    EXPECT_EQ(en, "Floor-area ratio 0.8 fails ≥ 1 (short by 0.2)");
    EXPECT_EQ(f.outcome("T-FAR", "P2")->status, S::pass);  // plastics 1.0 ≥ 1.0
    EXPECT_DOUBLE_EQ(*f.outcome("T-FAR", "P2")->threshold, 1.0);
    EXPECT_EQ(f.outcome("T-FAR", "P3")->status, S::pass);  // rubber: 0.8 ≥ 0.8
    EXPECT_DOUBLE_EQ(*f.outcome("T-FAR", "P3")->threshold, 0.8);
    EXPECT_EQ(f.outcome("T-FAR", "P4")->status, S::not_available);
    EXPECT_NE(f.d.text_of(f.outcome("T-FAR", "P4")->reason).en.find("industry_code"), std::string::npos);
    EXPECT_EQ(f.outcome("T-FAR", "P6")->status, S::not_available);  // no buildings ≠ FAR 0
    EXPECT_NE(f.d.text_of(f.outcome("T-FAR", "P6")->reason).en.find("no buildings"), std::string::npos);
    EXPECT_EQ(f.outcome("T-FAR", "P5"), nullptr);  // A1: not applicable

    // invest: industry 40 × tier 1 = 4400; P1 4000 万元/ha is 400 short. P2/P3 are not industry 40.
    EXPECT_EQ(f.outcome("T-INVEST", "P1")->status, S::fail);
    EXPECT_DOUBLE_EQ(*f.outcome("T-INVEST", "P1")->threshold, 4400);
    EXPECT_DOUBLE_EQ(*f.outcome("T-INVEST", "P1")->margin, -400);
    EXPECT_EQ(f.outcome("T-INVEST", "P6")->status, S::pass);  // 5000 ≥ 4400
    EXPECT_EQ(f.outcome("T-INVEST", "P2"), nullptr);
    EXPECT_EQ(f.outcome("T-INVEST", "P4")->status, S::not_available);  // industry unknown → applicability unknown

    EXPECT_EQ(f.outcome("T-ADMIN", "P1")->status, S::pass);  // 500 m² / 1 ha = 5 % ≤ 7 %
    EXPECT_DOUBLE_EQ(*f.outcome("T-ADMIN", "P1")->margin, 2.0);
    EXPECT_EQ(f.outcome("T-ADMIN", "P3")->status, S::fail);  // 8 % > 7 %
    EXPECT_EQ(f.outcome("T-ADMIN", "P2")->status, S::not_available);
    EXPECT_NE(f.d.text_of(f.outcome("T-ADMIN", "P2")->reason).en.find("admin_area_m2"), std::string::npos);

    EXPECT_EQ(f.outcome("T-OUTPUT", "P1")->status, S::fail);  // 6000 is not more than 6000
    EXPECT_EQ(f.outcome("T-OUTPUT", "P1")->threshold_source, "judge.parameters.local_output_min");
    EXPECT_EQ(f.outcome("T-OUTPUT", "P2")->status, S::pass);

    const auto per_parcel = summarise_parcel_compliance(f.d);  // by parcel index: P1 … P6 are 0 … 5
    ASSERT_EQ(per_parcel.size(), f.d.parcels.size());
    EXPECT_EQ(per_parcel.at(0).status, S::fail);
    EXPECT_EQ(per_parcel.at(0).failed_rules, "T-FAR,T-INVEST,T-OUTPUT");
    EXPECT_EQ(per_parcel.at(1).status, S::not_available);
    EXPECT_EQ(per_parcel.at(1).unjudged_rules, "T-ADMIN");
    EXPECT_EQ(per_parcel.at(4).status, std::nullopt);  // P5: no rule applies
    f.d.parcel_compliance = per_parcel;
    std::string failing;  // every parcel lies in Z1
    for (size_t p = 0; p < per_parcel.size(); ++p)
        if (per_parcel[p].status == S::fail) failing += f.d.parcels[p].parcel_id + " ";
    EXPECT_EQ(failing, "P1 P3 ");
    const auto by_zone = count_failures_by_zone(f.d);
    ASSERT_EQ(by_zone.size(), 2u);
    EXPECT_EQ(by_zone.at(0).parcels_failing, 2);
    EXPECT_EQ(by_zone.at(1).parcels_failing, 0);
    for (const auto& o : f.d.compliance)  // every parcel outcome carries its parcel's index
        if (!o.zone_subject) EXPECT_EQ(f.d.parcels.at(o.parcel).parcel_id, o.subject_id);
}

TEST(Judge, RegionTierTable) {
    Fixture f;
    const Condition& invest = f.set.rules[1].condition;
    JudgeContext ctx{&f.project.judge, &f.project.evaluation, &f.crosswalk, ZoneType::industrial_led};
    EXPECT_DOUBLE_EQ(*resolve_threshold(invest, ctx, "3989").value, 4400);  // tier 1
    f.project.judge.region_tier = 3;
    EXPECT_DOUBLE_EQ(*resolve_threshold(invest, ctx, "3989").value, 440);
    f.project.judge.region_tier = 2;  // an empty cell is never guessed
    auto empty = resolve_threshold(invest, ctx, "3989");
    EXPECT_FALSE(empty.value);
    EXPECT_NE(empty.missing.en.find("empty"), std::string::npos) << empty.missing.en;
    EXPECT_NE(empty.missing.en.find("every-kind.yaml:"), std::string::npos) << empty.missing.en;
    f.project.judge.region_tier.reset();
    EXPECT_NE(resolve_threshold(invest, ctx, "3989").missing.en.find("judge.region_tier"), std::string::npos);
    f.project.judge.region_tier = 1;
    f.project.judge.industry_code_edition = "GB/T 4754-2002";  // the same digits, another industry
    EXPECT_NE(resolve_threshold(invest, ctx, "3989").missing.en.find("no row for industry 39"), std::string::npos);
    const Condition& far = f.set.rules[0].condition;
    EXPECT_DOUBLE_EQ(*resolve_threshold(far, ctx, "39").value, 0.7);    // 2002 39 电气
    f.project.judge.industry_code_edition = "GB/T 4754-2017";
    EXPECT_DOUBLE_EQ(*resolve_threshold(far, ctx, "3981").value, 1.0);  // 2017 39 电子 = 2002 40
}

TEST(Judge, ZoneRules) {
    Fixture f;
    f.judge();
    const auto* patents = f.outcome("T-PATENTS", "total");
    ASSERT_TRUE(patents);
    EXPECT_EQ(patents->status, S::pass);  // 40 / 100 = 0.4 < 0.5
    EXPECT_NEAR(*patents->margin, 0.1, 1e-12);
    EXPECT_EQ(f.outcome("T-PATENTS", "core")->status, S::fail);  // 0.6
    EXPECT_EQ(f.outcome("T-FAR-BAND", "Z1")->status, S::fail);   // 1.6 above 1.5
    EXPECT_NEAR(*f.outcome("T-FAR-BAND", "Z1")->margin, -0.1, 1e-12);
    EXPECT_EQ(outcome_message(f.d, *f.outcome("T-FAR-BAND", "Z1")).second,
              "Composite FAR band 1.6 fails ∈ [0.8, 1.5] (over by 0.1)");
    EXPECT_EQ(f.outcome("T-FAR-BAND", "Z2")->status, S::pass);
    // 3 × 1.2 = 3.6 %; R&D 300 / revenue 10000 = 3 %.
    const auto* rd = f.outcome("T-RD-NATIONAL", "total");
    EXPECT_EQ(rd->status, S::fail);
    EXPECT_NEAR(*rd->threshold, 3.6, 1e-12);
    EXPECT_NEAR(*rd->actual, 3.0, 1e-12);
    // any_of: domestic 30 < 50, foreign 3500 ≥ 3000 → pass, shown with the foreign alternative.
    const auto* inv = f.outcome("T-INVESTMENT", "total");
    EXPECT_EQ(inv->status, S::pass);
    EXPECT_DOUBLE_EQ(*inv->actual, 3500);
    EXPECT_NE(f.d.text_of(inv->detail).en.find("not met"), std::string::npos);
    EXPECT_EQ(f.outcome("T-IDEAL", "core")->status, S::pass);  // 1.3 ≥ 理想值 1.2
    EXPECT_EQ(f.outcome("T-IDEAL", "core")->threshold_source, "evaluation.ideal_values.composite_far");
}

TEST(Judge, ZoneLevelAndZoneType) {
    Fixture f;
    f.project.judge.zone_level = "";
    f.d.zone_type = ZoneType::integrated;
    f.judge();
    EXPECT_EQ(f.outcome("T-RD-NATIONAL", "total")->status, S::not_available);
    EXPECT_NE(f.d.text_of(f.outcome("T-RD-NATIONAL", "total")->reason).en.find("judge.zone_level"), std::string::npos);
    EXPECT_EQ(f.outcome("T-IDEAL", "core"), nullptr);  // industrial_led only
    Fixture g;
    g.project.judge.zone_level = "provincial";
    g.judge();
    EXPECT_EQ(g.outcome("T-RD-NATIONAL", "total"), nullptr);
}

TEST(Judge, OverridesAndFindings) {
    Fixture f;
    f.project.judge.overrides["T-ADMIN"] = {false, {}, "local rule", "project.yaml:9"};
    f.project.judge.overrides["T-FAR"] = {{}, 0.5, "approved plan", "project.yaml:10"};
    f.judge();
    EXPECT_EQ(f.outcome("T-ADMIN", "P1"), nullptr);
    EXPECT_EQ(f.outcome("T-FAR", "P1")->status, S::pass);  // 0.8 ≥ 0.5
    EXPECT_NE(f.outcome("T-FAR", "P1")->threshold_source.find("approved plan"), std::string::npos);
    add_judge_findings(f.d);
    int far_gaps = 0, invest_failures = 0;
    for (const auto& x : f.d.findings) {
        if (x.check_id == "T-FAR" && x.severity == Severity::info) {
            ++far_gaps;  // P6 (no buildings); P4 has no code but the override's single threshold needs none
            EXPECT_EQ(x.subject_layer, "parcels");
        }
        if (x.check_id == "T-INVEST" && x.severity == Severity::error) {
            ++invest_failures;
            EXPECT_EQ(x.subject_id, "P1");
            EXPECT_EQ(x.source, "test 表1");
            EXPECT_DOUBLE_EQ(*x.threshold, 4400);
        }
    }
    EXPECT_EQ(far_gaps, 1);
    EXPECT_EQ(f.outcome("T-FAR", "P4")->status, S::pass);  // 0.9 ≥ 0.5
    EXPECT_EQ(invest_failures, 1);
}

// The reasons and details outcomes name are held once: the same pair gives the same index, none gives 0.
TEST(OutcomeTexts, EachTextOnce) {
    Dataset d;
    EXPECT_EQ(d.outcome_text("", ""), 0u);
    const auto a = d.outcome_text("地块未填写行业代码", "the parcel has no industry_code");
    const auto b = d.outcome_text("未填写层数", "no floors");
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(b, 2u);
    EXPECT_EQ(d.outcome_text("地块未填写行业代码", "the parcel has no industry_code"), a);
    EXPECT_EQ(d.outcome_text("地块未填写行业代码", "other English"), 3u);  // a pair is one text
    EXPECT_EQ(d.text_of(b).en, "no floors");
    EXPECT_EQ(d.text_of(0).zh, "");
    EXPECT_EQ(d.outcome_texts.size(), 4u);
}
