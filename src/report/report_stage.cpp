#include "parkgis/report/report_stage.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>

#include <filesystem>
#include <memory>

#include "../core/step_clock.hpp"
#include "../core/text.hpp"
#include "charts.hpp"
#include "html_report.hpp"
#include "map_renderer.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/version.hpp"
#include "parkgis/write/output_set.hpp"
#include "parkgis/write/write_stage.hpp"
#include "report_tables.hpp"
#include "table_files.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

constexpr const char* kStage = "report";

}  // namespace

ReportStage::ReportStage() = default;
ReportStage::~ReportStage() = default;

void ReportStage::prepare(const Project& project, const RunOptions& options) {
    for (const char* file : {"report/tables.yaml", "report/maps.yaml", "report/report.html"})
        if (!fs::exists(bundled_data_path(file)))
            throw OutputError(kStage, fmt::format("{}: the report template is missing (is the install complete?); run "
                                                  "with --no-report to skip the report",
                                                  bundled_data_path(file)));
    if (const auto precision = option(options, "csv_precision"); precision != "displayed" && precision != "full")
        throw UsageError(kStage, fmt::format("the option csv_precision is displayed or full, not '{}'", precision));
    const auto paths = output_paths(project, options);
    const std::string stem = fs::path(paths.geopackage).stem().string();
    m_table_specs = report::load_table_specs(bundled_data_path("report/tables.yaml"));
    std::vector<std::string> files = {paths.report_html, paths.workbook};
    for (const auto& spec : m_table_specs)
        files.push_back((fs::path(paths.csv_folder) / (stem + "_" + spec.id + ".csv")).string());
    for (const auto& file : files) refuse_output_over_input(project, file, kStage);
    ensure_writable_folders(files);
}

void ReportStage::run(Dataset& dataset, const RunOptions& options) {
    if (!options.outputs) throw OutputError(kStage, "no output set: run the report stage through run_pipeline");
    OutputSet& outputs = *options.outputs;
    const auto paths = output_paths(*dataset.project, options);
    std::error_code ec;
    fs::create_directories(paths.csv_folder, ec);
    if (ec)
        throw OutputError(kStage, fmt::format("{}: the report folder cannot be created ({}); choose another output with -o "
                                              "or run with --no-report",
                                              paths.report_folder, ec.message()));
    auto progress = [&](double f, const char* label) {
        if (options.progress) options.progress(f, label);
    };

    progress(0.0, "report tables");
    detail::StepClock clock(dataset);
    report::ReportContent content;
    content.dataset = &dataset;
    // The GeoPackage as this run wrote it, before it is moved into place with the rest of the set; for
    // parkgis report, the one an earlier run wrote.
    const std::string written =
        outputs.contains(paths.geopackage) ? outputs.temp_of(paths.geopackage) : paths.geopackage;
    const auto gpkg = report::open_geopackage(written);  // once: tables, map extents, metadata
    content.tables = report::read_tables(*gpkg, m_table_specs);
    clock.lap("report.tables");
    progress(0.2, "report maps");
    content.maps = report::render_maps(*gpkg, written, dataset, bundled_data_path("report/maps.yaml"));
    clock.lap("report.maps");
    progress(0.7, "report charts");
    content.charts.push_back(report::indicator_chart(dataset));
    // The crosswalk judge read; a dataset judged elsewhere (a library user's) gets it read here.
    const auto crosswalk = dataset.industry_crosswalk
                               ? dataset.industry_crosswalk
                               : std::make_shared<const IndustryCrosswalk>(
                                     IndustryCrosswalk::load(bundled_data_path("judge/gbt4754_crosswalk.csv")));
    content.charts.push_back(report::far_by_industry_chart(dataset, *crosswalk));
    const std::string stem = fs::path(paths.geopackage).stem().string();
    content.geopackage = fs::path(paths.geopackage).filename().string();
    content.workbook = fs::path(paths.workbook).filename().string();
    content.csv_folder = "csv/" + stem + "_<表 table>.csv";
    const char* area_method = gpkg->GetMetadataItem("AREA_METHOD");
    content.area_method = area_method ? area_method : "";
    content.date = detail::today();
    content.generator = fmt::format("parkgis {}", kVersion);

    clock.lap("report.charts");
    progress(0.8, "report page");
    outputs.write(paths.report_html, report::build_html_report(content, bundled_data_path("report/report.html")));
    clock.lap("report.page");

    progress(0.9, "report workbook");
    const std::string title = dataset.project->title.empty() ? dataset.project->name : dataset.project->title;
    report::write_workbook(outputs.add(paths.workbook), content.tables,
                           {title, dataset.project->notice, content.generator, content.date});
    clock.lap("report.workbook");
    // A table this run has no inputs for leaves no CSV of an earlier run behind.
    for (const auto& table : content.tables) {
        const std::string csv = (fs::path(paths.csv_folder) / (stem + "_" + table.spec.id + ".csv")).string();
        if (table.available) outputs.write(csv, report::table_csv(table, option(options, "csv_precision") == "full"));
        else outputs.retire(csv);
    }
    clock.lap("report.csv");
    progress(1.0, "report done");
}

}  // namespace parkgis
