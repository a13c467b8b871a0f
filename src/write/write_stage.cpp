#include "parkgis/write/write_stage.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <thread>
#include <unordered_map>

#include "../core/text.hpp"
#include "parkgis/check/boundary_points.hpp"
#include "parkgis/check/boundary_qa.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/judge/judge.hpp"
#include "parkgis/measure/evaluation.hpp"
#include "parkgis/read/ogr_source.hpp"
#include "parkgis/units.hpp"
#include "parkgis/version.hpp"
#include "parkgis/write/output_set.hpp"
#include "parkgis/write/coordinate_file.hpp"
#include "parkgis/write/tables.hpp"
#include "layer_writer.hpp"
#include "jobs_housing_layers.hpp"
#include "judge_layers.hpp"
#include "measure_layers.hpp"
#include "qgis_project.hpp"
#include "qgis_styles.hpp"
#include "table_writer.hpp"
#include "spatial_index.hpp"
#include "sqlite_session.hpp"

namespace fs = std::filesystem;

namespace parkgis {

using detail::create;
using detail::create_layer;
using detail::FieldSpec;
using detail::set_optional;

namespace {

constexpr const char* kStage = "write";
constexpr const char* kAreaMethod =
    "planar: shoelace area in the working CGCS2000 Gauss-Krüger CRS; ellipsoidal: geodesic polygon area (PROJ "
    "geodesic, Karney) on the CGCS2000 ellipsoid after densifying edges to 50 m";

// The constraint layers as given (in the working CRS), so the map shows them hatched under the zones.
void write_constraints(GDALDataset& ds, const Dataset& d, const OGRSpatialReference* srs) {
    const auto inputs = d.layers_of("constraints");
    if (inputs.empty()) return;
    OGRLayer* out = create_layer(ds, "constraints", wkbMultiPolygon, srs,
                                 {{"kind", OFTString, "管控类型"},
                                  {"kind_zh", OFTString, "管控类型名称"},
                                  {"name", OFTString, "名称"},
                                  {"source", OFTString, "来源"},
                                  {"source_fid", OFTInteger64, "来源要素编号"},
                                  {"area_m2", OFTReal, "面积(m²)"},
                                  {"area_ha", OFTReal, "面积(公顷)"}},
                                 "constraint layers (永久基本农田, 生态保护红线, 城镇开发边界) as given, in the working CRS");
    for (const Layer* layer : inputs) {
        for (const auto& feat : layer->features) {
            if (!feat.geometry || feat.geometry->IsEmpty()) continue;
            auto* mp = OGRGeometryFactory::forceToMultiPolygon(feat.geometry->clone());
            if (wkbFlatten(mp->getGeometryType()) != wkbMultiPolygon) {
                delete mp;
                continue;
            }
            OGRFeature f(out->GetLayerDefn());
            f.SetField("kind", layer->constraint_kind.c_str());
            detail::set_text(f, "kind_zh", constraint_kind_zh(layer->constraint_kind));
            detail::set_text(f, "name", feat.text("name").value_or(""));
            f.SetField("source", layer->describe().c_str());
            f.SetField("source_fid", static_cast<GIntBig>(feat.source_fid));
            const double area = mp->toMultiPolygon()->get_Area();
            f.SetField("area_m2", area);
            f.SetField("area_ha", units::ha(area));
            f.SetGeometryDirectly(mp);
            create(out, f, "constraints");
        }
    }
}

nlohmann::json provenance(const Dataset& d) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& in : d.inputs) {
        nlohmann::json files = nlohmann::json::array();
        for (const auto& [path, sha] : in.files_sha256) files.push_back({{"path", path}, {"sha256", sha}});
        inputs.push_back({{"role", in.role}, {"path", in.path}, {"layer", in.layer}, {"features", in.feature_count},
                          {"source_crs", in.source_crs}, {"files", files}});
    }
    nlohmann::json rule_sets = nlohmann::json::array();
    for (const auto& s : d.rule_sets)
        rule_sets.push_back({{"id", s.id}, {"version", s.version}, {"document", s.document}, {"file", s.file},
                             {"sha256", s.sha256}, {"rules", s.rules}, {"rules_switched_off", s.rules_switched_off},
                             {"overrides", s.overrides}});
    return {{"generator", fmt::format("parkgis {}", kVersion)},
            {"project_file", fs::path(d.project->file).filename().string()},
            {"project_name", d.project->name},
            {"project_title", d.project->title},
            {"notice", d.project->notice},
            {"working_crs", fmt::format("EPSG:{}", d.working_epsg)},
            {"gauss_kruger_zone", d.gk_zone},
            {"coordinate_table_crs", fmt::format("EPSG:{}", d.prefixed_epsg)},
            {"area_method", kAreaMethod},
            {"checks",
             {{"area_tolerance_pct", d.project->checks.area_tolerance_pct},
              {"sliver_width_m", d.project->checks.sliver_width_m},
              {"min_report_area_m2", d.project->checks.min_report_area_m2}}},
            {"inputs", inputs},
            {"rule_sets", rule_sets},
            {"jobs_housing", detail::jobs_housing_provenance(d)}};
}

