// A GeoPackage parkgis wrote, read back into the Dataset the report reads (include/parkgis/read/written_geopackage.hpp).
// Each table is read by the names its declaration gives (src/write/tables/): a field a planner deleted in
// QGIS is an error naming table and field, a value the tables never hold (a status, a scope) names its row.
#include "parkgis/read/written_geopackage.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"
#include "parkgis/read/ogr_source.hpp"
#include "parkgis/write/write_stage.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

constexpr const char* kStage = "read-written";

GdalDatasetPtr open_written(const std::string& path) {
    if (!fs::is_regular_file(path))
        throw InputError(kStage, fmt::format("{}: no such file; give the GeoPackage `parkgis run` wrote", path));
    GDALAllRegister();
    GdalDatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds || !ds->GetDriver() || std::string(ds->GetDriver()->GetDescription()) != "GPKG")
        throw InputError(kStage, fmt::format("{}: not a GeoPackage; give the .gpkg file `parkgis run` wrote", path));
    return ds;
}

// The provenance row write adds to gpkg_metadata (src/write/write_stage.cpp).
nlohmann::json provenance_of(GDALDataset& ds, const std::string& path) {
    OGRLayer* rs = ds.ExecuteSQL(
        "SELECT metadata FROM gpkg_metadata WHERE md_standard_uri = 'https://parkgis.invalid/provenance/1' "
        "ORDER BY id DESC LIMIT 1",
        nullptr, "SQLITE");
    std::string text;
    if (rs) {
        if (auto f = std::unique_ptr<OGRFeature>(rs->GetNextFeature())) text = f->GetFieldAsString(0);
        ds.ReleaseResultSet(rs);
    }
    CPLErrorReset();
    if (text.empty())
        throw InputError(kStage, fmt::format("{}: this GeoPackage has no parkgis provenance (gpkg_metadata): it was not "
                                             "written by `parkgis run`, so there is nothing to rebuild the report from",
                                             path));
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw InputError(kStage, fmt::format("{}: the parkgis provenance in gpkg_metadata is not valid JSON; run "
                                             "`parkgis run` again to rewrite the GeoPackage",
                                             path));
    return json;
}

std::string text_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "EPSG:4545" → 4545; 0 for anything else.
int epsg_of(const std::string& text) {
    if (text.rfind("EPSG:", 0) != 0) return 0;
    try {
        return std::stoi(text.substr(5));
    } catch (const std::exception&) {
        return 0;
    }
}

// One table of the GeoPackage, read row by row by field name.
class TableReader {
public:
    TableReader(GDALDataset& ds, std::string path, std::string table, std::vector<std::string> fields)
        : m_path(std::move(path)), m_table(std::move(table)), m_fields(std::move(fields)) {
        m_layer = ds.GetLayerByName(m_table.c_str());
        if (!m_layer) return;
        OGRFeatureDefn* defn = m_layer->GetLayerDefn();
        for (const auto& f : m_fields) {
            const int i = defn->GetFieldIndex(f.c_str());
            if (i < 0)
                throw InputError(kStage, fmt::format("{}: layer {} has no field '{}' (was it deleted or renamed in "
                                                     "QGIS?); run `parkgis run` again to rewrite the GeoPackage",
                                                     m_path, m_table, f));
            m_index[f] = i;
        }
        m_layer->ResetReading();
    }
    bool present() const { return m_layer != nullptr; }
    long long rows() const { return m_layer ? m_layer->GetFeatureCount(TRUE) : 0; }

