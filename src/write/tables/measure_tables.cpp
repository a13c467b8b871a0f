// The measure and indicators stages' tables: parcels (full and --lean), buildings, zone totals, the TD/T 1029
// indicators and the 扩区 comparison.
#include <ogr_geometry.h>

#include <cmath>
#include <stdexcept>

#include "parkgis/measure/parcels.hpp"
#include "parkgis/units.hpp"
#include "parkgis/write/tables.hpp"

namespace parkgis::output {

namespace {

using T = ColumnType;

std::unique_ptr<OGRGeometry> as_multipolygon(const std::unique_ptr<OGRGeometry>& g) {
    if (!g) return nullptr;
    return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
}

// A number as a cell; not finite (a height of 1e400 read as inf) is missing.
Cell finite(const std::optional<double>& v) { return v && std::isfinite(*v) ? Cell{*v} : Cell{}; }

}  // namespace

std::vector<ParcelView> parcel_views(const Dataset& d) {
    if (d.parcel_metrics.size() != d.parcels.size())
        throw std::logic_error("the parcels table needs the measure stage's parcel metrics");
    const Layer* source = d.layer("parcels");
    std::vector<ParcelView> out(d.parcels.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = {&d, source, i};
    return out;
}

const Table<ParcelView>& parcels_table() {
    using R = ParcelView;
    static const Table<R> table = [] {
        Table<R> t{
        "parcels",
        "地块",
        "parcels with TD/T 1029 class and metrics (buildings apportioned by intersection area)",
        {
            {{"parcel_id", T::text, "地块编号", ""}, [](const R& r) { return text(r.record().parcel_id); }},
            {{"landuse_code", T::text, "用地代码", ""}, [](const R& r) { return text(r.record().landuse_code); }},
            {{"landuse_system", T::text, "代码体系", ""}, [](const R& r) { return text(r.record().landuse_system); }},
            {{"landuse_name", T::text, "用地名称", ""}, [](const R& r) { return text(r.record().landuse_name); }},
            {{"map_class", T::text, "用地大类（制图）", ""}, [](const R& r) { return text(r.record().landuse_map_class); }},
            {{"tdt_class", T::text, "评价用地分类（TD/T 1029）", ""}, [](const R& r) { return text(r.record().tdt_class); }},
            {{"supply", T::text, "供应状况（D已供应/E尚可供应/F不可供应）", ""}, [](const R& r) { return text(r.record().supply); }},
            {{"built", T::integer, "已建成", ""}, [](const R& r) { return integer(r.record().built ? 1 : 0); }},
            {{"idle", T::integer, "闲置", ""}, [](const R& r) { return integer(r.record().idle ? 1 : 0); }},
            {{"high_tech", T::integer, "高新技术产业用地", ""}, [](const R& r) { return integer(r.record().high_tech ? 1 : 0); }},
            {{"industry_code", T::text, "行业代码（GB/T 4754）", ""}, [](const R& r) { return text(r.record().industry_code); }},
            {{"zone_id", T::text, "所在区块", ""}, [](const R& r) { return text(r.record().zone_id); }},
            {{"zone_share_pct", T::real, "在该区块内比例(%)", "%"}, [](const R& r) { return real(100 * r.record().zone_share); }},
            {{"zoned_share_pct", T::real, "在各区块内比例合计(%)", "%"},
             [](const R& r) { return real(100 * r.record().zoned_share); }},
            {{"area_m2", T::real, "面积(m²)", "m²"}, [](const R& r) { return real(r.record().area_m2); }},
            {{"area_ha", T::real, "面积(公顷)", "公顷"}, [](const R& r) { return real(r.metrics().area_ha); }},
            {{"area_mu", T::real, "面积(亩)", "亩"}, [](const R& r) { return real(r.metrics().area_mu); }},
            {{"building_count", T::integer, "建筑数", ""}, [](const R& r) { return integer(r.record().building_count); }},
            {{"footprint_m2", T::real, "建筑基底面积(m²)", "m²"}, [](const R& r) { return real(r.record().footprint_m2); }},
            {{"gfa_m2", T::real, "总建筑面积(m²)", "m²"}, [](const R& r) { return real(r.record().gfa_m2); }},
            {{"far_gfa_m2", T::real, "计容建筑面积(m²，层高>8m加倍)", "m²"}, [](const R& r) { return real(r.record().far_gfa_m2); }},
            {{"yard_area_m2", T::real, "露天堆场及操作场地(m²)", "m²"}, [](const R& r) { return real(r.record().yard_m2); }},
            {{"invest_10k_cny", T::real, "固定资产投资(万元)", "万元"}, [](const R& r) { return real(r.record().invest_10k_cny); }},
        },
        Geometry::multipolygon,
        [](const R& r) -> std::unique_ptr<OGRGeometry> {
            const auto& g = r.source->features[r.record().feature].geometry;
            if (!g) return nullptr;
            return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
        }};
        // One column per parcel metric, in the order of its declaration (measure/parcels.hpp).
        const auto& metrics = parcel_metric_definitions();
        for (size_t i = 0; i < metrics.size(); ++i)
            t.columns.push_back({{metrics[i].id, T::real, metrics[i].column_zh, metrics[i].unit},
                                 [i](const R& r) { return real(r.metrics().values[i]); }});
        const std::vector<Column<R>> compliance = {
            // not_applicable: rules were judged and none applies to the parcel; empty: no rule set was judged.
            {{"compliance", T::text, "合规结果（pass/fail/not_available/not_applicable）", "", "parcel_compliance"},
             [](const R& r) {
                 const ParcelCompliance* c = r.compliance();
                 if (c && c->status) return text(status_name(*c->status));
                 return text(r.d->judged_rules.empty() ? "" : "not_applicable");
             }},
            {{"failed_rules", T::text, "未通过的规则", ""},
             [](const R& r) { return r.compliance() ? text(r.compliance()->failed_rules) : Cell{}; }},
            {{"unjudged_rules", T::text, "无法判定的规则", ""},
             [](const R& r) { return r.compliance() ? text(r.compliance()->unjudged_rules) : Cell{}; }},
        };
        t.columns.insert(t.columns.end(), compliance.begin(), compliance.end());
        return t;
    }();
    return table;
}


const Table<ParcelView>& lean_parcels_table() {
    using R = ParcelView;
    // Computed from the record, not the metrics: the overlay job's columns need nothing but the overlay.
    static const Table<R> table{
        "parcels",
        "地块",
        "parcels: the overlay job's columns (parkgis run --lean)",
        {
            {{"parcel_id", T::text, "地块编号", ""}, [](const R& r) { return Cell{r.record().parcel_id}; }},
            {{"zone_id", T::text, "所在区块（最大部分）", ""}, [](const R& r) { return text(r.record().zone_id); }},
            {{"area_m2", T::real, "面积(m²)", "m²"}, [](const R& r) { return real(r.record().area_m2); }},
            {{"footprint_m2", T::real, "建筑基底面积(m²)", "m²"}, [](const R& r) { return real(r.record().footprint_m2); }},
            {{"gfa_m2", T::real, "总建筑面积(m²)", "m²"}, [](const R& r) { return real(r.record().gfa_m2); }},
            {{"far", T::real, "容积率（总建筑面积÷面积）", ""},
             [](const R& r) {
                 const auto& p = r.record();
                 return p.area_m2 > 0 ? real(p.gfa_m2 / p.area_m2) : Cell{};
             }},
            {{"building_density_pct", T::real, "建筑密度(%)", "%"},
             [](const R& r) {
                 const auto& p = r.record();
                 return p.area_m2 > 0 ? real(100 * p.footprint_m2 / p.area_m2) : Cell{};
             }},
            {{"invest_10k_cny", T::real, "固定资产投资(万元)", "万元"}, [](const R& r) { return real(r.record().invest_10k_cny); }},
            {{"industrial", T::integer, "工业用地（TD/T A2）", ""}, [](const R& r) { return integer(r.record().is_industrial() ? 1 : 0); }},
        },
        Geometry::multipolygon,
        [](const R& r) { return as_multipolygon(r.source->features[r.record().feature].geometry); }};
    return table;
}

const Table<BuildingView>& buildings_table() {
    using R = BuildingView;
    static const Table<R> table{
        "buildings",
        "建筑",
        "buildings with resolved floors and floor area (apportioned to parcels by area)",
        {
            {{"building_id", T::text, "建筑编号", ""}, [](const R& r) { return text(r.feature().id); }},
            {{"parcel_id", T::text, "所在地块（最大部分）", ""},
             [](const R& r) {
                 const size_t p = r.record().parcel;
                 return p < r.d->parcels.size() ? text(r.d->parcels[p].parcel_id) : Cell{};
             }},
            {{"parcel_count", T::integer, "跨地块数", ""}, [](const R& r) { return integer(r.record().parcel_count); }},
            {{"use", T::text, "用途", ""}, [](const R& r) { return text(r.feature().text("use").value_or("")); }},
            {{"industrial", T::integer, "工业建筑", ""}, [](const R& r) { return integer(r.record().industrial ? 1 : 0); }},
            {{"floors_input", T::real, "层数（原始）", ""}, [](const R& r) { return finite(r.feature().number("floors")); }},
            {{"height_m", T::real, "高度(m)", "m"}, [](const R& r) { return finite(r.feature().number("height_m")); }},
            {{"floors", T::real, "计算层数", ""}, [](const R& r) { return finite(r.record().floors); }},
            {{"floors_source", T::text, "层数来源", ""}, [](const R& r) { return text(floors_source_name(r.record().floors_source)); }},
            {{"far_factor", T::real, "计容系数（层高>8m为2）", ""}, [](const R& r) { return real(r.record().far_factor); }},
            {{"footprint_m2", T::real, "基底面积(m²)", "m²"}, [](const R& r) { return real(r.record().footprint_m2); }},
            {{"gfa_m2", T::real, "建筑面积(m²)", "m²"}, [](const R& r) { return real(r.record().gfa_m2); }},
            {{"far_gfa_m2", T::real, "计容建筑面积(m²)", "m²"}, [](const R& r) { return real(r.record().far_gfa_m2); }},
            {{"outside_parcels_m2", T::real, "地块外基底面积(m²)", "m²"}, [](const R& r) { return real(r.record().outside_m2); }},
        },
        Geometry::multipolygon,
        [](const R& r) { return as_multipolygon(r.feature().geometry); }};
    return table;
}

const Table<IndicatorRow>& indicators_table() {
    using R = IndicatorRow;
    static const Table<R> table{
        "indicators",
        "土地集约利用指标",
        "TD/T 1029 land accounts, indicators and scores per zone, kind and total",
        {
            {{"scope", T::text, "范围类型", "", "scope_level"}, [](const R& r) { return text(std::string(label(r.scope).id)); }},
            {{"scope_id", T::text, "范围编号", ""}, [](const R& r) { return text(r.scope_id); }},
            {{"scope_name", T::text, "范围名称", ""}, [](const R& r) { return text(r.scope_name); }},
            {{"area_type", T::text, "评价区类型（主区/发展方向区）", "", "evaluation_area"},
             [](const R& r) { return text(std::string(label(r.area_type).id)); }},
            {{"category", T::text, "类别", ""}, [](const R& r) { return text(r.category); }},
            {{"indicator_id", T::text, "指标编号", ""}, [](const R& r) { return text(r.indicator_id); }},
            {{"name_zh", T::text, "指标名称", ""}, [](const R& r) { return text(r.name_zh); }},
            {{"name_en", T::text, "Indicator", ""}, [](const R& r) { return text(r.name_en); }},
            {{"value", T::real, "现状值", ""}, [](const R& r) { return real(r.value); }},  // unit: the unit column
            {{"unit", T::text, "单位", ""}, [](const R& r) { return text(r.unit); }},
            {{"numerator", T::real, "分子", ""}, [](const R& r) { return real(r.numerator); }},
            {{"denominator", T::real, "分母", ""}, [](const R& r) { return real(r.denominator); }},
            {{"parts_unit", T::text, "分子/分母单位", ""}, [](const R& r) { return text(r.parts_unit); }},
            {{"target", T::real, "理想值", ""}, [](const R& r) { return real(r.target); }},
            {{"realization_pct", T::real, "实现度(%)", "%"}, [](const R& r) { return real(r.realization); }},
            {{"weight", T::real, "权重", ""}, [](const R& r) { return real(r.weight); }},
            {{"status", T::text, "状态", "", "value_status"}, [](const R& r) { return text(std::string(label(r.status).id)); }},
            {{"reason", T::text, "说明", ""}, [](const R& r) { return text(r.reason); }},
            {{"formula_id", T::text, "公式编号", ""}, [](const R& r) { return text(r.formula_id); }},
            {{"formula", T::text, "计算公式", ""}, [](const R& r) { return text(r.formula); }},
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.rule_set); }},
            {{"source", T::text, "依据", ""}, [](const R& r) { return text(r.source); }},
        }};
    return table;
}