// Per layer: a metadata row (title, description, field aliases) under the provenance row, and the Chinese
// alias of every field in gpkg_data_columns (GeoPackage schema extension; GDAL 3.6 writes no aliases itself).
void add_layer_metadata(detail::SqliteSession& db, sqlite3_int64 provenance_id,
                        const std::vector<detail::OutputLayer>& layers) {
    db.exec("CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name "
            "TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, "
            "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name));"
            "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type "
            "TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, "
            "description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));"
            "INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES "
            "('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', "
            "'read-write'), ('gpkg_data_column_constraints', NULL, 'gpkg_schema', "
            "'http://www.geopackage.org/spec/#extension_schema', 'read-write');",
            {}, "create gpkg_data_columns");
    const std::string parent = std::to_string(provenance_id);
    for (const auto& l : layers) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& f : l.fields) fields.push_back({{"name", f.name}, {"alias_zh", f.alias}});
        const std::string doc =
            nlohmann::json{{"layer", l.name}, {"title_zh", l.title}, {"description", l.description}, {"fields", fields}}
                .dump(2);
        db.exec("INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', "
                "'https://parkgis.invalid/layer/1', 'application/json', ?1);",
                {doc.c_str()}, "add a layer's metadata");
        const std::string id = std::to_string(db.last_insert_id());
        db.exec("INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, row_id_value, "
                "timestamp, md_file_id, md_parent_id) VALUES ('table', ?1, NULL, NULL, "
                "strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?2, ?3);",
                {l.name.c_str(), id.c_str(), parent.c_str()}, "reference a layer's metadata");
        for (const auto& f : l.fields)
            db.exec("INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title, description) "
                    "VALUES (?1, ?2, ?2, ?3, ?4);",
                    {l.name.c_str(), f.name.c_str(), f.alias.c_str(), (l.title + "：" + f.alias).c_str()},
                    "add a field description");
    }
}

// A JSON provenance row in gpkg_metadata, referenced from the whole GeoPackage, and the layers' rows under it.
void add_provenance_metadata(detail::SqliteSession& db, const nlohmann::json& prov,
                             const std::vector<detail::OutputLayer>& layers) {
    db.exec("INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
            "VALUES ('dataset', 'https://parkgis.invalid/provenance/1', 'application/json', ?1);",
            {prov.dump(2).c_str()}, "add provenance metadata");
    const sqlite3_int64 provenance_id = db.last_insert_id();
    const std::string id = std::to_string(provenance_id);
    db.exec("INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, row_id_value, timestamp, "
            "md_file_id, md_parent_id) VALUES ('geopackage', NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
            "?1, NULL);",
            {id.c_str()}, "reference the provenance metadata");
    add_layer_metadata(db, provenance_id, layers);
}

struct WrittenGeoPackage {
    std::vector<detail::OutputLayer> layers;
    std::vector<detail::LayerStyle> styles;
};

// A new, empty GeoPackage at path with a transaction open; errors name the path.
GdalDatasetPtr create_geopackage(const std::string& path, GdalErrorCapture& capture) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GdalDatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw OutputError(kStage, fmt::format("{}: cannot create the GeoPackage ({})", path, capture.message()));
    ds->StartTransaction();
    return ds;
}

