#include "jobs_housing_layers.hpp"

#include <fmt/format.h>

#include <cmath>

#include "layer_writer.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/units.hpp"

namespace parkgis::detail {

void write_jobs_housing(GDALDataset& ds, const Dataset& d) {
    if (d.jobs_housing.empty()) return;
    OGRLayer* layer = create_layer(
        ds, "jobs_housing", wkbMultiPolygon, &d.working_crs,
        {{"scope", OFTString, "范围类型（区块/核心区扩区/合计）"},
         {"scope_id", OFTString, "范围编号"},
         {"scope_name", OFTString, "范围名称"},
         {"radius_m", OFTReal, "缓冲半径(m，0为区块内)"},
         {"area_km2", OFTReal, "面积(km²)"},
         {"coverage_pct", OFTReal, "输入数据覆盖率(%)"},
         {"status", OFTString, "状态（ok/partial部分数据/not_available）"},
         {"jobs", OFTReal, "就业岗位(人)"},
         {"jobs_enterprise", OFTReal, "其中企业申报从业人员(人)"},
         {"jobs_floor_area", OFTReal, "其中按建筑面积估算(人)"},
         {"residents", OFTReal, "居住人口(人)"},
         {"resident_workers", OFTReal, "就业居民(人)"},
         {"households", OFTReal, "户数(户)"},
         {"jh_ratio", OFTReal, "职住比（岗位/就业居民）"},
         {"jh_class_id", OFTString, "职住类型代码"},
         {"jh_class", OFTString, "职住类型"},
         {"jobs_per_household", OFTReal, "岗户比（岗位/户）"},
         {"workers_needed", OFTReal, "达到基本平衡需增加就业居民(人)"},
         {"residents_needed", OFTReal, "需增加居住人口(人)"},
         {"housing_floor_area_m2", OFTReal, "需增加住房建筑面积(m²)"},
         {"dwellings_needed", OFTReal, "需增加住房套数（人才公寓，套）"},
         {"jobs_needed", OFTReal, "达到基本平衡需增加岗位(人)"},
         {"local_workers", OFTReal, "本地就业居民（通勤表，人）"},
         {"in_commuters", OFTReal, "流入通勤(人)"},
         {"out_commuters", OFTReal, "流出通勤(人)"},
         {"self_containment_pct", OFTReal, "居住自足率(%)"},
         {"job_localisation_pct", OFTReal, "就业本地化率(%)"},
         {"reason", OFTString, "说明"}},
        "职住平衡: jobs, resident workers and 职住比 inside each zone scope and within its catchment buffers");
    for (const auto& r : d.jobs_housing) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("scope", std::string(label(r.scope).id).c_str());
        f.SetField("scope_id", r.scope_id.c_str());
        f.SetField("scope_name", r.scope_name.c_str());
        f.SetField("radius_m", r.radius_m);
        f.SetField("area_km2", units::km2(r.area_m2));
        f.SetField("coverage_pct", r.coverage_pct());
        f.SetField("status", std::string(label(r.status).id).c_str());
        const bool counted = r.status != ValueStatus::not_available;
        for (const auto& [field, value] :
             {std::pair<const char*, double>{"jobs", r.jobs}, {"jobs_enterprise", r.jobs_enterprise},
              {"jobs_floor_area", r.jobs_floor_area}, {"residents", r.residents},
              {"resident_workers", r.resident_workers}, {"households", r.households},
              {"workers_needed", r.workers_needed}, {"residents_needed", r.residents_needed},
              {"housing_floor_area_m2", r.housing_floor_area_m2}, {"dwellings_needed", r.dwellings_needed},
              {"jobs_needed", r.jobs_needed}})
            set_optional(f, field, counted ? std::optional<double>(value) : std::nullopt);
        set_optional(f, "jh_ratio", r.ratio);
        set_text(f, "jh_class_id", r.band_id);
        set_text(f, "jh_class", r.band_zh);
        set_optional(f, "jobs_per_household", r.jobs_per_household);
        set_optional(f, "local_workers", r.local_workers);
        set_optional(f, "in_commuters", r.in_commuters);
        set_optional(f, "out_commuters", r.out_commuters);
        set_optional(f, "self_containment_pct", r.self_containment_pct);
        set_optional(f, "job_localisation_pct", r.job_localisation_pct);
        set_text(f, "reason", r.reason);
        if (r.geometry) f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(r.geometry->clone()));
        create(layer, f, "jobs_housing");
    }
}

