// The check stage's tables: zones with their measured areas and QA, 界址点, findings and where they are
// (qa_issues), the subjects of grouped findings, the constraint layers as given and the area summary.
#include <fmt/format.h>
#include <ogr_geometry.h>

#include <cmath>
#include <unordered_map>

#include "parkgis/check/boundary_points.hpp"
#include "parkgis/check/boundary_qa.hpp"
#include "parkgis/units.hpp"
#include "parkgis/write/tables.hpp"

namespace parkgis::output {

namespace {

using T = ColumnType;

std::unique_ptr<OGRGeometry> as_multipolygon(const OGRGeometry& g) {
    return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g.clone()));
}

// The polygonal area of a place, or nothing when it is empty or not polygonal (a point, a line). A polygon or
// multipolygon is measured in place; only other types are converted (the row's geometry is cloned once more
// when written: a constraint layer of 100 000 polygons was cloned twice).
std::optional<double> polygon_area(const OGRGeometry* g) {
    if (!g || g->IsEmpty()) return std::nullopt;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) return g->toPolygon()->get_Area();
    if (type == wkbMultiPolygon) return g->toMultiPolygon()->get_Area();
    const auto mp = as_multipolygon(*g);
    if (wkbFlatten(mp->getGeometryType()) != wkbMultiPolygon) return std::nullopt;
    return mp->toMultiPolygon()->get_Area();
}

double centimetres(double m) { return std::round(m * 100) / 100; }

}  // namespace

const char* const kAreaMethod =
    "planar: shoelace area in the working CGCS2000 Gauss-Krüger CRS; ellipsoidal: geodesic polygon area (PROJ "
    "geodesic, Karney) on the CGCS2000 ellipsoid after densifying edges to 50 m";

std::vector<ZoneView> zone_views(const Dataset& d) {
    std::unordered_map<std::string, const JobsHousingRow*> inside;  // zone → its radius-0 row
    for (const auto& r : d.jobs_housing)
        if (r.radius_m == 0) inside.emplace(r.scope_id, &r);
    std::vector<ZoneView> out(d.zones.size());
    for (size_t i = 0; i < out.size(); ++i) {
        const auto it = inside.find(d.zones[i].zone_id);
        out[i] = {&d, i, it == inside.end() ? nullptr : it->second};
    }
    return out;
}