const Table<ZoneTotal>& zone_totals_table() {
    using R = ZoneTotal;
    static const Table<R> table{
        "zone_totals",
        "区块地块汇总（按最大部分归属）",
        "per zone, each parcel counted wholly in the zone holding its largest part",
        {
            {{"zone_id", T::text, "区块编号", ""}, [](const R& r) { return text(r.zone_id); }},
            {{"parcel_count", T::integer64, "地块数（按最大部分归属）", ""}, [](const R& r) { return integer(r.parcel_count); }},
            {{"land_m2", T::real, "地块面积合计(m²)", "m²"}, [](const R& r) { return real(r.land_m2); }},
            {{"footprint_m2", T::real, "建筑基底面积(m²)", "m²"}, [](const R& r) { return real(r.footprint_m2); }},
            {{"gfa_m2", T::real, "总建筑面积(m²)", "m²"}, [](const R& r) { return real(r.gfa_m2); }},
            {{"far", T::real, "容积率（总建筑面积÷地块面积）", ""}, [](const R& r) { return real(r.far); }},
            {{"building_density_pct", T::real, "建筑密度(%)", "%"}, [](const R& r) { return real(r.building_density_pct); }},
            {{"industrial_land_m2", T::real, "工业用地面积(m²，TD/T A2)", "m²"},
             [](const R& r) { return real(r.industrial_land_m2); }},
            {{"industrial_invest_10k_cny", T::real, "工业用地固定资产投资(万元)", "万元"},
             [](const R& r) { return real(r.industrial_invest_10k_cny); }},
            {{"industrial_invest_10k_cny_per_ha", T::real, "工业用地投资强度(万元/公顷)", "万元/公顷"},
             [](const R& r) { return real(r.industrial_invest_10k_cny_per_ha); }},
        }};
    return table;
}