    // Calls row() for each feature in fid order.
    void each(const std::function<void()>& row) {
        if (!m_layer) return;
        m_layer->ResetReading();
        while ((m_feature = std::unique_ptr<OGRFeature>(m_layer->GetNextFeature()))) row();
    }
    std::string text(const std::string& field) const {
        const int i = m_index.at(field);
        return m_feature->IsFieldSetAndNotNull(i) ? m_feature->GetFieldAsString(i) : "";
    }
    std::optional<double> real(const std::string& field) const {
        const int i = m_index.at(field);
        if (!m_feature->IsFieldSetAndNotNull(i)) return std::nullopt;
        return m_feature->GetFieldAsDouble(i);
    }
    double real_or_zero(const std::string& field) const { return real(field).value_or(0.0); }
    long long integer(const std::string& field) const {
        const int i = m_index.at(field);
        return m_feature->IsFieldSetAndNotNull(i) ? m_feature->GetFieldAsInteger64(i) : 0;
    }
    // A value the table can only hold one of (a status, a scope): anything else names the row.
    template <typename T>
    T parse(const std::string& field, std::optional<T> (*of)(std::string_view)) const {
        const std::string value = text(field);
        if (const auto parsed = of(value)) return *parsed;
        throw InputError(kStage, fmt::format("{}: layer {}, fid {}: '{}' is not a value parkgis writes in {}; correct it "
                                             "in QGIS or run `parkgis run` again",
                                             m_path, m_table, m_feature->GetFID(), value, field));
    }
    long long fid() const { return m_feature->GetFID(); }

private:
    std::string m_path, m_table;
    std::vector<std::string> m_fields;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, int> m_index;
    std::unique_ptr<OGRFeature> m_feature;
};

std::optional<RuleOutcome::Status> outcome_status_of(std::string_view id) {
    for (auto s : {RuleOutcome::Status::pass, RuleOutcome::Status::fail, RuleOutcome::Status::not_available})
        if (id == status_name(s)) return s;
    return std::nullopt;
}

void read_context(Dataset& d, const nlohmann::json& prov, const std::string& path) {
    const std::string crs = text_at(prov, "working_crs");
    d.working_epsg = epsg_of(crs);
    if (d.working_epsg == 0 || d.working_crs.importFromEPSG(d.working_epsg) != OGRERR_NONE)
        throw InputError(kStage, fmt::format("{}: the provenance names no usable working CRS ('{}')", path, crs));
    d.prefixed_epsg = epsg_of(text_at(prov, "coordinate_table_crs"));
    if (prov.contains("gauss_kruger_zone") && prov["gauss_kruger_zone"].is_number_integer())
        d.gk_zone = prov["gauss_kruger_zone"].get<int>();
    if (prov.contains("inputs") && prov["inputs"].is_array())
        for (const auto& in : prov["inputs"]) {
            InputRecord r;
            r.role = text_at(in, "role");
            r.path = text_at(in, "path");
            r.layer = text_at(in, "layer");
            r.source_crs = text_at(in, "source_crs");
            if (in.contains("features") && in["features"].is_number_integer()) r.feature_count = in["features"].get<long long>();
            if (in.contains("files") && in["files"].is_array())
                for (const auto& f : in["files"]) r.files_sha256.emplace_back(text_at(f, "path"), text_at(f, "sha256"));
            d.inputs.push_back(std::move(r));
        }
    if (const auto jh = prov.find("jobs_housing"); jh != prov.end() && jh->is_object()) {
        d.jh_basis.jobs_source = text_at(*jh, "jobs");
        d.jh_basis.residents_source = text_at(*jh, "residents");
        d.jh_basis.parameters = text_at(*jh, "parameters");
    }
    if (const auto zt = prov.find("zone_type"); zt != prov.end() && zt->is_object()) {
        d.zone_type = zone_type_of(text_at(*zt, "id"));
        d.zone_type_reason = text_at(*zt, "reason");
    }
}

