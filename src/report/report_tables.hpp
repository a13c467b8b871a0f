#pragma once
// The application tables (layers/report/tables.yaml), read back from the written GeoPackage so that
// the report, the workbook and the CSV copies show exactly what the GeoPackage holds.
// Internal to libparkgis.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parkgis/value_labels.hpp"
#include "parkgis/write/table.hpp"

class GDALDataset;

namespace parkgis::report {

// A cell: empty (NULL), an integer, a real or text.
using Cell = std::variant<std::monostate, long long, double, std::string>;

struct Column {
    std::string field;      // layer field, or the alias of an sql expression
    std::string sql;        // the expression; empty: the field itself
    std::string layer;      // the layer holding the field: the table's, or the one it joins
    std::string header_zh;  // the declared column's alias (with unit), or the spec's zh
    std::string header_en;
    std::string unit;       // added to the Chinese header when its alias does not say it
    bool in_report = true;  // false: only in the workbook and CSV (ids the page does not need)
    int decimals = 2;       // shown in the report and the workbook (the stored value is full)
    bool grouped = true;    // thousands separated (12,345.6); false for coordinates, which are written plain
    // `labels:` the vocabulary of a coded text column (include/parkgis/value_labels.hpp): the page, the
    // workbook and the CSV show its Chinese label (合格 for pass); nullptr: the text as stored.
    const std::vector<Label>* labels = nullptr;
    enum class Kind { text, integer, real } kind = Kind::text;
};

struct TableSpec {
    std::string id, sheet, title_zh, title_en, section, layer, where, order, source_line;
    // `join:` tables the layer's declaration joins (compliance → rules, reasons): their columns are fields too,
    // matched on the declared keys.
    std::vector<output::Join> joins;
    // The workbook and the CSV keep the first file_rows rows (0: all); every row stays in the GeoPackage.
    size_t file_rows = 0;
    bool collapsed = false;
    bool by_scope = false;  // the page shows it pivoted: a row per indicator, a column per scope
    std::vector<Column> columns;
};

struct Table {
    TableSpec spec;
    std::vector<std::vector<Cell>> rows;  // at most spec.file_rows when that is set
    size_t total_rows = 0;                // in the GeoPackage
    bool available = true;  // false: the layer was not written (its inputs are missing)
    bool cut() const { return rows.size() < total_rows; }
};

// Parses the table specification; errors name file:line. Every layer is a declared output table and every
// field one of its declared columns, whose alias and type the column takes.
std::vector<TableSpec> load_table_specs(const std::string& path);

// The written GeoPackage, read-only: the report opens it once for its tables, maps and metadata.
std::unique_ptr<GDALDataset> open_geopackage(const std::string& geopackage);

// Reads every table from the GeoPackage.
std::vector<Table> read_tables(GDALDataset& gpkg, const std::vector<TableSpec>& specs);
std::vector<Table> read_tables(const std::string& geopackage, const std::vector<TableSpec>& specs);

// The cell as the report shows it ("" for NULL; reals with the column's decimals, grouped by
// thousands when large; a coded text by its label).
std::string format_cell(const Cell& cell, const Column& column);

// The cell as a CSV field: numbers at the column's decimals as the page and the workbook show them (no
// thousands separators), or with full_precision every digit (the shortest text that reads back to the same
// double); a coded text by its label.
std::string csv_value(const Cell& cell, const Column& column, bool full_precision = false);

}  // namespace parkgis::report