std::vector<ExpansionComparisonRow> expansion_comparison_rows(const Dataset& d) {
    std::vector<ExpansionComparisonRow> out;
    if (!d.indicator("core", "area_zone") || !d.indicator("total", "area_zone")) return out;
    for (const auto& r : d.indicators) {
        // Every indicator and score; of the land accounts, the ones in 公顷 (their m² twins say the same).
        if (r.scope_id != "total" || (r.category == "account" && r.unit != "ha")) continue;
        out.push_back({&r, d.indicator("core", r.indicator_id), d.indicator("expansion", r.indicator_id)});
    }
    return out;
}

const Table<ExpansionComparisonRow>& expansion_comparison_table() {
    using R = ExpansionComparisonRow;
    auto change = [](const R& r) -> std::optional<double> {
        if (!r.core || !r.core->value || !r.total->value) return std::nullopt;
        return *r.total->value - *r.core->value;
    };
    static const Table<R> table{
        "expansion_comparison",
        "扩区前后指标对比",
        "扩区: the core alone against core + expansion, indicator by indicator",
        {
            {{"indicator_id", T::text, "指标编号", ""}, [](const R& r) { return text(r.total->indicator_id); }},
            {{"name_zh", T::text, "指标名称", ""}, [](const R& r) { return text(r.total->name_zh); }},
            {{"unit", T::text, "单位", ""}, [](const R& r) { return text(r.total->unit); }},
            {{"core_value", T::real, "核心区（现状）", ""}, [](const R& r) { return r.core ? finite(r.core->value) : Cell{}; }},
            {{"expansion_value", T::real, "扩区", ""},
             [](const R& r) { return r.expansion ? finite(r.expansion->value) : Cell{}; }},
            {{"total_value", T::real, "核心区＋扩区", ""}, [](const R& r) { return finite(r.total->value); }},
            {{"change", T::real, "扩区后变化", ""}, [=](const R& r) { return real(change(r)); }},
            {{"change_pct", T::real, "扩区后变化(%)", "%"},
             [=](const R& r) {
                 const auto c = change(r);
                 return c && *r.core->value != 0 ? real(100 * *c / std::abs(*r.core->value)) : Cell{};
             }},
        }};
    return table;
}

}  // namespace parkgis::output
