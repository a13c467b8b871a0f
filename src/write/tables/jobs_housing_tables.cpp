// The jobs-housing stage's tables: 职住比 per scope and catchment, the grid and how jobs and residents were
// estimated.
#include <fmt/format.h>
#include <ogr_geometry.h>

#include "parkgis/units.hpp"
#include "parkgis/write/tables.hpp"

namespace parkgis::output {

namespace {

using T = ColumnType;

}  // namespace

const Table<JobsHousingRow>& jobs_housing_table() {
    using R = JobsHousingRow;
    // A count of people is missing, not 0, where nothing could be counted.
    auto count = [](double R::*member) {
        return [member](const R& r) { return r.status == ValueStatus::not_available ? Cell{} : real(r.*member); };
    };
    static const Table<R> table{
        "jobs_housing",
        "职住平衡范围",
        "职住平衡: jobs, resident workers and 职住比 inside each zone scope and within its catchment buffers",
        {
            {{"scope", T::text, "范围类型（区块/核心区扩区/合计）", "", "scope_level"}, [](const R& r) { return Cell{std::string(label(r.scope).id)}; }},
            {{"scope_id", T::text, "范围编号", ""}, [](const R& r) { return Cell{r.scope_id}; }},
            {{"scope_name", T::text, "范围名称", ""}, [](const R& r) { return Cell{r.scope_name}; }},
            {{"radius_m", T::real, "缓冲半径(m，0为区块内)", "m"}, [](const R& r) { return real(r.radius_m); }},
            {{"area_km2", T::real, "面积(km²)", "km²"}, [](const R& r) { return real(units::km2(r.area_m2)); }},
            {{"coverage_pct", T::real, "输入数据覆盖率(%)", "%"}, [](const R& r) { return real(r.coverage_pct()); }},
            {{"status", T::text, "状态（ok/partial部分数据/not_available）", "", "value_status"},
             [](const R& r) { return Cell{std::string(label(r.status).id)}; }},
            {{"jobs", T::real, "就业岗位(人)", "人"}, count(&R::jobs)},
            {{"jobs_enterprise", T::real, "其中企业申报从业人员(人)", "人"}, count(&R::jobs_enterprise)},
            {{"jobs_floor_area", T::real, "其中按建筑面积估算(人)", "人"}, count(&R::jobs_floor_area)},
            {{"residents", T::real, "居住人口(人)", "人"}, count(&R::residents)},
            {{"resident_workers", T::real, "就业居民(人)", "人"}, count(&R::resident_workers)},
            {{"households", T::real, "户数(户)", "户"}, count(&R::households)},
            {{"jh_ratio", T::real, "职住比（岗位/就业居民）", ""}, [](const R& r) { return real(r.ratio); }},
            {{"jh_class_id", T::text, "职住类型代码", ""}, [](const R& r) { return text(r.band_id); }},
            {{"jh_class", T::text, "职住类型", ""}, [](const R& r) { return text(r.band_zh); }},
            {{"jobs_per_household", T::real, "岗户比（岗位/户）", ""}, [](const R& r) { return real(r.jobs_per_household); }},
            {{"workers_needed", T::real, "达到基本平衡需增加就业居民(人)", "人"}, count(&R::workers_needed)},
            {{"residents_needed", T::real, "需增加居住人口(人)", "人"}, count(&R::residents_needed)},
            {{"housing_floor_area_m2", T::real, "需增加住房建筑面积(m²)", "m²"}, count(&R::housing_floor_area_m2)},
            {{"dwellings_needed", T::real, "需增加住房套数（人才公寓，套）", "套"}, count(&R::dwellings_needed)},
            {{"jobs_needed", T::real, "达到基本平衡需增加岗位(人)", "人"}, count(&R::jobs_needed)},
            {{"local_workers", T::real, "本地就业居民（通勤表，人）", "人"}, [](const R& r) { return real(r.local_workers); }},
            {{"in_commuters", T::real, "流入通勤(人)", "人"}, [](const R& r) { return real(r.in_commuters); }},
            {{"out_commuters", T::real, "流出通勤(人)", "人"}, [](const R& r) { return real(r.out_commuters); }},
            {{"self_containment_pct", T::real, "居住自足率(%)", "%"}, [](const R& r) { return real(r.self_containment_pct); }},
            {{"job_localisation_pct", T::real, "就业本地化率(%)", "%"}, [](const R& r) { return real(r.job_localisation_pct); }},
            {{"reason", T::text, "说明", ""}, [](const R& r) { return text(r.reason); }},
        },
        Geometry::multipolygon,
        [](const R& r) -> std::unique_ptr<OGRGeometry> {
            if (!r.geometry) return nullptr;
            return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(r.geometry->clone()));
        }};
    return table;
}