const Table<ZoneView>& zones_table() {
    using R = ZoneView;
    // An indicator of the zone (TD/T 1029, the indicators table), empty when not computed.
    auto value = [](const R& r, const char* id) {
        const IndicatorRow* row = r.d->indicator(r.zone().zone_id, id);
        return row ? real(row->value) : Cell{};
    };
    // 职住比 inside the zone, when it could be counted.
    auto jobs_housing = [](const R& r) -> const JobsHousingRow* {
        return r.jobs_housing && r.jobs_housing->status != ValueStatus::not_available ? r.jobs_housing : nullptr;
    };
    auto judgement = [](const R& r) -> const ZoneJudgement* {
        return !r.d->judged_rules.empty() && r.index < r.d->zone_judgements.size() ? &r.d->zone_judgements[r.index]
                                                                                   : nullptr;
    };
    auto declared_diff_km2 = [](const ZoneRecord& z) -> std::optional<double> {
        if (!z.declared_area_km2) return std::nullopt;
        return units::km2(z.area.planar_m2) - *z.declared_area_km2;
    };
    static const Table<R> table{
        "zones",
        "申报范围（区块）",
        "parkgis zones: measured areas and boundary QA",
        {
            {{"zone_id", T::text, "区块编号", ""}, [](const R& r) { return Cell{r.zone().zone_id}; }},
            {{"name", T::text, "区块名称", ""}, [](const R& r) { return Cell{r.zone().name}; }},
            {{"kind", T::text, "类型", ""}, [](const R& r) { return Cell{r.zone().kind}; }},
            {{"parent_id", T::text, "所属区块", ""}, [](const R& r) { return text(r.zone().parent_id); }},
            {{"group_kind", T::text, "归属（核心区/扩区）", "", "zone_group"},
             [](const R& r) { return Cell{std::string(label(r.zone().group).id)}; }},
            {{"declared_area_km2", T::real, "申报面积(km²)", "km²"}, [](const R& r) { return real(r.zone().declared_area_km2); }},
            {{"area_m2", T::real, "实测面积(m²)", "m²"}, [](const R& r) { return real(r.zone().area.planar_m2); }},
            {{"area_km2", T::real, "实测面积(km²)", "km²"}, [](const R& r) { return real(units::km2(r.zone().area.planar_m2)); }},
            {{"area_ha", T::real, "实测面积(公顷)", "公顷"}, [](const R& r) { return real(units::ha(r.zone().area.planar_m2)); }},
            {{"area_mu", T::real, "实测面积(亩)", "亩"}, [](const R& r) { return real(units::mu(r.zone().area.planar_m2)); }},
            {{"area_ellipsoidal_m2", T::real, "椭球面积(m²)", "m²"}, [](const R& r) { return real(r.zone().area.ellipsoidal_m2); }},
            {{"area_ellipsoidal_km2", T::real, "椭球面积(km²)", "km²"},
             [](const R& r) { return real(units::km2(r.zone().area.ellipsoidal_m2)); }},
            {{"area_ellipsoidal_ha", T::real, "椭球面积(公顷)", "公顷"},
             [](const R& r) { return real(units::ha(r.zone().area.ellipsoidal_m2)); }},
            {{"area_ellipsoidal_mu", T::real, "椭球面积(亩)", "亩"},
             [](const R& r) { return real(units::mu(r.zone().area.ellipsoidal_m2)); }},
            {{"area_diff_km2", T::real, "实测减申报(km²)", "km²"}, [=](const R& r) { return real(declared_diff_km2(r.zone())); }},
            {{"area_diff_pct", T::real, "面积差(%)", "%"},
             [=](const R& r) {
                 const auto& z = r.zone();
                 const auto diff = declared_diff_km2(z);
                 return diff && *z.declared_area_km2 != 0 ? real(100.0 * *diff / *z.declared_area_km2) : Cell{};
             }},
            {{"parts", T::integer, "图斑块数", ""}, [](const R& r) { return integer(r.zone().parts); }},
            {{"holes", T::integer, "内环(空洞)数", ""}, [](const R& r) { return integer(r.zone().holes); }},
            {{"boundary_points", T::integer, "界址点数", ""}, [](const R& r) { return integer(r.zone().boundary_point_count); }},
            {{"overlap_m2", T::real, "与其他区块重叠(m²)", "m²"}, [](const R& r) { return real(r.zone().overlap_m2); }},
            {{"basic_farmland_m2", T::real, "占永久基本农田(m²)", "m²"}, [](const R& r) { return real(r.zone().basic_farmland_m2); }},
            {{"eco_redline_m2", T::real, "占生态保护红线(m²)", "m²"}, [](const R& r) { return real(r.zone().eco_redline_m2); }},
            {{"outside_udb_m2", T::real, "城镇开发边界外(m²)", "m²"}, [](const R& r) { return real(r.zone().outside_udb_m2); }},
            {{"qa_status", T::text, "质检状态", "", "qa_status"}, [](const R& r) { return Cell{std::string(label(r.zone().qa_status).id)}; }},
            {{"area_method", T::text, "面积计算方法", ""}, [](const R&) { return Cell{std::string(kAreaMethod)}; }},
            {{"bound_east", T::text, "东至", ""}, [](const R& r) { return text(r.zone().four_bounds[0]); }},
            {{"bound_south", T::text, "南至", ""}, [](const R& r) { return text(r.zone().four_bounds[1]); }},
            {{"bound_west", T::text, "西至", ""}, [](const R& r) { return text(r.zone().four_bounds[2]); }},
            {{"bound_north", T::text, "北至", ""}, [](const R& r) { return text(r.zone().four_bounds[3]); }},
            {{"built_ha", T::real, "已建成城镇建设用地(公顷)", "公顷"}, [=](const R& r) { return value(r, "area_A"); }},
            {{"composite_far", T::real, "综合容积率", ""}, [=](const R& r) { return value(r, "composite_far"); }},
            {{"building_density_pct", T::real, "建筑密度(%)", "%"}, [=](const R& r) { return value(r, "building_density"); }},
            {{"industrial_far", T::real, "工业用地综合容积率", ""}, [=](const R& r) { return value(r, "industrial_far"); }},
            {{"industrial_invest_10k_cny_per_ha", T::real, "工业用地投入强度(万元/公顷)", "万元/公顷"},
             [=](const R& r) { return value(r, "industrial_invest_intensity"); }},
            {{"land_development_pct", T::real, "土地开发率(%)", "%"}, [=](const R& r) { return value(r, "land_development_rate"); }},
            {{"idle_land_pct", T::real, "土地闲置率(%)", "%"}, [=](const R& r) { return value(r, "idle_land_rate"); }},
            {{"area_type", T::text, "评价区类型", ""},
             [](const R& r) {
                 return r.d->indicators.empty() ? Cell{}
                                                : Cell{std::string(label(evaluation_area(r.zone().group)).zh)};
             }},
            {{"zone_type", T::text, "开发区类型", ""},
             [](const R& r) {
                 return r.d->indicators.empty() || !r.d->zone_type ? Cell{}
                                                                   : Cell{std::string(label(*r.d->zone_type).zh)};
             }},
            {{"score", T::real, "集约度分值", ""}, [=](const R& r) { return value(r, "score"); }},
            {{"jobs", T::real, "就业岗位(人)", "人"},
             [=](const R& r) { return jobs_housing(r) ? real(jobs_housing(r)->jobs) : Cell{}; }},
            {{"resident_workers", T::real, "就业居民(人)", "人"},
             [=](const R& r) { return jobs_housing(r) ? real(jobs_housing(r)->resident_workers) : Cell{}; }},
            {{"jh_ratio", T::real, "职住比", ""},
             [=](const R& r) { return jobs_housing(r) ? real(jobs_housing(r)->ratio) : Cell{}; }},
            {{"jh_class", T::text, "职住类型", ""},
             [=](const R& r) { return jobs_housing(r) ? text(jobs_housing(r)->band_zh) : Cell{}; }},
            {{"parcels_failing", T::integer, "不合格地块数", ""},
             [=](const R& r) { return judgement(r) ? integer(judgement(r)->parcels_failing) : Cell{}; }},
            {{"zone_rules_failing", T::integer, "区块指标未达标数", ""},
             [=](const R& r) { return judgement(r) ? integer(judgement(r)->zone_rules_failing) : Cell{}; }},
        },
        Geometry::multipolygon,
        [](const R& r) { return as_multipolygon(*r.zone().geometry); }};
    return table;
}

