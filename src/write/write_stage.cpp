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

#include "../core/step_clock.hpp"
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
#include "qgis_project.hpp"
#include "qgis_styles.hpp"
#include "table_writer.hpp"
#include "user_work.hpp"
#include "spatial_index.hpp"
#include "sqlite_session.hpp"

namespace fs = std::filesystem;

namespace parkgis {


namespace {

constexpr const char* kStage = "write";
// The jobs-housing settings behind the 职住比: where jobs and residents came from, bands, radii and grid.
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
            {"area_method", output::kAreaMethod},
            {"checks",
             {{"area_tolerance_pct", d.project->checks.area_tolerance_pct},
              {"sliver_width_m", d.project->checks.sliver_width_m},
              {"min_report_area_m2", d.project->checks.min_report_area_m2}}},
            {"inputs", inputs},
            {"rule_sets", rule_sets},
            {"jobs_housing", jobs_housing_provenance(d)},
            {"industry_code_edition", d.project->judge.industry_code_edition},
            {"zone_type", d.zone_type ? nlohmann::json{{"id", std::string(label(*d.zone_type).id)},
                                                       {"reason", d.zone_type_reason}}
                                      : nlohmann::json(nullptr)}};
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
    std::unique_ptr<detail::TableWriter> rows;  // to insert once GDAL has closed the file
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

// --lean: the overlay job's tables, their aliases and the provenance, nothing else (no styles, project or
// coordinate file).
void write_lean_geopackage(const Dataset& d, const std::string& path) {
    GdalErrorCapture capture;
    GdalDatasetPtr ds = create_geopackage(path, capture);
    detail::TableWriter tables(*ds);
    if (d.layer("parcels")) tables.add(output::lean_parcels_table(), output::parcel_views(d), &d.working_crs);
    if (!d.parcels.empty()) tables.add(output::zone_totals_table(), d.zone_totals);
    const auto layers = detail::describe_layers(*ds);
    ds->SetMetadataItem("PARKGIS_VERSION", kVersion);
    ds->SetMetadataItem("PROJECT", d.project->name.c_str());
    finish_geopackage(std::move(ds), path, capture);
    detail::SqliteSession db(path);
    tables.insert(db);  // and each spatial layer's R-tree
    add_provenance_metadata(db, provenance(d), layers);
    db.commit();
}

// The GeoPackage's layers, styles and GDAL metadata, made by GDAL; the rows wait in `rows` for the SQLite
// session that follows (TableWriter::insert). `reasons` must outlive them.
WrittenGeoPackage write_geopackage(const Dataset& d, const std::string& path, const output::OutcomeReasons& reasons) {
    GdalErrorCapture capture;
    GdalDatasetPtr ds = create_geopackage(path, capture);
    const OGRSpatialReference* srs = &d.working_crs;
    WrittenGeoPackage written;
    written.rows = std::make_unique<detail::TableWriter>(*ds);
    detail::TableWriter& tables = *written.rows;

    tables.add(output::zones_table(), output::zone_views(d), srs);
    tables.add_rows(output::boundary_points_table(), d.boundary_points.size(),
                    [&d](size_t i) -> const BoundaryPoint& { return d.boundary_points[i]; }, srs);
    tables.add(output::boundary_rings_table(), d.boundary_rings);
    tables.add(output::findings_table(), output::finding_views(d));
    tables.add(output::qa_issues_table(), output::qa_issue_views(d), srs);
    if (auto subjects = output::finding_subjects(d.findings); !subjects.empty())
        tables.add(output::finding_subjects_table(), std::move(subjects));

    if (!d.layers_of("constraints").empty()) tables.add(output::constraints_table(), output::constraint_views(d), srs);

    tables.add(output::area_summary_table(), d.area_summary);

    if (d.layer("parcels")) tables.add(output::parcels_table(), output::parcel_views(d), srs);
    if (!d.parcels.empty()) tables.add(output::zone_totals_table(), d.zone_totals);
    if (const Layer* buildings = d.layer("buildings"))
        tables.add_rows(
            output::buildings_table(), d.buildings.size(),
            [&d, buildings](size_t i) { return output::BuildingView{&d, buildings, i}; }, srs);
    if (!d.indicators.empty()) tables.add(output::indicators_table(), d.indicators);
    if (auto comparison = output::expansion_comparison_rows(d); !comparison.empty())
        tables.add(output::expansion_comparison_table(), std::move(comparison));
    tables.add_rows(output::compliance_table(), d.compliance.size(),
                    [&d, &reasons](size_t i) { return output::compliance_view(d, i, reasons); });
    tables.add(output::rules_table(), d.judged_rules);
    tables.add(output::reasons_table(), reasons.rows);
    tables.add(output::compliance_summary_table(), d.compliance_summary);
    tables.add(output::rule_sets_table(), d.rule_sets);
    if (!d.jobs_housing.empty()) tables.add(output::jobs_housing_table(), d.jobs_housing, srs);
    if (d.jh_grid.size() > 0) tables.add(output::jh_grid_table(), output::grid_cell_views(d), srs);
    if (!d.jobs_housing.empty()) tables.add(output::jh_basis_table(), d.jh_basis.rows());

    // GDAL's own metadata domain (shown in QGIS's layer properties) carries the headline facts.
    // Styles last: they describe the layers as made (fields, aliases, geometry columns).
    written.layers = detail::describe_layers(*ds);
    written.styles = detail::build_layer_styles(d, written.layers);
    detail::write_layer_styles(*ds, written.styles, written.layers);

    ds->SetMetadataItem("PARKGIS_VERSION", kVersion);
    ds->SetMetadataItem("PROJECT", d.project->name.c_str());
    ds->SetMetadataItem("WORKING_CRS", fmt::format("EPSG:{}", d.working_epsg).c_str());
    ds->SetMetadataItem("AREA_METHOD", output::kAreaMethod);
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

// A planner's work in the GeoPackage a run would replace is refused up front unless overwrite=true.
void refuse_replacing_user_work(const std::string& geopackage, const std::string& overwrite) {
    if (overwrite != "true" && overwrite != "false")
        throw UsageError(kStage, fmt::format("the option overwrite is true or false, not '{}'", overwrite));
    if (overwrite == "true") return;
    const auto work = detail::user_work_in(geopackage);
    if (work.empty()) return;
    std::string list;
    for (const auto& w : work) list += (list.empty() ? "" : "; ") + w;
    throw OutputError(kStage, fmt::format("{}: holds work done since parkgis wrote it, which this run would replace: {}. "
                                          "Save it elsewhere first (QGIS: Project ▸ Save To ▸ File, or export the "
                                          "layer), write to another file with -o, or run with --overwrite to replace it",
                                          geopackage, list));
}

}  // namespace

StageOption overwrite_option() {
    return {"overwrite", "false",
            "replace a GeoPackage holding work done in QGIS since parkgis wrote it (a project saved again, a layer "
            "added); without it such a file is refused"};
}

void WriteStage::prepare(const Project& project, const RunOptions& options) {
    const auto paths = output_paths(project, options);
    refuse_bad_output_paths(project, {paths.geopackage, paths.coordinate_file});
    refuse_replacing_user_work(paths.geopackage, option(options, "overwrite"));
}

void OverlayWriteStage::prepare(const Project& project, const RunOptions& options) {
    const auto paths = output_paths(project, options);
    refuse_bad_output_paths(project, {paths.geopackage});
    refuse_replacing_user_work(paths.geopackage, option(options, "overwrite"));
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
    auto coordinate_file = make_coordinate_file(dataset, detail::today(), dataset.project->coordinate_file);
    for (auto& f : coordinate_file.findings) dataset.add(std::move(f));
    const std::string gpkg = outputs.add(paths.geopackage);
    detail::StepClock clock(dataset);
    const output::OutcomeReasons reasons = output::outcome_reasons(dataset);
    const auto written = write_geopackage(dataset, gpkg, reasons);
    clock.lap("write.layers");
    {
        detail::SqliteSession db(gpkg);
        written.rows->insert(db);  // and each spatial layer's R-tree
        clock.lap("write.tables");
        add_provenance_metadata(db, provenance(dataset), written.layers);
        if (options.progress) options.progress(0.6, "write QGIS project");
        // Layers are referenced as ./<final name>, so the project works wherever the file is moved.
        detail::write_qgis_project(db, dataset.project->name,
                                   detail::build_qgis_project(dataset, written.layers, written.styles,
                                                              fs::path(paths.geopackage).filename().string(),
                                                              detail::today()));
        db.commit();
    }
    clock.lap("write.project");
    // Test hook: lets the kill tests catch the run between writing and moving into place.
    if (const char* delay = std::getenv("PARKGIS_TEST_WRITE_DELAY_MS"))
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(delay)));
    if (options.progress) options.progress(0.8, "write coordinate file");
    outputs.write(paths.coordinate_file, coordinate_file.bytes);
    if (!options.runs("report")) retire_report(outputs, paths);
    if (options.progress) options.progress(1.0, "write done");
}

}  // namespace parkgis
