#pragma once
// Each output table declared once: its layer name, description, geometry and columns (name, type, Chinese
// alias, unit, and how the value is got from a row of the Dataset). One generic writer writes any declared
// table to the GeoPackage (src/write/table_writer.hpp); the field aliases, gpkg_data_columns and the QGIS
// styles read the layer it wrote. docs/architecture.md lists the tables declared so far.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

class OGRGeometry;

namespace parkgis::output {

// One value of a cell: nothing (NULL), an integer, a real or a text.
using Cell = std::variant<std::monostate, long long, double, std::string>;

enum class ColumnType : unsigned char { text, integer, integer64, real };
const char* column_type_name(ColumnType type);  // text, integer, integer64, real

struct ColumnInfo {
    std::string name;      // the field's name (English, stable: styles, rule sets and scripts use it)
    ColumnType type = ColumnType::text;
    std::string alias_zh;  // what QGIS, the workbook and the report show (units in brackets, as printed)
    std::string unit;      // the value's unit ("" for text, counts and ratios without one)
    // A coded text column: the vocabulary of its codes (include/parkgis/value_labels.hpp). QGIS shows the
    // Chinese labels through a value map; the report, the workbook and the CSV copies show them too.
    std::string vocabulary = {};
};

template <typename Row>
struct Column {
    ColumnInfo info;
    std::function<Cell(const Row&)> get;
};

// What a spatial table's rows are drawn as; none for a plain table.
enum class Geometry : unsigned char { none, point, polygon, multipolygon };

// A table whose rows name a row of another table by a key column of both (compliance → rules by rule_id,
// → reasons by reason_id): its rows do not repeat that row's columns; QGIS shows them through a layer join,
// and a report table reads them with `join:`.
struct Join {
    std::string table, key;
};

template <typename Row>
struct Table {
    std::string name;         // the layer's name
    std::string title_zh;     // gpkg_contents.identifier and the layer's name in the QGIS project
    std::string description;  // gpkg_contents.description
    std::vector<Column<Row>> columns;
    Geometry geometry = Geometry::none;
    // A spatial table's geometry of a row (nullptr: none), in the working CRS; the writer owns what it returns.
    std::function<std::unique_ptr<OGRGeometry>(const Row&)> geometry_of = {};
    std::vector<Join> joins = {};

    std::vector<ColumnInfo> infos() const {
        std::vector<ColumnInfo> out;
        for (const auto& c : columns) out.push_back(c.info);
        return out;
    }
};

// A declared table without its getters: what the styles, the workbook, the docs and the tests read.
struct TableInfo {
    std::string name, title_zh, description;
    Geometry geometry = Geometry::none;
    std::vector<ColumnInfo> columns;
    std::vector<Join> joins = {};
    const Join* join_to(const std::string& table) const {
        for (const auto& j : joins)
            if (j.table == table) return &j;
        return nullptr;
    }
};
template <typename Row>
TableInfo info(const Table<Row>& t) {
    return {t.name, t.title_zh, t.description, t.geometry, t.infos(), t.joins};
}

// Cells from values: empty text and missing numbers become NULL (QGIS shows them as missing, not as "").
inline Cell text(std::string v) { return v.empty() ? Cell{} : Cell{std::move(v)}; }
inline Cell real(double v) { return Cell{v}; }
inline Cell real(const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; }
inline Cell integer(long long v) { return Cell{v}; }

}  // namespace parkgis::output