void write_jh_grid(GDALDataset& ds, const Dataset& d) {
    const JobsHousingGrid& g = d.jh_grid;
    if (g.size() == 0) return;
    OGRLayer* layer = create_layer(
        ds, "jh_grid", wkbPolygon, &d.working_crs,
        {{"cell_id", OFTString, "网格编号（列-行）"},
         {"col", OFTInteger, "列"},
         {"row", OFTInteger, "行"},
         {"jobs", OFTReal, "网格内岗位(人)"},
         {"residents", OFTReal, "网格内居住人口(人)"},
         {"resident_workers", OFTReal, "网格内就业居民(人)"},
         {"window_jobs", OFTReal, "邻域岗位(人)"},
         {"window_workers", OFTReal, "邻域就业居民(人)"},
         {"jh_ratio", OFTReal, "邻域职住比"},
         {"jh_class_id", OFTString, "职住类型代码"},
         {"jh_class", OFTString, "职住类型"},
         {"window_coverage_pct", OFTReal, "邻域数据覆盖率(%)"},
         {"status", OFTString, "状态（ok/partial部分数据/jobs_only仅岗位/homes_only仅居住）"}},
        "职住平衡 grid: jobs and resident workers per cell and 职住比 over the moving window around each cell");
    const auto& bands = d.project->jobs_housing.bands;
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.columns; ++c) {
            const size_t i = static_cast<size_t>(r) * g.columns + c;
            if (i >= g.status.size() || g.status[i] == GridCellStatus::none) continue;
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("cell_id", fmt::format("{}-{}", c, r).c_str());
            f.SetField("col", c);
            f.SetField("row", r);
            f.SetField("jobs", g.jobs[i]);
            f.SetField("residents", g.residents[i]);
            f.SetField("resident_workers", g.resident_workers[i]);
            f.SetField("window_jobs", g.window_jobs[i]);
            f.SetField("window_workers", g.window_workers[i]);
            f.SetField("window_coverage_pct", g.window_coverage_pct[i]);
            set_optional(f, "jh_ratio", g.window_ratio[i]);
            if (const int b = g.window_band[i]; b >= 0 && static_cast<size_t>(b) < bands.size()) {
                f.SetField("jh_class_id", bands[b].id.c_str());
                f.SetField("jh_class", bands[b].name_zh.c_str());
            }
            f.SetField("status", std::string(label(g.status[i]).id).c_str());
            OGRLinearRing ring;
            const double x0 = g.origin_x + c * g.cell_m, y0 = g.origin_y + r * g.cell_m;
            ring.addPoint(x0, y0);
            ring.addPoint(x0 + g.cell_m, y0);
            ring.addPoint(x0 + g.cell_m, y0 + g.cell_m);
            ring.addPoint(x0, y0 + g.cell_m);
            ring.addPoint(x0, y0);
            auto* polygon = new OGRPolygon;
            polygon->addRing(&ring);
            f.SetGeometryDirectly(polygon);
            create(layer, f, "jh_grid");
        }
}

nlohmann::json jobs_housing_provenance(const Dataset& d) {
    if (d.jobs_housing.empty()) return nullptr;
    const auto& s = d.project->jobs_housing;
    nlohmann::json bands = nlohmann::json::array();
    for (const auto& b : s.bands) {
        nlohmann::json j = {{"id", b.id}, {"zh", b.name_zh}};
        if (b.min) j["min"] = *b.min;
        if (b.max) j["max"] = *b.max;
        if (b.balanced) j["balanced"] = true;
        bands.push_back(j);
    }
    return {{"jobs", d.jh_basis.jobs_source},
            {"residents", d.jh_basis.residents_source},
            {"parameters", d.jh_basis.parameters},
            {"bands", bands},
            {"catchment_radii_m", s.catchment_radii_m},
            {"grid", {{"cell_m", s.grid_cell_m}, {"window_radius_m", s.window_radius_m}, {"window", s.window_shape}}}};
}

}  // namespace parkgis::detail
