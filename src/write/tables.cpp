// The output tables, each declared once (include/parkgis/write/tables.hpp): column name, type, Chinese alias,
// unit and getter. Adding a column to one of these tables is one line here.
#include "parkgis/write/tables.hpp"

#include <ogr_geometry.h>

#include <stdexcept>

#include "parkgis/units.hpp"

namespace parkgis::output {

namespace {

using T = ColumnType;

}  // namespace

const char* column_type_name(ColumnType type) {
    switch (type) {
        case ColumnType::text: return "text";
        case ColumnType::integer: return "integer";
        case ColumnType::integer64: return "integer64";
        case ColumnType::real: return "real";
    }
    return "?";
}

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
    static const Table<R> table{
        "parcels",
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
            {{"far", T::real, "容积率", ""}, [](const R& r) { return real(r.metrics().far); }},
            {{"far_control", T::real, "容积率（控制指标口径）", ""}, [](const R& r) { return real(r.metrics().far_control); }},
            {{"building_density_pct", T::real, "建筑密度(%)", "%"}, [](const R& r) { return real(r.metrics().building_density_pct); }},
            {{"building_coefficient_pct", T::real, "建筑系数(%)", "%"},
             [](const R& r) { return real(r.metrics().building_coefficient_pct); }},
            {{"yard_area_m2", T::real, "露天堆场及操作场地(m²)", "m²"}, [](const R& r) { return real(r.record().yard_m2); }},
            {{"invest_10k_cny", T::real, "固定资产投资(万元)", "万元"}, [](const R& r) { return real(r.record().invest_10k_cny); }},
            {{"invest_10k_cny_per_ha", T::real, "投资强度(万元/公顷)", "万元/公顷"},
             [](const R& r) { return real(r.metrics().invest_10k_cny_per_ha); }},
            {{"invest_10k_cny_per_mu", T::real, "投资强度(万元/亩)", "万元/亩"},
             [](const R& r) { return real(r.metrics().invest_10k_cny_per_mu); }},
            {{"tax_10k_cny_per_ha", T::real, "地均税收(万元/公顷)", "万元/公顷"},
             [](const R& r) { return real(r.metrics().tax_10k_cny_per_ha); }},
            {{"output_10k_cny_per_ha", T::real, "产出强度(万元/公顷)", "万元/公顷"},
             [](const R& r) { return real(r.metrics().output_10k_cny_per_ha); }},
            {{"admin_share_pct", T::real, "行政办公及生活服务设施用地比重(%)", "%"},
             [](const R& r) { return real(r.metrics().admin_share_pct); }},
            {{"green_ratio_pct", T::real, "绿地率(%)", "%"}, [](const R& r) { return real(r.metrics().green_ratio_pct); }},
            // not_applicable: rules were judged and none applies to the parcel; empty: no rule set was judged.
            {{"compliance", T::text, "合规结果（pass/fail/not_available/not_applicable）", ""},
             [](const R& r) {
                 const ParcelCompliance* c = r.compliance();
                 if (c && c->status) return text(status_name(*c->status));
                 return text(r.d->judged_rules.empty() ? "" : "not_applicable");
             }},
            {{"failed_rules", T::text, "未通过的规则", ""},
             [](const R& r) { return r.compliance() ? text(r.compliance()->failed_rules) : Cell{}; }},
            {{"unjudged_rules", T::text, "无法判定的规则", ""},
             [](const R& r) { return r.compliance() ? text(r.compliance()->unjudged_rules) : Cell{}; }},
        },
        Geometry::multipolygon,
        [](const R& r) -> std::unique_ptr<OGRGeometry> {
            const auto& g = r.source->features[r.record().feature].geometry;
            if (!g) return nullptr;
            return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
        }};
    return table;
}