void read_zones(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "zones", {"zone_id", "name", "kind", "parent_id", "group_kind", "declared_area_km2", "area_m2",
                                      "area_ellipsoidal_m2", "parts", "holes", "boundary_points", "qa_status"});
    if (!t.present())
        throw InputError(kStage, fmt::format("{}: the GeoPackage has no zones layer (was it written with --lean?); run "
                                             "`parkgis run` without --lean to write every table",
                                             path));
    t.each([&] {
        ZoneRecord z;
        z.zone_id = t.text("zone_id");
        z.name = t.text("name");
        z.kind = t.text("kind");
        z.parent_id = t.text("parent_id");
        z.group = t.parse<ZoneGroup>("group_kind", zone_group_of);
        z.declared_area_km2 = t.real("declared_area_km2");
        z.area.planar_m2 = t.real_or_zero("area_m2");
        z.area.ellipsoidal_m2 = t.real_or_zero("area_ellipsoidal_m2");
        z.parts = static_cast<int>(t.integer("parts"));
        z.holes = static_cast<int>(t.integer("holes"));
        z.boundary_point_count = static_cast<int>(t.integer("boundary_points"));
        z.qa_status = t.parse<QaStatus>("qa_status", qa_status_of);
        d.zones.push_back(std::move(z));
    });
    TableReader points(ds, path, "boundary_points", {});
    d.boundary_points.resize(static_cast<size_t>(points.rows()));
}

void read_area_summary(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "area_summary",
                  {"scope", "id", "name", "kind", "zone_count", "declared_area_km2", "area_m2", "area_ellipsoidal_km2"});
    t.each([&] {
        AreaSummaryRow r;
        r.scope = t.parse<ScopeLevel>("scope", scope_level_of);
        r.id = t.text("id");
        r.name = t.text("name");
        r.kind = t.text("kind");
        r.zone_count = static_cast<int>(t.integer("zone_count"));
        r.declared_area_km2 = t.real("declared_area_km2");
        r.area.planar_m2 = t.real_or_zero("area_m2");
        r.area.ellipsoidal_m2 = t.real_or_zero("area_ellipsoidal_km2") * 1e6;
        d.area_summary.push_back(std::move(r));
    });
}

void read_findings(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "findings",
                  {"check_id", "severity", "subject_layer", "subject_id", "actual", "threshold", "unit", "message_zh",
                   "message_en", "source"});
    t.each([&] {
        Finding f;
        f.check_id = t.text("check_id");
        f.severity = t.parse<Severity>("severity", severity_of);
        f.subject_layer = t.text("subject_layer");
        f.subject_id = t.text("subject_id");
        f.actual = t.real("actual");
        f.threshold = t.real("threshold");
        f.unit = t.text("unit");
        f.message_zh = t.text("message_zh");
        f.message_en = t.text("message_en");
        f.source = t.text("source");
        d.findings.push_back(std::move(f));
    });
}

void read_parcels(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "parcels",
                  {"parcel_id", "landuse_code", "landuse_name", "tdt_class", "industry_code", "zone_id", "area_m2",
                   "building_count", "footprint_m2", "gfa_m2", "far_gfa_m2"});
    t.each([&] {
        ParcelRecord p;
        p.feature = d.parcels.size();
        p.parcel_id = t.text("parcel_id");
        p.landuse_code = t.text("landuse_code");
        p.landuse_name = t.text("landuse_name");
        p.tdt_class = t.text("tdt_class");
        p.industry_code = t.text("industry_code");
        p.zone_id = t.text("zone_id");
        p.area_m2 = t.real_or_zero("area_m2");
        p.building_count = static_cast<int>(t.integer("building_count"));
        p.footprint_m2 = t.real_or_zero("footprint_m2");
        p.gfa_m2 = t.real_or_zero("gfa_m2");
        p.far_gfa_m2 = t.real_or_zero("far_gfa_m2");
        d.parcels.push_back(std::move(p));
    });
}