// Commits and closes (the R-trees come after, in bulk: spatial_index.hpp); any GDAL failure on the way is an OutputError.
void finish_geopackage(GdalDatasetPtr ds, const std::string& path, GdalErrorCapture& capture) {
    if (ds->CommitTransaction() != OGRERR_NONE || capture.failed())
        throw OutputError(kStage, fmt::format("{}: writing failed ({})", path, capture.message()));
    ds.reset();
    if (capture.failed()) throw OutputError(kStage, fmt::format("{}: closing failed ({})", path, capture.message()));
}

// --lean: the overlay job's tables and the provenance, nothing else (no styles, project or coordinate file).
void write_lean_geopackage(const Dataset& d, const std::string& path) {
    GdalErrorCapture capture;
    GdalDatasetPtr ds = create_geopackage(path, capture);
    detail::write_lean_parcels(*ds, d);
    if (!d.parcels.empty()) detail::write_table(*ds, output::zone_totals_table(), d.zone_totals);
    ds->SetMetadataItem("PARKGIS_VERSION", kVersion);
    ds->SetMetadataItem("PROJECT", d.project->name.c_str());
    finish_geopackage(std::move(ds), path, capture);
    detail::SqliteSession db(path);
    detail::build_spatial_indexes(db);
    add_provenance_metadata(db, provenance(d), {});
    db.commit();
}