const Table<IndicatorRow>& indicators_table() {
    using R = IndicatorRow;
    static const Table<R> table{
        "indicators",
        "TD/T 1029 land accounts, indicators and scores per zone, kind and total",
        {
            {{"scope", T::text, "范围类型", ""}, [](const R& r) { return text(std::string(label(r.scope).id)); }},
            {{"scope_id", T::text, "范围编号", ""}, [](const R& r) { return text(r.scope_id); }},
            {{"scope_name", T::text, "范围名称", ""}, [](const R& r) { return text(r.scope_name); }},
            {{"area_type", T::text, "评价区类型（主区/发展方向区）", ""},
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
            {{"status", T::text, "状态", ""}, [](const R& r) { return text(std::string(label(r.status).id)); }},
            {{"reason", T::text, "说明", ""}, [](const R& r) { return text(r.reason); }},
            {{"formula_id", T::text, "公式编号", ""}, [](const R& r) { return text(r.formula_id); }},
            {{"formula", T::text, "计算公式", ""}, [](const R& r) { return text(r.formula); }},
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.rule_set); }},
            {{"source", T::text, "依据", ""}, [](const R& r) { return text(r.source); }},
        }};
    return table;
}

const Table<AreaSummaryRow>& area_summary_table() {
    using R = AreaSummaryRow;
    static const Table<R> table{
        "area_summary",
        "areas per zone, per kind (core/expansion) and in total",
        {
            {{"scope", T::text, "范围", ""}, [](const R& r) { return text(std::string(label(r.scope).id)); }},
            {{"id", T::text, "编号", ""}, [](const R& r) { return text(r.id); }},
            {{"name", T::text, "名称", ""}, [](const R& r) { return text(r.name); }},
            {{"kind", T::text, "类型", ""}, [](const R& r) { return text(r.kind); }},
            {{"zone_count", T::integer, "区块数", ""}, [](const R& r) { return integer(r.zone_count); }},
            {{"declared_area_km2", T::real, "申报面积(km²)", "km²"}, [](const R& r) { return real(r.declared_area_km2); }},
            {{"area_m2", T::real, "实测面积(m²)", "m²"}, [](const R& r) { return real(r.area.planar_m2); }},
            {{"area_km2", T::real, "实测面积(km²)", "km²"}, [](const R& r) { return real(units::km2(r.area.planar_m2)); }},
            {{"area_ha", T::real, "实测面积(公顷)", "公顷"}, [](const R& r) { return real(units::ha(r.area.planar_m2)); }},
            {{"area_mu", T::real, "实测面积(亩)", "亩"}, [](const R& r) { return real(units::mu(r.area.planar_m2)); }},
            {{"area_ellipsoidal_km2", T::real, "椭球面积(km²)", "km²"},
             [](const R& r) { return real(units::km2(r.area.ellipsoidal_m2)); }},
            {{"area_ellipsoidal_ha", T::real, "椭球面积(公顷)", "公顷"},
             [](const R& r) { return real(units::ha(r.area.ellipsoidal_m2)); }},
            {{"area_ellipsoidal_mu", T::real, "椭球面积(亩)", "亩"},
             [](const R& r) { return real(units::mu(r.area.ellipsoidal_m2)); }},
        }};
    return table;
}

const Table<ZoneTotal>& zone_totals_table() {
    using R = ZoneTotal;
    static const Table<R> table{
        "zone_totals",
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

const Table<ComplianceCount>& compliance_summary_table() {
    using R = ComplianceCount;
    static const Table<R> table{
        "compliance_summary",
        "compliance per zone, core, expansion and total, by rule set",
        {
            {{"scope_id", T::text, "范围", ""}, [](const R& r) { return text(r.scope_id); }},
            {{"scope_name", T::text, "名称", ""}, [](const R& r) { return text(r.scope_name); }},
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.rule_set); }},
            {{"parcels_judged", T::integer, "参评地块数", ""}, [](const R& r) { return integer(r.parcels_judged); }},
            {{"parcels_pass", T::integer, "合格地块数", ""}, [](const R& r) { return integer(r.parcels_pass); }},
            {{"parcels_fail", T::integer, "不合格地块数", ""}, [](const R& r) { return integer(r.parcels_fail); }},
            {{"parcels_not_available", T::integer, "无法判定地块数", ""},
             [](const R& r) { return integer(r.parcels_not_available); }},
            {{"zone_rules_pass", T::integer, "区块指标达标数", ""}, [](const R& r) { return integer(r.zone_rules_pass); }},
            {{"zone_rules_fail", T::integer, "区块指标未达标数", ""}, [](const R& r) { return integer(r.zone_rules_fail); }},
            {{"zone_rules_not_available", T::integer, "区块指标无法判定数", ""},
             [](const R& r) { return integer(r.zone_rules_not_available); }},
        }};
    return table;
}