void read_indicators(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "indicators",
                  {"scope", "scope_id", "scope_name", "area_type", "category", "indicator_id", "name_zh", "name_en",
                   "value", "unit", "numerator", "denominator", "parts_unit", "target", "realization_pct", "weight",
                   "status", "reason", "formula_id", "formula", "rule_set", "source"});
    t.each([&] {
        IndicatorRow r;
        r.scope = t.parse<ScopeLevel>("scope", scope_level_of);
        r.scope_id = t.text("scope_id");
        r.scope_name = t.text("scope_name");
        r.area_type = t.parse<EvaluationArea>("area_type", evaluation_area_of);
        r.category = t.text("category");
        r.indicator_id = t.text("indicator_id");
        r.name_zh = t.text("name_zh");
        r.name_en = t.text("name_en");
        r.value = t.real("value");
        r.unit = t.text("unit");
        r.numerator = t.real("numerator");
        r.denominator = t.real("denominator");
        r.parts_unit = t.text("parts_unit");
        r.target = t.real("target");
        r.realization = t.real("realization_pct");
        r.weight = t.real("weight");
        r.status = t.parse<ValueStatus>("status", value_status_of);
        r.reason = t.text("reason");
        r.formula_id = t.text("formula_id");
        r.formula = t.text("formula");
        r.rule_set = t.text("rule_set");
        r.source = t.text("source");
        d.indicators.push_back(std::move(r));
    });
}

void read_jobs_housing(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader t(ds, path, "jobs_housing",
                  {"scope", "scope_id", "scope_name", "radius_m", "status", "jobs", "resident_workers", "residents",
                   "households", "jh_ratio", "jh_class_id", "jh_class", "jobs_per_household", "reason"});
    t.each([&] {
        JobsHousingRow r;
        r.scope = t.parse<ScopeLevel>("scope", scope_level_of);
        r.scope_id = t.text("scope_id");
        r.scope_name = t.text("scope_name");
        r.radius_m = t.real_or_zero("radius_m");
        r.status = t.parse<ValueStatus>("status", value_status_of);
        r.jobs = t.real_or_zero("jobs");
        r.resident_workers = t.real_or_zero("resident_workers");
        r.residents = t.real_or_zero("residents");
        r.households = t.real_or_zero("households");
        r.ratio = t.real("jh_ratio");
        r.band_id = t.text("jh_class_id");
        r.band_zh = t.text("jh_class");
        r.jobs_per_household = t.real("jobs_per_household");
        r.reason = t.text("reason");
        d.jobs_housing.push_back(std::move(r));
    });
}

// The rules judged (in the order judge judged them), then their outcomes, which name them by rule_id.
void read_compliance(Dataset& d, GDALDataset& ds, const std::string& path) {
    TableReader rules(ds, path, "rules",
                      {"rule_id", "rule_set", "rule_name", "rule_name_en", "scope", "indicator", "comparison", "unit",
                       "severity", "binding", "confidence", "citation", "override_threshold", "override_reason"});
    std::unordered_map<std::string, size_t> rule_index;
    rules.each([&] {
        JudgedRule r;
        r.rule_id = rules.text("rule_id");
        r.rule_set = rules.text("rule_set");
        r.name_zh = rules.text("rule_name");
        r.name_en = rules.text("rule_name_en");
        r.scope = rules.text("scope");
        r.indicator = rules.text("indicator");
        r.comparison = rules.text("comparison");
        r.unit = rules.text("unit");
        r.severity = rules.parse<Severity>("severity", severity_of);
        r.binding = rules.text("binding");
        r.confidence = rules.text("confidence");
        r.citation = rules.text("citation");
        r.override_threshold = rules.real("override_threshold");
        r.override_reason = rules.text("override_reason");
        rule_index.emplace(r.rule_id, d.judged_rules.size());
        d.judged_rules.push_back(std::move(r));
    });
    std::unordered_map<long long, std::pair<std::string, std::string>> reasons;  // reason_id → zh, en
    TableReader why(ds, path, "reasons", {"reason_id", "reason_zh", "reason_en"});
    why.each([&] { reasons[why.integer("reason_id")] = {why.text("reason_zh"), why.text("reason_en")}; });
    TableReader t(ds, path, "compliance",
                  {"rule_id", "subject_layer", "subject_id", "zone_id", "status", "actual", "threshold", "threshold_max",
                   "margin", "margin_pct", "threshold_source", "reason_id", "detail_zh", "detail_en"});
    std::unordered_map<std::string, size_t> parcel_index;
    for (size_t i = 0; i < d.parcels.size(); ++i) parcel_index.emplace(d.parcels[i].parcel_id, i);
    t.each([&] {
        RuleOutcome o;
        const auto rule = rule_index.find(t.text("rule_id"));
        if (rule == rule_index.end())
            throw InputError(kStage, fmt::format("{}: layer compliance, fid {}: rule '{}' is not in the rules layer; "
                                                 "restore it in QGIS or run `parkgis run` again",
                                                 path, t.fid(), t.text("rule_id")));
        o.rule = rule->second;
        o.zone_subject = t.text("subject_layer") == "zones";
        o.subject_id = t.text("subject_id");
        o.zone_id = t.text("zone_id");
        o.status = t.parse<RuleOutcome::Status>("status", outcome_status_of);
        if (!o.zone_subject) {
            const auto p = parcel_index.find(o.subject_id);
            if (p == parcel_index.end())
                throw InputError(kStage, fmt::format("{}: layer compliance, fid {}: parcel '{}' is not in the parcels "
                                                     "layer; restore it in QGIS or run `parkgis run` again",
                                                     path, t.fid(), o.subject_id));
            o.parcel = p->second;
        }
        o.actual = t.real("actual");
        o.threshold = t.real("threshold");
        o.threshold_max = t.real("threshold_max");
        o.margin = t.real("margin");
        o.margin_pct = t.real("margin_pct");
        o.threshold_source = t.text("threshold_source");
        if (const long long reason = t.integer("reason_id"); reason != 0) {
            const auto r = reasons.find(reason);
            if (r == reasons.end())
                throw InputError(kStage, fmt::format("{}: layer compliance, fid {}: reason {} is not in the reasons "
                                                     "layer; restore it in QGIS or run `parkgis run` again",
                                                     path, t.fid(), reason));
            o.reason = d.outcome_text(r->second.first, r->second.second);
        }
        o.detail = d.outcome_text(t.text("detail_zh"), t.text("detail_en"));
        d.compliance.push_back(std::move(o));
    });
}

}  // namespace