WrittenGeoPackage write_geopackage(const Dataset& d, const std::string& path) {
    GdalErrorCapture capture;
    GdalDatasetPtr ds = create_geopackage(path, capture);
    const OGRSpatialReference* srs = &d.working_crs;

    OGRLayer* zones = create_layer(*ds, "zones", wkbMultiPolygon, srs,
                                   {{"zone_id", OFTString, "区块编号"},
                                    {"name", OFTString, "区块名称"},
                                    {"kind", OFTString, "类型"},
                                    {"parent_id", OFTString, "所属区块"},
                                    {"group_kind", OFTString, "归属（核心区/扩区）"},
                                    {"declared_area_km2", OFTReal, "申报面积(km²)"},
                                    {"area_m2", OFTReal, "实测面积(m²)"},
                                    {"area_km2", OFTReal, "实测面积(km²)"},
                                    {"area_ha", OFTReal, "实测面积(公顷)"},
                                    {"area_mu", OFTReal, "实测面积(亩)"},
                                    {"area_ellipsoidal_m2", OFTReal, "椭球面积(m²)"},
                                    {"area_ellipsoidal_km2", OFTReal, "椭球面积(km²)"},
                                    {"area_ellipsoidal_ha", OFTReal, "椭球面积(公顷)"},
                                    {"area_ellipsoidal_mu", OFTReal, "椭球面积(亩)"},
                                    {"area_diff_km2", OFTReal, "实测减申报(km²)"},
                                    {"area_diff_pct", OFTReal, "面积差(%)"},
                                    {"parts", OFTInteger, "图斑块数"},
                                    {"holes", OFTInteger, "内环(空洞)数"},
                                    {"boundary_points", OFTInteger, "界址点数"},
                                    {"overlap_m2", OFTReal, "与其他区块重叠(m²)"},
                                    {"basic_farmland_m2", OFTReal, "占永久基本农田(m²)"},
                                    {"eco_redline_m2", OFTReal, "占生态保护红线(m²)"},
                                    {"outside_udb_m2", OFTReal, "城镇开发边界外(m²)"},
                                    {"qa_status", OFTString, "质检状态"},
                                    {"area_method", OFTString, "面积计算方法"},
                                    {"built_ha", OFTReal, "已建成城镇建设用地(公顷)"},
                                    {"composite_far", OFTReal, "综合容积率"},
                                    {"building_density_pct", OFTReal, "建筑密度(%)"},
                                    {"industrial_far", OFTReal, "工业用地综合容积率"},
                                    {"industrial_invest_10k_cny_per_ha", OFTReal, "工业用地投入强度(万元/公顷)"},
                                    {"land_development_pct", OFTReal, "土地开发率(%)"},
                                    {"idle_land_pct", OFTReal, "土地闲置率(%)"},
                                    {"area_type", OFTString, "评价区类型"},
                                    {"zone_type", OFTString, "开发区类型"},
                                    {"score", OFTReal, "集约度分值"},
                                    {"jobs", OFTReal, "就业岗位(人)"},
                                    {"resident_workers", OFTReal, "就业居民(人)"},
                                    {"jh_ratio", OFTReal, "职住比"},
                                    {"jh_class", OFTString, "职住类型"},
                                    {"parcels_failing", OFTInteger, "不合格地块数"},
                                    {"zone_rules_failing", OFTInteger, "区块指标未达标数"}},
                                   "parkgis zones: measured areas and boundary QA");
    std::unordered_map<std::string, const JobsHousingRow*> jobs_housing_inside;  // zone → its radius-0 row
    for (const auto& r : d.jobs_housing)
        if (r.radius_m == 0) jobs_housing_inside.emplace(r.scope_id, &r);
    for (size_t zi = 0; zi < d.zones.size(); ++zi) {
        const ZoneRecord& z = d.zones[zi];
        OGRFeature f(zones->GetLayerDefn());
        f.SetField("zone_id", z.zone_id.c_str());
        f.SetField("name", z.name.c_str());
        f.SetField("kind", z.kind.c_str());
        if (!z.parent_id.empty()) f.SetField("parent_id", z.parent_id.c_str());
        f.SetField("group_kind", std::string(label(z.group).id).c_str());
        set_optional(f, "declared_area_km2", z.declared_area_km2);
        const double p = z.area.planar_m2, e = z.area.ellipsoidal_m2;
        f.SetField("area_m2", p);
        f.SetField("area_km2", units::km2(p));
        f.SetField("area_ha", units::ha(p));
        f.SetField("area_mu", units::mu(p));
        f.SetField("area_ellipsoidal_m2", e);
        f.SetField("area_ellipsoidal_km2", units::km2(e));
        f.SetField("area_ellipsoidal_ha", units::ha(e));
        f.SetField("area_ellipsoidal_mu", units::mu(e));
        if (z.declared_area_km2) {
            f.SetField("area_diff_km2", units::km2(p) - *z.declared_area_km2);
            if (*z.declared_area_km2 != 0)
                f.SetField("area_diff_pct", 100.0 * (units::km2(p) - *z.declared_area_km2) / *z.declared_area_km2);
        }
        f.SetField("parts", z.parts);
        f.SetField("holes", z.holes);
        f.SetField("boundary_points", z.boundary_point_count);
        f.SetField("overlap_m2", z.overlap_m2);
        set_optional(f, "basic_farmland_m2", z.basic_farmland_m2);
        set_optional(f, "eco_redline_m2", z.eco_redline_m2);
        set_optional(f, "outside_udb_m2", z.outside_udb_m2);
        f.SetField("qa_status", std::string(label(z.qa_status).id).c_str());
        f.SetField("area_method", kAreaMethod);
        auto value = [&](const char* id) -> std::optional<double> {
            const IndicatorRow* r = d.indicator(z.zone_id, id);
            return r ? r->value : std::nullopt;
        };
        set_optional(f, "built_ha", value("area_A"));
        set_optional(f, "composite_far", value("composite_far"));
        set_optional(f, "building_density_pct", value("building_density"));
        set_optional(f, "industrial_far", value("industrial_far"));
        set_optional(f, "industrial_invest_10k_cny_per_ha", value("industrial_invest_intensity"));
        set_optional(f, "land_development_pct", value("land_development_rate"));
        set_optional(f, "idle_land_pct", value("idle_land_rate"));
        set_optional(f, "score", value("score"));
        if (!d.indicators.empty()) {
            f.SetField("area_type", std::string(label(evaluation_area(z.group)).zh).c_str());
            if (d.zone_type) f.SetField("zone_type", std::string(label(*d.zone_type).zh).c_str());
        }
        const auto jh_row = jobs_housing_inside.find(z.zone_id);
        if (const JobsHousingRow* jh = jh_row == jobs_housing_inside.end() ? nullptr : jh_row->second;
            jh && jh->status != ValueStatus::not_available) {
            f.SetField("jobs", jh->jobs);
            f.SetField("resident_workers", jh->resident_workers);
            set_optional(f, "jh_ratio", jh->ratio);
            if (!jh->band_zh.empty()) f.SetField("jh_class", jh->band_zh.c_str());
        }
        if (!d.judged_rules.empty() && zi < d.zone_judgements.size()) {
            f.SetField("parcels_failing", d.zone_judgements[zi].parcels_failing);
            f.SetField("zone_rules_failing", d.zone_judgements[zi].zone_rules_failing);
        }
        f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(z.geometry->clone()));
        create(zones, f, "zones");
    }

    OGRLayer* points = create_layer(*ds, "boundary_points", wkbPoint, srs,
                                    {{"zone_id", OFTString, "区块编号"},
                                     {"zone_name", OFTString, "区块名称"},
                                     {"ring", OFTInteger, "圈号"},
                                     {"ring_kind", OFTString, "圈类型（外环/内环）"},
                                     {"point_no", OFTInteger, "序号"},
                                     {"point_name", OFTString, "界址点号"},
                                     {"x_north", OFTReal, "X坐标（北，m）"},
                                     {"y_east_prefixed", OFTReal, "Y坐标（东，含带号，m）"},
                                     {"y_east", OFTReal, "Y坐标（东，不含带号，m）"},
                                     {"lon", OFTReal, "经度(°)"},
                                     {"lat", OFTReal, "纬度(°)"},
                                     {"lon_dms", OFTString, "经度(度分秒)"},
                                     {"lat_dms", OFTString, "纬度(度分秒)"}},
                                    "界址点: boundary points in CGCS2000 Gauss-Krüger");
    for (const auto& p : d.boundary_points) {
        OGRFeature f(points->GetLayerDefn());
        f.SetField("zone_id", p.zone_id.c_str());
        f.SetField("zone_name", p.zone_name.c_str());
        f.SetField("ring", p.ring);
        f.SetField("ring_kind", p.hole ? "hole" : "outer");
        f.SetField("point_no", p.number);
        f.SetField("point_name", fmt::format("J{}", p.number).c_str());
        f.SetField("x_north", std::round(p.x_north * 100) / 100);
        f.SetField("y_east_prefixed", std::round(p.y_east_prefixed * 100) / 100);
        f.SetField("y_east", std::round(p.y_east * 100) / 100);
        f.SetField("lon", p.lon);
        f.SetField("lat", p.lat);
        f.SetField("lon_dms", format_dms(p.lon).c_str());
        f.SetField("lat_dms", format_dms(p.lat).c_str());
        f.SetGeometryDirectly(new OGRPoint(p.work_x, p.work_y));
        create(points, f, "boundary_points");
    }

    OGRLayer* findings = create_layer(*ds, "findings", wkbNone, nullptr,
                                      {{"finding_id", OFTInteger, "编号"},
                                       {"check_id", OFTString, "检查/规则编号"},
                                       {"severity", OFTString, "严重程度"},
                                       {"subject_layer", OFTString, "对象图层"},
                                       {"subject_id", OFTString, "对象编号"},
                                       {"actual", OFTReal, "实际值"},
                                       {"threshold", OFTReal, "阈值"},
                                       {"unit", OFTString, "单位"},
                                       {"message_zh", OFTString, "说明"},
                                       {"message_en", OFTString, "Message"},
                                       {"source", OFTString, "依据"}},
                                      "QA findings and rule outcomes");
    OGRLayer* issues = create_layer(*ds, "qa_issues", wkbMultiPolygon, srs,
                                    {{"finding_id", OFTInteger, "编号"},
                                     {"check_id", OFTString, "检查编号"},
                                     {"severity", OFTString, "严重程度"},
                                     {"subject_id", OFTString, "对象编号"},
                                     {"area_m2", OFTReal, "面积(m²)"},
                                     {"message_zh", OFTString, "说明"}},
                                    "where the QA findings are: overlaps, gaps, slivers, constraint conflicts");
    int id = 0;
    for (const auto& fd : d.findings) {
        ++id;
        OGRFeature f(findings->GetLayerDefn());
        f.SetField("finding_id", id);
        f.SetField("check_id", fd.check_id.c_str());
        f.SetField("severity", severity_name(fd.severity));
        f.SetField("subject_layer", fd.subject_layer.c_str());
        f.SetField("subject_id", fd.subject_id.c_str());
        set_optional(f, "actual", fd.actual);
        set_optional(f, "threshold", fd.threshold);
        f.SetField("unit", fd.unit.c_str());
        f.SetField("message_zh", fd.message_zh.c_str());
        f.SetField("message_en", fd.message_en.c_str());
        f.SetField("source", fd.source.c_str());
        create(findings, f, "findings");
        if (fd.geometry && !fd.geometry->IsEmpty()) {
            auto* mp = OGRGeometryFactory::forceToMultiPolygon(fd.geometry->clone());
            if (wkbFlatten(mp->getGeometryType()) != wkbMultiPolygon) {
                delete mp;
                continue;
            }
            OGRFeature g(issues->GetLayerDefn());
            g.SetField("finding_id", id);
            g.SetField("check_id", fd.check_id.c_str());
            g.SetField("severity", severity_name(fd.severity));
            g.SetField("subject_id", fd.subject_id.c_str());
            g.SetField("area_m2", mp->toMultiPolygon()->get_Area());
            g.SetField("message_zh", fd.message_zh.c_str());
            g.SetGeometryDirectly(mp);
            create(issues, g, "qa_issues");
        }
    }
    if (const auto subjects = output::finding_subjects(d.findings); !subjects.empty())
        detail::write_table(*ds, output::finding_subjects_table(), subjects);

    write_constraints(*ds, d, srs);

    detail::write_table(*ds, output::area_summary_table(), d.area_summary);

    if (d.layer("parcels")) detail::write_table(*ds, output::parcels_table(), output::parcel_views(d), srs);
    if (!d.parcels.empty()) detail::write_table(*ds, output::zone_totals_table(), d.zone_totals);
    detail::write_buildings(*ds, d);
    if (!d.indicators.empty()) detail::write_table(*ds, output::indicators_table(), d.indicators);
    detail::write_expansion_comparison(*ds, d);
    detail::write_compliance(*ds, d);
    detail::write_table(*ds, output::compliance_summary_table(), d.compliance_summary);
    detail::write_table(*ds, output::rule_sets_table(), d.rule_sets);
    detail::write_jobs_housing(*ds, d);
    detail::write_jh_grid(*ds, d);
    if (!d.jobs_housing.empty()) detail::write_table(*ds, output::jh_basis_table(), d.jh_basis.rows());

    // GDAL's own metadata domain (shown in QGIS's layer properties) carries the headline facts.
    // Styles last: they describe the layers as written (fields, aliases, geometry columns).
    WrittenGeoPackage written;
    written.layers = detail::describe_layers(*ds);
    written.styles = detail::build_layer_styles(d, written.layers);
    detail::write_layer_styles(*ds, written.styles, written.layers);

    ds->SetMetadataItem("PARKGIS_VERSION", kVersion);
    ds->SetMetadataItem("PROJECT", d.project->name.c_str());
    ds->SetMetadataItem("WORKING_CRS", fmt::format("EPSG:{}", d.working_epsg).c_str());
    ds->SetMetadataItem("AREA_METHOD", kAreaMethod);
    if (!d.project->notice.empty()) ds->SetMetadataItem("NOTICE", d.project->notice.c_str());
    finish_geopackage(std::move(ds), path, capture);
    return written;
}

}  // namespace