const Table<AppliedRuleSet>& rule_sets_table() {
    using R = AppliedRuleSet;
    static const Table<R> table{
        "rule_sets",
        "rule sets applied, with the project's overrides",
        {
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.id); }},
            {{"version", T::text, "版本", ""}, [](const R& r) { return text(r.version); }},
            {{"title", T::text, "名称", ""}, [](const R& r) { return text(r.title); }},
            {{"document", T::text, "文件", ""}, [](const R& r) { return text(r.document); }},
            {{"file", T::text, "规则文件", ""}, [](const R& r) { return text(r.file); }},
            {{"sha256", T::text, "规则文件校验和", ""}, [](const R& r) { return text(r.sha256); }},
            {{"rules", T::integer, "规则数", ""}, [](const R& r) { return integer(r.rules); }},
            {{"rules_switched_off", T::integer, "停用规则数", ""}, [](const R& r) { return integer(r.rules_switched_off); }},
            {{"overrides", T::text, "项目调整（原因）", ""},
             [](const R& r) {
                 std::string overrides;
                 for (const auto& o : r.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
                 return text(overrides);
             }},
        }};
    return table;
}

const Table<JobsHousingBasis::Activity>& jh_basis_table() {
    using R = JobsHousingBasis::Activity;
    // Net-to-gross and jobs belong to activities with a density only (residential and none have neither).
    static const Table<R> table{
        "jh_basis",
        "how 职住平衡 jobs and residents were estimated: floor area by activity and densities",
        {
            {{"activity", T::text, "活动类型", ""}, [](const R& r) { return text(r.activity); }},
            {{"floor_area_m2", T::real, "建筑面积(m²)", "m²"}, [](const R& r) { return real(r.floor_area_m2); }},
            {{"m2_per_job", T::real, "每岗位建筑面积(m²)", "m²"}, [](const R& r) { return real(r.m2_per_job); }},
            {{"net_to_gross", T::real, "净面积/建筑面积", ""},
             [](const R& r) { return r.m2_per_job ? real(r.net_to_gross) : Cell{}; }},
            {{"floor_area_basis", T::text, "密度口径（GFA/GIA/NIA）", ""}, [](const R& r) { return text(r.basis); }},
            {{"jobs", T::real, "估算岗位(人)", "人"}, [](const R& r) { return r.m2_per_job ? real(r.jobs) : Cell{}; }},
            {{"status", T::text, "取值性质", ""}, [](const R& r) { return text(r.status); }},
            {{"source", T::text, "来源", ""}, [](const R& r) { return text(r.source); }},
        }};
    return table;
}

const Table<FindingSubject>& finding_subjects_table() {
    using R = FindingSubject;
    static const Table<R> table{
        "finding_subjects",
        "every subject of a finding that stands for many (findings.subject_id lists the first five)",
        {
            {{"finding_id", T::integer, "发现编号", ""}, [](const R& r) { return integer(r.finding_id); }},
            {{"subject_layer", T::text, "对象图层", ""}, [](const R& r) { return text(r.subject_layer); }},
            {{"subject_id", T::text, "对象编号", ""}, [](const R& r) { return text(r.subject_id); }},
        }};
    return table;
}

std::vector<FindingSubject> finding_subjects(const std::vector<Finding>& findings) {
    std::vector<FindingSubject> out;
    for (size_t i = 0; i < findings.size(); ++i)
        for (const auto& id : findings[i].subjects)
            out.push_back({static_cast<long long>(i + 1), findings[i].subject_layer, id});
    return out;
}

}  // namespace parkgis::output