const Table<BoundaryPoint>& boundary_points_table() {
    using R = BoundaryPoint;
    // Coordinates to the centimetre, as the coordinate file gives them.
    static const Table<R> table{
        "boundary_points",
        "界址点",
        "界址点: boundary points in CGCS2000 Gauss-Krüger",
        {
            {{"zone_id", T::text, "区块编号", ""}, [](const R& r) { return Cell{r.zone_id}; }},
            {{"zone_name", T::text, "区块名称", ""}, [](const R& r) { return Cell{r.zone_name}; }},
            {{"part", T::integer, "地块（部分）序号", ""}, [](const R& r) { return integer(r.part); }},
            {{"record", T::integer, "坐标文件地块编号", ""}, [](const R& r) { return integer(r.record); }},
            {{"ring", T::integer, "圈号（1外环，2起为该部分的内环）", ""}, [](const R& r) { return integer(r.ring); }},
            {{"ring_kind", T::text, "圈类型（外环/内环）", "", "ring_kind"}, [](const R& r) { return Cell{std::string(r.hole ? "hole" : "outer")}; }},
            {{"point_no", T::integer, "序号", ""}, [](const R& r) { return integer(r.number); }},
            {{"point_name", T::text, "界址点号", ""}, [](const R& r) { return Cell{fmt::format("J{}", r.number)}; }},
            {{"x_north", T::real, "X坐标（北，m）", "m"}, [](const R& r) { return real(centimetres(r.x_north)); }},
            {{"y_east_prefixed", T::real, "Y坐标（东，含带号，m）", "m"}, [](const R& r) { return real(centimetres(r.y_east_prefixed)); }},
            {{"y_east", T::real, "Y坐标（东，不含带号，m）", "m"}, [](const R& r) { return real(centimetres(r.y_east)); }},
            {{"edge_m", T::real, "边长(m，至下一点)", "m"}, [](const R& r) { return real(centimetres(r.edge_m)); }},
            {{"lon", T::real, "经度(°)", "°"}, [](const R& r) { return real(r.lon); }},
            {{"lat", T::real, "纬度(°)", "°"}, [](const R& r) { return real(r.lat); }},
            {{"lon_dms", T::text, "经度(度分秒)", ""}, [](const R& r) { return Cell{format_dms(r.lon)}; }},
            {{"lat_dms", T::text, "纬度(度分秒)", ""}, [](const R& r) { return Cell{format_dms(r.lat)}; }},
        },
        Geometry::point,
        [](const R& r) { return std::unique_ptr<OGRGeometry>(new OGRPoint(r.work_x, r.work_y)); }};
    return table;
}