OutputPaths output_paths(const Project& project, const RunOptions& options) {
    std::string gpkg = options.output_path;
    if (gpkg.empty()) gpkg = project.output.empty() ? "out/" + project.name + ".gpkg" : project.output;
    fs::path p = fs::absolute(gpkg).lexically_normal();
    OutputPaths out;
    out.geopackage = p.string();
    out.coordinate_file = (p.parent_path() / (p.stem().string() + "_boundary_points.txt")).string();
    out.report_folder = (p.parent_path() / "report").string();
    out.report_html = (p.parent_path() / "report" / "index.html").string();
    out.workbook = (p.parent_path() / "report" / (p.stem().string() + ".xlsx")).string();
    out.csv_folder = (p.parent_path() / "report" / "csv").string();
    return out;
}

namespace {

void refuse_bad_output_paths(const Project& project, const std::vector<std::string>& files) {
    if (fs::path(files.front()).extension() != ".gpkg")
        throw OutputError(kStage, fmt::format("{}: the output must end in .gpkg", files.front()));
    for (const auto& file : files) refuse_output_over_input(project, file, kStage);
    ensure_writable_folders(files);
}

// The GeoPackage's folder, made; what killed runs left there is finished or removed (findings).
void open_output_folders(Dataset& dataset, OutputSet& outputs, const OutputPaths& paths);

}  // namespace

