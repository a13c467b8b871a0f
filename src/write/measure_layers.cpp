#include "measure_layers.hpp"

#include <cmath>

#include "layer_writer.hpp"
#include "parkgis/judge/judge.hpp"
#include "parkgis/measure/parcels.hpp"
#include "parkgis/units.hpp"

namespace parkgis::detail {

namespace {

void set_number(OGRFeature& f, int i, const std::optional<double>& v) {
    if (v && std::isfinite(*v)) f.SetField(i, *v);
    else f.SetFieldNull(i);
}

}  // namespace

void write_lean_parcels(GDALDataset& ds, const Dataset& d) {
    const Layer* source = d.layer("parcels");
    if (!source) return;
    OGRLayer* layer = create_layer(ds, "parcels", wkbMultiPolygon, &d.working_crs,
                                   {{"parcel_id", OFTString, "地块编号"},
                                    {"zone_id", OFTString, "所在区块（最大部分）"},
                                    {"area_m2", OFTReal, "面积(m²)"},
                                    {"footprint_m2", OFTReal, "建筑基底面积(m²)"},
                                    {"gfa_m2", OFTReal, "总建筑面积(m²)"},
                                    {"far", OFTReal, "容积率（总建筑面积÷面积）"},
                                    {"building_density_pct", OFTReal, "建筑密度(%)"},
                                    {"invest_10k_cny", OFTReal, "固定资产投资(万元)"},
                                    {"industrial", OFTInteger, "工业用地（TD/T A2）"}},
                                   "parcels: the overlay job's columns (parkgis run --lean)");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const auto& p : d.parcels) {
        OGRFeature f(defn);
        f.SetField(0, p.parcel_id.c_str());
        set_text(f, 1, p.zone_id);
        f.SetField(2, p.area_m2);
        f.SetField(3, p.footprint_m2);
        f.SetField(4, p.gfa_m2);
        if (p.area_m2 > 0) {
            f.SetField(5, p.gfa_m2 / p.area_m2);
            f.SetField(6, 100 * p.footprint_m2 / p.area_m2);
        }
        if (p.invest_10k_cny) f.SetField(7, *p.invest_10k_cny);
        f.SetField(8, p.is_industrial() ? 1 : 0);
        if (const auto& g = source->features[p.feature].geometry)
            f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
        create(layer, f, "parcels");
    }
}

void write_buildings(GDALDataset& ds, const Dataset& d) {
    const Layer* source = d.layer("buildings");
    if (!source) return;
    OGRLayer* layer = create_layer(ds, "buildings", wkbMultiPolygon, &d.working_crs,
                                   {{"building_id", OFTString, "建筑编号"},
                                    {"parcel_id", OFTString, "所在地块（最大部分）"},
                                    {"parcel_count", OFTInteger, "跨地块数"},
                                    {"use", OFTString, "用途"},
                                    {"industrial", OFTInteger, "工业建筑"},
                                    {"floors_input", OFTReal, "层数（原始）"},
                                    {"height_m", OFTReal, "高度(m)"},
                                    {"floors", OFTReal, "计算层数"},
                                    {"floors_source", OFTString, "层数来源"},
                                    {"far_factor", OFTReal, "计容系数（层高>8m为2）"},
                                    {"footprint_m2", OFTReal, "基底面积(m²)"},
                                    {"gfa_m2", OFTReal, "建筑面积(m²)"},
                                    {"far_gfa_m2", OFTReal, "计容建筑面积(m²)"},
                                    {"outside_parcels_m2", OFTReal, "地块外基底面积(m²)"}},
                                   "buildings with resolved floors and floor area (apportioned to parcels by area)");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const auto& b : d.buildings) {
        const Feature& src = source->features[b.feature];
        OGRFeature f(defn);
        set_text(f, 0, src.id);
        set_text(f, 1, b.parcel < d.parcels.size() ? d.parcels[b.parcel].parcel_id : std::string());
        f.SetField(2, b.parcel_count);
        set_text(f, 3, src.text("use").value_or(""));
        f.SetField(4, b.industrial ? 1 : 0);
        set_number(f, 5, src.number("floors"));
        set_number(f, 6, src.number("height_m"));
        set_number(f, 7, b.floors);
        set_text(f, 8, floors_source_name(b.floors_source));
        f.SetField(9, b.far_factor);
        f.SetField(10, b.footprint_m2);
        f.SetField(11, b.gfa_m2);
        f.SetField(12, b.far_gfa_m2);
        f.SetField(13, b.outside_m2);
        if (src.geometry) f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(src.geometry->clone()));
        create(layer, f, "buildings");
    }
}

void write_expansion_comparison(GDALDataset& ds, const Dataset& d) {
    if (!d.indicator("core", "area_zone") || !d.indicator("total", "area_zone")) return;
    OGRLayer* layer = create_layer(ds, "expansion_comparison", wkbNone, nullptr,
                                   {{"indicator_id", OFTString, "指标编号"},
                                    {"name_zh", OFTString, "指标名称"},
                                    {"unit", OFTString, "单位"},
                                    {"core_value", OFTReal, "核心区（现状）"},
                                    {"expansion_value", OFTReal, "扩区"},
                                    {"total_value", OFTReal, "核心区＋扩区"},
                                    {"change", OFTReal, "扩区后变化"},
                                    {"change_pct", OFTReal, "扩区后变化(%)"}},
                                   "扩区: the core alone against core + expansion, indicator by indicator");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const auto& r : d.indicators) {
        if (r.scope_id != "total" || (r.category == "account" && r.unit != "ha")) continue;
        const IndicatorRow* core = d.indicator("core", r.indicator_id);
        const IndicatorRow* exp = d.indicator("expansion", r.indicator_id);
        OGRFeature f(defn);
        set_text(f, 0, r.indicator_id);
        set_text(f, 1, r.name_zh);
        set_text(f, 2, r.unit);
        set_number(f, 3, core ? core->value : std::nullopt);
        set_number(f, 4, exp ? exp->value : std::nullopt);
        set_number(f, 5, r.value);
        if (core && core->value && r.value) {
            f.SetField(6, *r.value - *core->value);
            if (*core->value != 0) f.SetField(7, 100 * (*r.value - *core->value) / std::abs(*core->value));
        }
        create(layer, f, "expansion_comparison");
    }
}

}  // namespace parkgis::detail