// The 界址点成果表's summary: per zone, part and ring, its points, perimeter and area as the coordinate file
// prints it (a record's area there is its outline's less its holes').
const Table<BoundaryRing>& boundary_rings_table() {
    using R = BoundaryRing;
    static const Table<R> table{
        "boundary_rings",
        "界址点圈",
        "each ring of 界址点 per zone and part: its points, perimeter and the area its printed coordinates enclose",
        {
            {{"zone_id", T::text, "区块编号", ""}, [](const R& r) { return Cell{r.zone_id}; }},
            {{"zone_name", T::text, "区块名称", ""}, [](const R& r) { return Cell{r.zone_name}; }},
            {{"part", T::integer, "地块（部分）序号", ""}, [](const R& r) { return integer(r.part); }},
            {{"record", T::integer, "坐标文件地块编号", ""}, [](const R& r) { return integer(r.record); }},
            {{"ring", T::integer, "圈号", ""}, [](const R& r) { return integer(r.ring); }},
            {{"ring_kind", T::text, "圈类型（外环/内环）", "", "ring_kind"},
             [](const R& r) { return Cell{std::string(r.hole ? "hole" : "outer")}; }},
            {{"points", T::integer, "界址点数", ""}, [](const R& r) { return integer(r.points); }},
            {{"from_point", T::text, "起点", ""}, [](const R& r) { return Cell{fmt::format("J{}", r.first_number)}; }},
            {{"to_point", T::text, "止点（闭合于起点）", ""}, [](const R& r) { return Cell{fmt::format("J{}", r.last_number)}; }},
            {{"perimeter_m", T::real, "周长(m)", "m"}, [](const R& r) { return real(centimetres(r.perimeter_m)); }},
            {{"area_m2", T::real, "围合面积(m²)", "m²"}, [](const R& r) { return real(r.area_m2); }},
            {{"area_ha", T::real, "围合面积(公顷)", "公顷"}, [](const R& r) { return real(units::ha(r.area_m2)); }},
            {{"net_area_m2", T::real, "计入面积(m²，内环为负)", "m²"},
             [](const R& r) { return real(r.hole ? -r.area_m2 : r.area_m2); }},
        }};
    return table;
}