Project project_of_written_geopackage(const std::string& geopackage) {
    const auto ds = open_written(geopackage);
    const auto prov = provenance_of(*ds, geopackage);
    Project p;
    p.file = fs::absolute(geopackage).string();
    p.folder = fs::absolute(geopackage).parent_path().string();
    p.name = text_at(prov, "project_name");
    if (p.name.empty()) p.name = fs::path(geopackage).stem().string();
    p.title = text_at(prov, "project_title");
    p.notice = text_at(prov, "notice");
    p.output = geopackage;
    if (const std::string edition = text_at(prov, "industry_code_edition"); !edition.empty())
        p.judge.industry_code_edition = edition;
    if (const auto jh = prov.find("jobs_housing"); jh != prov.end() && jh->is_object() && jh->contains("bands"))
        for (const auto& b : (*jh)["bands"]) {
            JobsHousingBand band;
            band.id = text_at(b, "id");
            band.name_zh = text_at(b, "zh");
            if (b.contains("min") && b["min"].is_number()) band.min = b["min"].get<double>();
            if (b.contains("max") && b["max"].is_number()) band.max = b["max"].get<double>();
            band.balanced = b.value("balanced", false);
            p.jobs_housing.bands.push_back(std::move(band));
        }
    return p;
}

void ReadWrittenStage::prepare(const Project& project, const RunOptions& options) {
    const std::string path = output_paths(project, options).geopackage;
    provenance_of(*open_written(path), path);
}

void ReadWrittenStage::run(Dataset& dataset, const RunOptions& options) {
    const std::string path = output_paths(*dataset.project, options).geopackage;
    const auto ds = open_written(path);
    read_context(dataset, provenance_of(*ds, path), path);
    read_zones(dataset, *ds, path);
    read_area_summary(dataset, *ds, path);
    read_findings(dataset, *ds, path);
    read_parcels(dataset, *ds, path);
    read_indicators(dataset, *ds, path);
    read_jobs_housing(dataset, *ds, path);
    read_compliance(dataset, *ds, path);
}

}  // namespace parkgis
