// parkgis command line: parses arguments, prints, maps errors to exit codes. Nothing else.
#include <CLI/CLI.hpp>
#include <cpl_progress.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "parkgis/errors.hpp"
#include "parkgis/judge/rule_set.hpp"
#include "parkgis/pipeline.hpp"
#include "parkgis/read/ogr_source.hpp"
#include "parkgis/read/written_geopackage.hpp"
#include "parkgis/units.hpp"
#include "parkgis/version.hpp"
#include "parkgis/write/write_stage.hpp"
#include "summary_table.hpp"

namespace {

parkgis::ProgressFn terminal_progress(bool quiet) {
    if (quiet || !::isatty(STDOUT_FILENO)) return {};
    // GDAL's own 0…10…20 bar (GDALTermProgress writes to stdout), as GDAL's utilities draw it.
    return [](double fraction, const std::string&) { GDALTermProgress(fraction, nullptr, nullptr); };
}

// Where the report went, in the summary's language.
std::string report_lines(const parkgis::OutputPaths& paths) {
    return fmt::format(parkgis::cli::tr("报告：          {}\n工作簿：        {}\nCSV 表：        {}/\n",
                                        "Report:          {}\nWorkbook:        {}\nCSV tables:      {}/\n"),
                       paths.report_html, paths.workbook, paths.csv_folder);
}

// The columns the summary's tables fit: $COLUMNS, else the terminal's width, else (not a terminal) 100.
size_t terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        const long n = std::strtol(columns, nullptr, 10);
        if (n > 0) return static_cast<size_t>(n);
    }
    winsize w{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
    return 100;
}

}  // namespace

// The dataset lives until the process ends: freeing millions of features one by one just before exit took
// 4 % of a 1 M-building run (profile: ~Dataset, ~OGRLinearRing, free). A global with external linkage holds
// it, so leak checkers see it as reachable (a function-local static's store was optimised away, and LSan
// called it a leak).
parkgis::Dataset* dataset_kept_until_exit = nullptr;