std::vector<FindingView> finding_views(const Dataset& d) {
    std::vector<FindingView> out(d.findings.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = {&d.findings[i], static_cast<long long>(i + 1)};
    return out;
}

const Table<FindingView>& findings_table() {
    using R = FindingView;
    static const Table<R> table{
        "findings",
        "检查与判定发现",
        "QA findings and rule outcomes",
        {
            {{"finding_id", T::integer, "编号", ""}, [](const R& r) { return integer(r.finding_id); }},
            {{"check_id", T::text, "检查/规则编号", ""}, [](const R& r) { return Cell{r.finding->check_id}; }},
            {{"severity", T::text, "严重程度", "", "severity"}, [](const R& r) { return Cell{std::string(severity_name(r.finding->severity))}; }},
            {{"subject_layer", T::text, "对象图层", ""}, [](const R& r) { return Cell{r.finding->subject_layer}; }},
            {{"subject_id", T::text, "对象编号", ""}, [](const R& r) { return Cell{r.finding->subject_id}; }},
            {{"actual", T::real, "实际值", ""}, [](const R& r) { return real(r.finding->actual); }},  // unit: the unit column
            {{"threshold", T::real, "阈值", ""}, [](const R& r) { return real(r.finding->threshold); }},
            {{"unit", T::text, "单位", ""}, [](const R& r) { return Cell{r.finding->unit}; }},
            {{"message_zh", T::text, "说明", ""}, [](const R& r) { return Cell{r.finding->message_zh}; }},
            {{"message_en", T::text, "Message", ""}, [](const R& r) { return Cell{r.finding->message_en}; }},
            {{"source", T::text, "依据", ""}, [](const R& r) { return Cell{r.finding->source}; }},
        }};
    return table;
}

std::vector<FindingView> qa_issue_views(const Dataset& d) {
    std::vector<FindingView> out;
    for (size_t i = 0; i < d.findings.size(); ++i)
        if (const auto area = polygon_area(d.findings[i].geometry.get()))
            out.push_back({&d.findings[i], static_cast<long long>(i + 1), *area});
    return out;
}

const Table<FindingView>& qa_issues_table() {
    using R = FindingView;
    static const Table<R> table{
        "qa_issues",
        "边界检查问题",
        "where the QA findings are: overlaps, gaps, slivers, constraint conflicts",
        {
            {{"finding_id", T::integer, "编号", ""}, [](const R& r) { return integer(r.finding_id); }},
            {{"check_id", T::text, "检查编号", ""}, [](const R& r) { return Cell{r.finding->check_id}; }},
            {{"severity", T::text, "严重程度", "", "severity"}, [](const R& r) { return Cell{std::string(severity_name(r.finding->severity))}; }},
            {{"subject_id", T::text, "对象编号", ""}, [](const R& r) { return Cell{r.finding->subject_id}; }},
            {{"area_m2", T::real, "面积(m²)", "m²"}, [](const R& r) { return real(r.area_m2); }},
            {{"message_zh", T::text, "说明", ""}, [](const R& r) { return Cell{r.finding->message_zh}; }},
        },
        Geometry::multipolygon,
        [](const R& r) { return as_multipolygon(*r.finding->geometry); }};
    return table;
}

std::vector<ConstraintView> constraint_views(const Dataset& d) {
    std::vector<ConstraintView> out;
    for (const Layer* layer : d.layers_of("constraints"))
        for (const auto& feature : layer->features)
            if (const auto area = polygon_area(feature.geometry.get())) out.push_back({layer, &feature, *area});
    return out;
}

const Table<ConstraintView>& constraints_table() {
    using R = ConstraintView;
    static const Table<R> table{
        "constraints",
        "管控边界",
        "constraint layers (永久基本农田, 生态保护红线, 城镇开发边界) as given, in the working CRS",
        {
            {{"kind", T::text, "管控类型", ""}, [](const R& r) { return Cell{r.layer->constraint_kind}; }},
            {{"kind_zh", T::text, "管控类型名称", ""}, [](const R& r) { return text(constraint_kind_zh(r.layer->constraint_kind)); }},
            {{"name", T::text, "名称", ""}, [](const R& r) { return text(r.feature->text("name").value_or("")); }},
            {{"source", T::text, "来源", ""}, [](const R& r) { return Cell{r.layer->describe()}; }},
            {{"source_fid", T::integer64, "来源要素编号", ""}, [](const R& r) { return integer(r.feature->source_fid); }},
            {{"area_m2", T::real, "面积(m²)", "m²"}, [](const R& r) { return real(r.area_m2); }},
            {{"area_ha", T::real, "面积(公顷)", "公顷"}, [](const R& r) { return real(units::ha(r.area_m2)); }},
        },
        Geometry::multipolygon,
        [](const R& r) { return as_multipolygon(*r.feature->geometry); }};
    return table;
}

const Table<AreaSummaryRow>& area_summary_table() {
    using R = AreaSummaryRow;
    static const Table<R> table{
        "area_summary",
        "面积汇总",
        "areas per zone, per kind (core/expansion) and in total",
        {
            {{"scope", T::text, "范围", "", "scope_level"}, [](const R& r) { return text(std::string(label(r.scope).id)); }},
            {{"id", T::text, "编号", ""}, [](const R& r) { return text(r.id); }},
            {{"name", T::text, "名称", ""}, [](const R& r) { return text(r.name); }},
            {{"kind", T::text, "类型", "", "zone_group"}, [](const R& r) { return text(r.kind); }},
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


const Table<FindingSubject>& finding_subjects_table() {
    using R = FindingSubject;
    static const Table<R> table{
        "finding_subjects",
        "发现涉及的对象",
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
