#include "parkgis/measure/indicators.hpp"

#include <fmt/format.h>

#include <functional>

#include "parkgis/units.hpp"

namespace parkgis {

namespace {

// What the report and the tables print: documents by name, and "a reading" where parkgis reconstructed a formula
// the retrieved sources do not state outright (the confidence of each is in docs/sources.md).
constexpr const char* kTdt = "TD/T 1029-2010《开发区土地集约利用评价规程》（2014年度试行）";
constexpr const char* kTdt2010 = "TD/T 1029-2010《开发区土地集约利用评价规程》指标；计算式为解读 (formula: a reading)";
constexpr const char* kUnconfirmed =
    "TD/T 1029（2014年度试行）一种配置中的指标，规程原文未见，为解读 (in one configuration of the 2014 system: a reading)";

// A quotient with its parts, or a reason why it is not available.
struct Quotient {
    std::optional<double> value, numerator, denominator;
    ValueStatus status = ValueStatus::ok;
    std::string reason;
    std::string parts_unit = "m² / m²";  // units of numerator / denominator
};

Quotient ratio(double num, double den, double scale, const std::string& empty_reason) {
    Quotient q;
    q.numerator = num;
    q.denominator = den;
    if (den <= 0) {
        q.status = ValueStatus::not_available;
        q.reason = empty_reason;
        return q;
    }
    q.value = scale * num / den;
    return q;
}

// Money per hectare over the parcels that report the amount; partial when some land lacks it.
Quotient money_per_ha(const MoneySum& m, const char* field, const char* land) {
    Quotient q;
    const double all = m.covered_m2 + m.missing_m2;
    if (all <= 0) {
        q.status = ValueStatus::not_available;
        q.reason = fmt::format("no {} in this scope", land);
        return q;
    }
    if (m.covered_m2 <= 0) {
        q.status = ValueStatus::not_available;
        q.reason = fmt::format("no {} parcel reports {}", land, field);
        return q;
    }
    q.parts_unit = "万元 / ha";
    q.numerator = m.value_10k_cny;
    q.denominator = units::ha(m.covered_m2);
    q.value = m.value_10k_cny / units::ha(m.covered_m2);
    if (m.missing_m2 > 0) {
        q.status = ValueStatus::partial;
        q.reason = fmt::format("{:.1f} % of the {} lacks {}; the value is over the rest", 100 * m.missing_m2 / all, land,
                               field);
    }
    return q;
}

// Per-resident indicators need 常住人口; without it they say where it was looked for.
Quotient per_population(const LandAccounts& a, bool residents_over_land) {
    if (!a.population) {
        Quotient q;
        q.status = ValueStatus::not_available;
        q.reason = a.population_source;
        return q;
    }
    auto q = residents_over_land ? ratio(*a.population, units::ha(a.cls("A")), 1, "no built land (A)")
                                 : ratio(a.cls("A"), *a.population, 1, "resident population is zero");
    q.parts_unit = residents_over_land ? "人 / ha" : "m² / 人";
    return q;
}

struct Definition {
    const char* id;
    const char* name_zh;
    const char* name_en;
    const char* category;
    const char* unit;
    const char* formula;
    const char* source;
    std::function<Quotient(const LandAccounts&)> compute;
};

Quotient area_ha(double m2) {
    Quotient q;
    q.value = units::ha(m2);
    return q;
}

const std::vector<Definition>& definitions() {
    using A = const LandAccounts&;
    static const std::vector<Definition> defs = {
        // Land accounts (公顷), traceable to the parcels layer.
        {"area_zone", "区块面积", "Zone area", "account", "ha", "measured zone area (planar, working CRS)", "parkgis check",
         [](A a) { return area_ha(a.zone_area_m2); }},
        {"area_parcels", "地块面积合计", "Parcel area", "account", "ha", "Σ parcel area × share in scope", "parkgis measure",
         [](A a) { return area_ha(a.parcel_m2); }},
        {"parcel_coverage", "地块覆盖率", "Parcel coverage", "account", "%", "area_parcels / area_zone × 100",
         "parkgis measure", [](A a) { return ratio(a.parcel_m2, a.zone_area_m2, 100, "zone area is zero"); }},
        {"area_A", "已建成城镇建设用地 A", "Built urban land A", "account", "ha", "A1+A2+A3+A4+A5+A6", kTdt,
         [](A a) { return area_ha(a.cls("A")); }},
        {"area_A1", "住宅用地 A1", "Residential A1", "account", "ha", "A1", kTdt, [](A a) { return area_ha(a.cls("A1")); }},
        {"area_A2", "工矿仓储用地 A2", "Industrial and storage A2", "account", "ha", "A2", kTdt,
         [](A a) { return area_ha(a.cls("A2")); }},
        {"area_A3", "交通运输用地 A3", "Transport A3", "account", "ha", "A31+A32", kTdt,
         [](A a) { return area_ha(a.cls("A3")); }},
        {"area_A4", "商服用地 A4", "Commercial A4", "account", "ha", "A4", kTdt, [](A a) { return area_ha(a.cls("A4")); }},
        {"area_A5", "公共管理与公共服务用地 A5", "Public administration and services A5", "account", "ha", "A51+A52",
         kTdt, [](A a) { return area_ha(a.cls("A5")); }},
        {"area_A6", "其他城镇建设用地 A6", "Other urban construction A6", "account", "ha", "A6", kTdt,
         [](A a) { return area_ha(a.cls("A6")); }},
        {"area_B", "已建成农村建设用地及其他土地 B", "Rural built and other land B", "account", "ha", "B11+B12+B21+B22",
         kTdt, [](A a) { return area_ha(a.cls("B")); }},
        {"area_B21", "已达到供地条件的其他土地 B21", "Other land ready to supply B21", "account", "ha", "B21", kTdt,
         [](A a) { return area_ha(a.cls("B21")); }},
        {"area_B22", "未达到供地条件的其他土地 B22", "Other land not ready to supply B22", "account", "ha", "B22", kTdt,
         [](A a) { return area_ha(a.cls("B22")); }},
        {"area_C", "不可建设土地 C", "Unbuildable land C", "account", "ha", "C1+C2+C3", kTdt,
         [](A a) { return area_ha(a.cls("C")); }},
        {"area_D", "已供应国有建设用地 D", "Supplied land D", "account", "ha", "D1+D21+D22", kTdt,
         [](A a) { return area_ha(a.supplied_m2); }},
        {"area_E", "尚可供应土地 E", "Land still available E", "account", "ha", "E1+E21+E22", kTdt,
         [](A a) { return area_ha(a.available_m2); }},
        {"area_F", "不可供应土地 F", "Land not suppliable F", "account", "ha", "F", kTdt,
         [](A a) { return area_ha(a.unsuppliable_m2); }},
        {"area_G", "闲置土地 G", "Idle land G", "account", "ha", "G (supplied, idle)", kTdt,
         [](A a) { return area_ha(a.idle_m2); }},
        {"area_H", "高新技术产业用地 H", "High-tech industry land H", "account", "ha", "H1+H2 (built)", kTdt,
         [](A a) { return area_ha(a.high_tech_m2); }},
        {"area_unclassified", "未分类用地", "Unclassified land", "account", "ha", "parcels whose code is not in the table",
         "parkgis measure", [](A a) { return area_ha(a.class_m2.count("") ? a.class_m2.at("") : 0.0); }},
        {"gfa_built", "建成区总建筑面积", "Floor area on A", "account", "m²", "Σ building floor area on A",
         "parkgis measure", [](A a) { Quotient q; q.value = a.gfa_built_m2; return q; }},
        {"footprint_built", "建成区建筑基底面积", "Building footprint on A", "account", "m²",
         "Σ building footprint on A", "parkgis measure",
         [](A a) { Quotient q; q.value = a.footprint_built_m2; return q; }},

        // Indicators (domain-spec §1.4).
        {"land_development_rate", "土地开发率", "Land development rate", "indicator", "%", "(A + B21) / (A + B) × 100",
         kTdt, [](A a) { return ratio(a.cls("A") + a.cls("B21"), a.cls("A") + a.cls("B"), 100, "no developable land (A + B)"); }},
        {"land_supply_rate", "土地供应率", "Land supply rate", "indicator", "%", "D / (A + B21) × 100", kTdt,
         [](A a) { return ratio(a.supplied_m2, a.cls("A") + a.cls("B21"), 100, "no developed land (A + B21)"); }},
        {"land_built_rate", "土地建成率", "Land built-up rate", "indicator", "%", "A / D × 100", kTdt,
         [](A a) { return ratio(a.cls("A"), a.supplied_m2, 100, "no supplied land (D)"); }},
        {"industrial_land_rate", "工业用地率", "Industrial land rate", "indicator", "%", "A2 / A × 100", kTdt,
         [](A a) { return ratio(a.cls("A2"), a.cls("A"), 100, "no built land (A)"); }},
        {"residential_land_rate", "住宅用地率", "Residential land rate", "indicator", "%", "A1 / A × 100",
         "TD/T 1029（2014年度试行）开发区类型判定 (zone-type rule)",
         [](A a) { return ratio(a.cls("A1"), a.cls("A"), 100, "no built land (A)"); }},
        {"high_tech_land_rate", "高新技术产业用地率", "High-tech industry land rate", "indicator", "%",
         "(H1 + H2) / A × 100", kTdt,
         [](A a) { return ratio(a.high_tech_m2, a.cls("A"), 100, "no built land (A)"); }},
        {"composite_far", "综合容积率", "Composite floor-area ratio", "indicator", "", "Σ floor area on A / A", kTdt,
         [](A a) { return ratio(a.gfa_built_m2, a.cls("A"), 1, "no built land (A)"); }},
        {"building_density", "建筑密度", "Building density", "indicator", "%", "Σ building footprint on A / A × 100", kTdt,
         [](A a) { return ratio(a.footprint_built_m2, a.cls("A"), 100, "no built land (A)"); }},
        {"industrial_far", "工业用地综合容积率", "Industrial floor-area ratio", "indicator", "",
         "Σ floor area on A2 / A2", kTdt,
         [](A a) { return ratio(a.gfa_industrial_m2, a.cls("A2"), 1, "no industrial land (A2)"); }},
        {"industrial_building_coefficient", "工业用地建筑系数", "Industrial building coefficient", "indicator", "%",
         "(buildings + structures + open yards) on A2 / A2 × 100", kTdt,
         [](A a) {
             auto q = ratio(a.footprint_industrial_m2 + a.yard_industrial_m2, a.cls("A2"), 100, "no industrial land (A2)");
             if (q.value && a.yard_missing_industrial_m2 > 0) {
                 q.status = ValueStatus::partial;
                 q.reason = fmt::format("{:.1f} % of the industrial land reports no yard_area_m2 (counted as no yards)",
                                        100 * a.yard_missing_industrial_m2 / a.cls("A2"));
             }
             return q;
         }},
        {"industrial_invest_intensity", "工业用地固定资产投入强度", "Industrial fixed-asset investment intensity",
         "indicator", "万元/ha", "Σ cumulative fixed-asset investment on A2 / A2", kTdt,
         [](A a) { return money_per_ha(a.invest_industrial, "invest_10k_cny", "industrial land (A2)"); }},
        {"industrial_tax_per_ha", "工业用地地均税收", "Industrial tax per hectare", "indicator", "万元/ha",
         "Σ tax of industrial enterprises on A2 / A2", kTdt,
         [](A a) { return money_per_ha(a.tax_industrial, "tax_10k_cny", "industrial land (A2)"); }},
        {"composite_tax_per_ha", "综合地均税收", "Composite tax per hectare", "indicator", "万元/ha",
         "Σ secondary and tertiary tax on A / A (no tax recorded on A1, A3, A5, A6 counts as 0)", kTdt,
         [](A a) { return money_per_ha(a.tax_all, "tax_10k_cny", "built land (A)"); }},
        {"industrial_output_intensity", "工业用地产出强度", "Industrial output intensity", "indicator", "万元/ha",
         "Σ revenue of industrial enterprises on A2 / A2", kTdt2010,
         [](A a) { return money_per_ha(a.output_industrial, "output_10k_cny", "industrial land (A2)"); }},
        {"high_tech_output_intensity", "高新技术产业用地产出强度", "High-tech land output intensity", "indicator",
         "万元/ha", "Σ revenue on H / H", kTdt2010,
         [](A a) { return money_per_ha(a.output_high_tech, "output_10k_cny", "high-tech land (H)"); }},
        {"population_density", "人口密度", "Population density", "indicator", "人/ha", "resident population / A", kTdt,
         [](A a) { return per_population(a, true); }},
        {"built_land_per_capita", "人均建设用地", "Built land per resident", "indicator", "m²/人",
         "A / resident population", kUnconfirmed,
         [](A a) { return per_population(a, false); }},
        {"idle_land_rate", "土地闲置率", "Idle land rate", "indicator", "%", "G / D × 100", kTdt,
         [](A a) { return ratio(a.idle_m2, a.supplied_m2, 100, "no supplied land (D)"); }},
    };
    return defs;
}

}  // namespace

void MoneySum::add(const std::optional<double>& v, double area_m2) {
    if (v) {
        value_10k_cny += *v;
        covered_m2 += area_m2;
    } else {
        missing_m2 += area_m2;
    }
}

double LandAccounts::cls(const std::string& prefix) const {
    double sum = 0;
    for (const auto& [c, m2] : class_m2)
        if (!c.empty() && c.rfind(prefix, 0) == 0) sum += m2;
    return sum;
}

void LandAccounts::add(const ParcelRecord& p, double share) {
    const double area = p.area_m2 * share;
    parcel_m2 += area;
    parcel_count += 1;
    class_m2[p.tdt_class] += area;
    if (p.supply == "D") supplied_m2 += area;
    else if (p.supply == "E") available_m2 += area;
    else if (p.supply == "F") unsuppliable_m2 += area;
    if (p.idle && p.supply == "D") idle_m2 += area;
    // Money amounts are the parcel's, taken in the same proportion as its land.
    auto part = [&](const std::optional<double>& v) { return v ? std::optional<double>(*v * share) : std::nullopt; };
    if (p.is_built_class()) {
        if (p.high_tech) {
            high_tech_m2 += area;
            output_high_tech.add(part(p.output_10k_cny), area);
        }
        gfa_built_m2 += p.gfa_m2 * share;
        footprint_built_m2 += p.footprint_m2 * share;
        // 二、三产业税收: residential, transport, public and other built land (A1, A3, A5, A6) hosts no
        // taxpaying enterprise, so its missing tax is zero; missing tax on A2 / A4 leaves a gap.
        const bool taxpaying = p.tdt_class == "A2" || p.tdt_class == "A4";
        tax_all.add(taxpaying ? part(p.tax_10k_cny) : std::optional<double>(part(p.tax_10k_cny).value_or(0.0)), area);
    }
    if (p.is_industrial()) {
        gfa_industrial_m2 += p.gfa_m2 * share;
        footprint_industrial_m2 += p.footprint_m2 * share;
        if (p.yard_m2) yard_industrial_m2 += *p.yard_m2 * share;
        else yard_missing_industrial_m2 += area;
        invest_industrial.add(part(p.invest_10k_cny), area);
        tax_industrial.add(part(p.tax_10k_cny), area);
        output_industrial.add(part(p.output_10k_cny), area);
    }
}

std::vector<IndicatorRow> compute_indicators(const LandAccounts& a) {
    std::vector<IndicatorRow> rows;
    for (const auto& d : definitions()) {
        const Quotient q = d.compute(a);
        IndicatorRow r;
        r.scope = a.scope;
        r.scope_id = a.scope_id;
        r.scope_name = a.scope_name;
        r.area_type = a.area_type;
        r.indicator_id = d.id;
        r.name_zh = d.name_zh;
        r.name_en = d.name_en;
        r.category = d.category;
        r.value = q.value;
        r.numerator = q.numerator;
        r.denominator = q.denominator;
        if (q.numerator) r.parts_unit = q.parts_unit;
        r.unit = d.unit;
        r.formula_id = std::string("tdt1029.") + d.id;
        r.formula = d.formula;
        r.source = d.source;
        r.status = q.status;
        r.reason = q.reason;
        r.rule_set = "tdt1029-2014";
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<IndicatorDefinitionInfo> indicator_definitions() {
    std::vector<IndicatorDefinitionInfo> out;
    for (const auto& d : definitions()) out.push_back({d.id, d.name_zh, d.name_en, d.unit, d.category});
    return out;
}

}  // namespace parkgis