void WriteStage::prepare(const Project& project, const RunOptions& options) {
    const auto paths = output_paths(project, options);
    refuse_bad_output_paths(project, {paths.geopackage, paths.coordinate_file});
}

void OverlayWriteStage::prepare(const Project& project, const RunOptions& options) {
    refuse_bad_output_paths(project, {output_paths(project, options).geopackage});
}

namespace {

// An earlier run's report, retired when this run writes none (--no-report, --lean): a new GeoPackage is
// never left beside an old report.
void retire_report(OutputSet& outputs, const OutputPaths& paths) {
    outputs.retire(paths.report_html);
    outputs.retire(paths.workbook);
    const std::string prefix = fs::path(paths.geopackage).stem().string() + "_";
    std::error_code ec;
    if (fs::is_directory(paths.csv_folder, ec))
        for (const auto& entry : fs::directory_iterator(paths.csv_folder, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".csv") outputs.retire(entry.path().string());
        }
}

void note_recovered(Dataset& dataset, const std::vector<std::string>& recovered) {
    for (const auto& line : recovered)
        dataset.add({"WRITE-LEFTOVER-REMOVED", Severity::info, "outputs", "", {}, {}, "",
                     "上次运行被中断，留下的临时文件已清理：" + line, "A run before this one was killed: " + line,
                     "parkgis", nullptr});
}

}  // namespace