std::vector<GridCellView> grid_cell_views(const Dataset& d) {
    const JobsHousingGrid& g = d.jh_grid;
    std::vector<GridCellView> out;
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.columns; ++c) {
            const size_t i = static_cast<size_t>(r) * g.columns + c;
            if (i < g.status.size() && g.status[i] != GridCellStatus::none)
                out.push_back({&g, &d.project->jobs_housing.bands, c, r, i});
        }
    return out;
}

const Table<GridCellView>& jh_grid_table() {
    using R = GridCellView;
    auto band = [](const R& r) -> const JobsHousingBand* {
        const int b = r.grid->window_band[r.index];
        return b >= 0 && static_cast<size_t>(b) < r.bands->size() ? &(*r.bands)[b] : nullptr;
    };
    static const Table<R> table{
        "jh_grid",
        "职住比格网",
        "职住平衡 grid: jobs and resident workers per cell and 职住比 over the moving window around each cell",
        {
            {{"cell_id", T::text, "网格编号（列-行）", ""}, [](const R& r) { return Cell{fmt::format("{}-{}", r.column, r.row)}; }},
            {{"col", T::integer, "列", ""}, [](const R& r) { return integer(r.column); }},
            {{"row", T::integer, "行", ""}, [](const R& r) { return integer(r.row); }},
            {{"jobs", T::real, "网格内岗位(人)", "人"}, [](const R& r) { return real(r.grid->jobs[r.index]); }},
            {{"residents", T::real, "网格内居住人口(人)", "人"}, [](const R& r) { return real(r.grid->residents[r.index]); }},
            {{"resident_workers", T::real, "网格内就业居民(人)", "人"}, [](const R& r) { return real(r.grid->resident_workers[r.index]); }},
            {{"window_jobs", T::real, "邻域岗位(人)", "人"}, [](const R& r) { return real(r.grid->window_jobs[r.index]); }},
            {{"window_workers", T::real, "邻域就业居民(人)", "人"}, [](const R& r) { return real(r.grid->window_workers[r.index]); }},
            {{"jh_ratio", T::real, "邻域职住比", ""}, [](const R& r) { return real(r.grid->window_ratio[r.index]); }},
            {{"jh_class_id", T::text, "职住类型代码", ""}, [=](const R& r) { return band(r) ? Cell{band(r)->id} : Cell{}; }},
            {{"jh_class", T::text, "职住类型", ""}, [=](const R& r) { return band(r) ? Cell{band(r)->name_zh} : Cell{}; }},
            {{"window_coverage_pct", T::real, "邻域数据覆盖率(%)", "%"},
             [](const R& r) { return real(r.grid->window_coverage_pct[r.index]); }},
            {{"status", T::text, "状态（ok/partial部分数据/jobs_only仅岗位/homes_only仅居住）", "", "grid_cell_status"},
             [](const R& r) { return Cell{std::string(label(r.grid->status[r.index]).id)}; }},
        },
        Geometry::polygon,
        [](const R& r) -> std::unique_ptr<OGRGeometry> {
            const JobsHousingGrid& g = *r.grid;
            const double x0 = g.origin_x + r.column * g.cell_m, y0 = g.origin_y + r.row * g.cell_m;
            OGRLinearRing ring;
            ring.addPoint(x0, y0);
            ring.addPoint(x0 + g.cell_m, y0);
            ring.addPoint(x0 + g.cell_m, y0 + g.cell_m);
            ring.addPoint(x0, y0 + g.cell_m);
            ring.addPoint(x0, y0);
            auto polygon = std::make_unique<OGRPolygon>();
            polygon->addRing(&ring);
            return polygon;
        }};
    return table;
}

const Table<JobsHousingBasis::Activity>& jh_basis_table() {
    using R = JobsHousingBasis::Activity;
    // Net-to-gross and jobs belong to activities with a density only (residential and none have neither).
    static const Table<R> table{
        "jh_basis",
        "就业与居住估算依据",
        "how 职住平衡 jobs and residents were estimated: floor area by activity and densities",
        {
            {{"activity", T::text, "活动类型", ""}, [](const R& r) { return text(r.activity); }},
            {{"floor_area_m2", T::real, "建筑面积(m²)", "m²"}, [](const R& r) { return real(r.floor_area_m2); }},
            {{"m2_per_job", T::real, "每岗位建筑面积(m²)", "m²"}, [](const R& r) { return real(r.m2_per_job); }},
            {{"net_to_gross", T::real, "净面积/建筑面积", ""},
             [](const R& r) { return r.m2_per_job ? real(r.net_to_gross) : Cell{}; }},
            {{"floor_area_basis", T::text, "密度口径（GFA/GIA/NIA）", ""}, [](const R& r) { return text(r.basis); }},
            {{"jobs", T::real, "估算岗位(人)", "人"}, [](const R& r) { return r.m2_per_job ? real(r.jobs) : Cell{}; }},
            {{"status", T::text, "取值性质", "", "estimate_basis"}, [](const R& r) { return text(r.status); }},
            {{"source", T::text, "来源", ""}, [](const R& r) { return text(r.source); }},
        }};
    return table;
}

}  // namespace parkgis::output
