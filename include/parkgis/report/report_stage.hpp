#pragma once
#include <vector>

#include "parkgis/stage.hpp"

namespace parkgis {

namespace report {
struct TableSpec;
}

// report: after write, from the GeoPackage just written — report/index.html (self-contained: maps
// rendered by Mapnik, SVG charts, the application tables, methods and sources), the tables as an
// XLSX workbook and as UTF-8 CSV files. Staged in the run's output set; --no-report leaves the stage out.
class ReportStage : public Stage {
public:
    std::string name() const override { return "report"; }
    std::string description() const override {
        return "write report/index.html, the XLSX workbook and CSV tables from the GeoPackage";
    }
    std::vector<std::string> needs() const override { return {"write"}; }
    std::vector<StageOption> options() const override {
        return {{"csv_precision", "displayed",
                 "displayed: CSV numbers at the decimals the page and the workbook show; full: every digit of the "
                 "stored double (the shortest text that reads back to it)"}};
    }
    bool writes_files() const override { return true; }
    ReportStage();
    ~ReportStage() override;
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    std::vector<report::TableSpec> m_table_specs;  // layers/report/tables.yaml, read once in prepare
};

}  // namespace parkgis