namespace {

void open_output_folders(Dataset& dataset, OutputSet& outputs, const OutputPaths& paths) {
    std::error_code ec;
    fs::create_directories(fs::path(paths.geopackage).parent_path(), ec);
    if (ec)
        throw OutputError(kStage, fmt::format("{}: the output folder cannot be created ({}); it is not writable: choose "
                                              "another output with -o",
                                              paths.geopackage, ec.message()));
    note_recovered(dataset, outputs.recover({fs::path(paths.geopackage).parent_path().string(), paths.report_folder,
                                             paths.csv_folder}));
}

OutputSet& output_set(const RunOptions& options) {
    if (!options.outputs) throw OutputError(kStage, "no output set: run the write stage through run_pipeline");
    return *options.outputs;
}

}  // namespace

void OverlayWriteStage::run(Dataset& dataset, const RunOptions& options) {
    OutputSet& outputs = output_set(options);
    const auto paths = output_paths(*dataset.project, options);
    open_output_folders(dataset, outputs, paths);
    if (options.progress) options.progress(0.0, "write GeoPackage");
    write_lean_geopackage(dataset, outputs.add(paths.geopackage));
    // An earlier full run's other files would otherwise sit beside this GeoPackage.
    outputs.retire(paths.coordinate_file);
    if (!options.runs("report")) retire_report(outputs, paths);
    if (options.progress) options.progress(1.0, "write done");
}

void WriteStage::run(Dataset& dataset, const RunOptions& options) {
    OutputSet& outputs = output_set(options);
    const auto paths = output_paths(*dataset.project, options);
    open_output_folders(dataset, outputs, paths);
    if (options.progress) options.progress(0.0, "write GeoPackage");
    // The coordinate file first: what it had to change in a zone's name is a finding in the GeoPackage.
    auto coordinate_file = make_coordinate_file(dataset, detail::today(), dataset.project->coordinate_file_encoding);
    for (auto& f : coordinate_file.findings) dataset.add(std::move(f));
    const std::string gpkg = outputs.add(paths.geopackage);
    const auto written = write_geopackage(dataset, gpkg);
    {
        detail::SqliteSession db(gpkg);
        detail::build_spatial_indexes(db);
        add_provenance_metadata(db, provenance(dataset), written.layers);
        if (options.progress) options.progress(0.6, "write QGIS project");
        // Layers are referenced as ./<final name>, so the project works wherever the file is moved.
        detail::write_qgis_project(db, dataset.project->name,
                                   detail::build_qgis_project(dataset, written.layers, written.styles,
                                                              fs::path(paths.geopackage).filename().string(),
                                                              detail::today()));
        db.commit();
    }
    // Test hook: lets the kill tests catch the run between writing and moving into place.
    if (const char* delay = std::getenv("PARKGIS_TEST_WRITE_DELAY_MS"))
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(delay)));
    if (options.progress) options.progress(0.8, "write coordinate file");
    outputs.write(paths.coordinate_file, coordinate_file.bytes);
    if (!options.runs("report")) retire_report(outputs, paths);
    if (options.progress) options.progress(1.0, "write done");
}

}  // namespace parkgis