int main(int argc, char** argv) {
    CLI::App app{"parkgis: zone boundaries, areas, 界址点 and QA for development-zone applications"};
    app.set_version_flag("--version", std::string("parkgis ") + parkgis::kVersion);
    app.require_subcommand(1);
    std::string project_file, output, info_path, rule_set_arg, lang = "zh";
    bool quiet = false, validate = false, no_repair = false, timings = false, strict = false, no_report = false, lean = false,
         overwrite = false, csv_full_precision = false;

    auto* run = app.add_subcommand("run", "run the whole pipeline: the GeoPackage, the coordinate file and the report (HTML, XLSX, CSV)");
    run->add_option("project", project_file, "project file (YAML)")->required();
    run->add_option("-o,--output", output, "output GeoPackage (default: the project's output, else out/<name>.gpkg)");
    run->add_flag("--validate", validate, "check the project file and inputs' presence, run nothing");
    run->add_flag("-q,--quiet", quiet, "no progress and no summary");
    run->add_flag("--no-repair", no_repair, "refuse invalid geometry instead of repairing it");
    run->add_flag("--timings", timings,
                  "print the wall time of each stage to stderr, and the process's peak memory when each stage ended");
    run->add_flag("--no-report", no_report, "skip report/ (index.html, the XLSX workbook and the CSV tables)");
    run->add_flag("--overwrite", overwrite,
                  "replace an output GeoPackage that holds work done in QGIS since parkgis wrote it (an edited "
                  "project, an added layer)");
    run->add_flag("--lean", lean, "the overlay job alone: parcels and zone_totals, nothing else (docs/benchmarks.md)");
    run->add_flag("--strict", strict, "exit 1 when any rule fails (the outputs are written all the same)");
    auto add_lang = [&](CLI::App* command) {
        command->add_option("--lang", lang, "language of the summary: zh (default) or en")
            ->check(CLI::IsMember({"zh", "en"}));
    };
    add_lang(run);
    run->add_flag("--csv-full-precision", csv_full_precision,
                  "CSV numbers with every digit stored, not at the decimals the report shows");

    auto* check = app.add_subcommand("check", "boundary QA and areas only; writes nothing");
    check->add_option("project", project_file, "project file (YAML)")->required();
    check->add_flag("-q,--quiet", quiet, "no progress");
    check->add_flag("--no-repair", no_repair, "refuse invalid geometry instead of repairing it");
    add_lang(check);

    std::string written_geopackage;
    auto* report = app.add_subcommand(
        "report", "rebuild report/ (page, workbook, CSV) from a GeoPackage parkgis wrote, e.g. after editing it in QGIS");
    report->add_option("geopackage", written_geopackage, "the GeoPackage `parkgis run` wrote")->required();
    report->add_flag("-q,--quiet", quiet, "no progress");
    add_lang(report);
    report->add_flag("--csv-full-precision", csv_full_precision,
                     "CSV numbers with every digit stored, not at the decimals the report shows");

    auto* stages = app.add_subcommand("stages", "the pipeline's stages: what each does, its options, what each command runs");

    auto* info = app.add_subcommand("info", "describe a vector file: layers, CRS, fields, counts, suggested mapping");
    info->add_option("file", info_path, "any OGR source")->required();

    auto* rules = app.add_subcommand("rules", "list, show and check rule sets (layers/rules/, or your own files)");
    rules->require_subcommand(1);
    rules->add_subcommand("list", "the bundled rule sets");
    auto* rules_show = rules->add_subcommand("show", "every rule of a rule set: applicability, threshold, citation");
    rules_show->add_option("rule_set", rule_set_arg, "bundled id (e.g. industrial-land-control-2008) or a file")->required();
    auto* rules_check = rules->add_subcommand("check", "validate a rule-set file; errors name file:line");
    rules_check->add_option("file", rule_set_arg, "rule-set YAML file")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : parkgis::exit_code::usage;
    }

    parkgis::cli::set_terminal_width(terminal_width());
    parkgis::cli::set_language(lang == "en" ? parkgis::cli::Lang::en : parkgis::cli::Lang::zh);
    try {
        CPLSetConfigOption("CPL_LOG", "/dev/null");
        if (*info) {
            std::cout << parkgis::describe_source(info_path);
            return parkgis::exit_code::success;
        }
        if (*stages) {
            std::cout << parkgis::cli::format_stage_list(parkgis::all_stages());
            return parkgis::exit_code::success;
        }
        if (*rules) {
            if (rules->got_subcommand("list")) {
                std::cout << parkgis::cli::format_rule_set_list(parkgis::bundled_rule_set_files());
            } else if (rules_show->parsed()) {
                std::cout << parkgis::cli::format_rule_set(parkgis::load_rule_set(parkgis::rule_set_file(rule_set_arg)));
            } else {
                const auto set = parkgis::load_rule_set(rule_set_arg);
                size_t parcel = 0;
                for (const auto& r : set.rules) parcel += r.scope == "parcel";
                std::cout << fmt::format("{}: valid rule set {} (version {}): {} rules, {} on parcels, {} on zones\n",
                                         rule_set_arg, set.id, set.version, set.rules.size(), parcel,
                                         set.rules.size() - parcel);
            }
            return parkgis::exit_code::success;
        }
        if (*report) {
            const parkgis::Project written = parkgis::project_of_written_geopackage(written_geopackage);
            parkgis::RunOptions options;
            options.stages = parkgis::job::report;
            options.output_path = written_geopackage;
            if (csv_full_precision) options.stage_options["report.csv_precision"] = "full";
            options.progress = terminal_progress(quiet);
            parkgis::run_pipeline(written, options);
            if (!quiet) {
                const auto paths = parkgis::output_paths(written, options);
                std::cout << report_lines(paths);
            }
            return parkgis::exit_code::success;
        }
        const parkgis::Project project = parkgis::load_project(project_file);
        parkgis::RunOptions options;
        // Commands choose their stages (stage.hpp, namespace job).
        options.stages = check->parsed() ? parkgis::job::check
                         : lean          ? parkgis::job::lean
                         : no_report     ? parkgis::job::run_without_report
                                         : parkgis::job::run;
        options.output_path = output;
        if (no_repair) options.stage_options["normalize.repair"] = "false";
        if (overwrite) options.stage_options[lean ? "write-overlay.overwrite" : "write.overwrite"] = "true";
        if (csv_full_precision) {
            if (lean || no_report)
                throw parkgis::UsageError("cli", "--csv-full-precision is for the report's CSV files; this run writes no report");
            options.stage_options["report.csv_precision"] = "full";
        }
        options.progress = terminal_progress(quiet);
        dataset_kept_until_exit = new parkgis::Dataset(parkgis::run_pipeline(project, options, validate));
        const parkgis::Dataset& dataset = *dataset_kept_until_exit;
        if (timings)
            for (const auto& [stage, seconds] : dataset.stage_seconds) {
                const auto peak = dataset.stage_peak_mib.find(stage);
                std::cerr << fmt::format("stage {:<14} {:8.3f} s", stage, seconds)
                          << (peak != dataset.stage_peak_mib.end() ? fmt::format("  peak {:.0f} MiB", peak->second) : "")
                          << "\n";
            }
        if (validate) {
            if (!quiet) std::cout << fmt::format("{}: valid ({} inputs)\n", project.file, project.inputs.size());
            return parkgis::exit_code::success;
        }
        if (!quiet) {
            using parkgis::cli::fit_lines;
            std::cout << fit_lines(parkgis::cli::format_area_table(dataset)) << "\n";
            if (const auto indicators = parkgis::cli::format_indicator_table(dataset); !indicators.empty())
                std::cout << fit_lines(indicators) << "\n";
            if (const auto jobs_housing = parkgis::cli::format_jobs_housing_table(dataset); !jobs_housing.empty())
                std::cout << fit_lines(jobs_housing) << "\n";
            if (const auto compliance = parkgis::cli::format_compliance_summary(dataset); !compliance.empty())
                std::cout << fit_lines(compliance) << "\n";
            std::cout << fit_lines(parkgis::cli::format_findings_summary(dataset));
            if (options.runs("write-overlay")) {
                std::cout << fmt::format("\nGeoPackage:      {} (--lean: parcels, zone_totals)\n",
                                         parkgis::output_paths(project, options).geopackage);
            } else if (options.runs("write")) {
                const auto paths = parkgis::output_paths(project, options);
                std::cout << fmt::format(parkgis::cli::tr("\nGeoPackage：     {}\n界址点坐标文件：{}\nQGIS 项目：     "
                                                          "geopackage:{}?projectName={}（打印布局：申报范围图、土地利用现状图、"
                                                          "分区块界址点图）\n",
                                                          "\nGeoPackage:      {}\n界址点 file:     {}\nQGIS project:    "
                                                          "geopackage:{}?projectName={} (layouts 申报范围图, 土地利用现状图, "
                                                          "分区块界址点图)\n"),
                                         paths.geopackage, paths.coordinate_file, paths.geopackage, project.name);
                if (options.runs("report")) std::cout << report_lines(paths);
            }
        }
        if (strict)
            for (const auto& o : dataset.compliance)
                if (o.status == parkgis::RuleOutcome::Status::fail) return parkgis::exit_code::rule_failures;
        return parkgis::exit_code::success;
    } catch (const parkgis::Error& e) {
        std::cerr << "parkgis: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "parkgis: internal error: " << e.what() << "\nPlease report it with the command you ran.\n";
        return parkgis::exit_code::internal;
    }
}
