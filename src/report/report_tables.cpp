#include "report_tables.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include "../core/text.hpp"
#include "../core/yaml_reader.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/write/tables.hpp"

namespace parkgis::report {

namespace {

constexpr const char* kStage = "report";

std::string quoted_identifier(const std::string& name) { return detail::quoted(name, '"'); }

// Runs SQL on the GeoPackage; the result set is released with the returned handle.
using ResultSet = std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>>;
ResultSet execute(GDALDataset& ds, const std::string& sql, const std::string& what) {
    CPLErrorReset();
    OGRLayer* layer = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!layer)
        throw OutputError(kStage, fmt::format("{}: the query failed ({}): {}", what, CPLGetLastErrorMsg(), sql));
    return ResultSet(layer, [&ds](OGRLayer* l) { ds.ReleaseResultSet(l); });
}

// The declared output table a report table reads (include/parkgis/write/tables.hpp), or nullptr.
const output::TableInfo* declared_table(const std::string& layer) {
    for (const auto& t : output::declared_tables())
        if (t.name == layer) return &t;
    return nullptr;
}

const output::ColumnInfo* declared_column(const output::TableInfo& table, const std::string& field) {
    for (const auto& c : table.columns)
        if (c.name == field) return &c;
    return nullptr;
}

Column::Kind kind_of(output::ColumnType type) {
    switch (type) {
        case output::ColumnType::real: return Column::Kind::real;
        case output::ColumnType::integer:
        case output::ColumnType::integer64: return Column::Kind::integer;
        case output::ColumnType::text: return Column::Kind::text;
    }
    return Column::Kind::text;
}

// 12345.6 → "12,345.6": digits grouped by thousands for readability in the report only.
std::string group_thousands(const std::string& number) {
    const size_t sign = (!number.empty() && number[0] == '-') ? 1 : 0;
    size_t end = number.find('.');
    if (end == std::string::npos) end = number.size();
    std::string out = number.substr(0, sign);
    for (size_t i = sign; i < end; ++i) {
        out += number[i];
        const size_t left = end - i - 1;
        if (left > 0 && left % 3 == 0) out += ',';
    }
    return out + number.substr(end);
}

}  // namespace

std::vector<TableSpec> load_table_specs(const std::string& path) {
    detail::YamlReader reader(kStage, path);
    const YAML::Node root = detail::YamlReader::load_file(kStage, path);
    reader.only_keys(root, {"tables"}, "the table specification");
    std::vector<TableSpec> specs;
    for (const auto& t : root["tables"]) {
        reader.only_keys(t, {"id", "sheet", "zh", "en", "section", "layer", "join", "where", "order", "collapsed",
                             "by_scope", "file_rows", "columns"},
                         "a table");
        TableSpec s;
        s.id = reader.text(t["id"], "id");
        s.sheet = reader.text(t["sheet"], "sheet");
        s.title_zh = reader.text(t["zh"], "zh");
        s.title_en = reader.text(t["en"], "en");
        s.section = reader.text(t["section"], "section");
        s.layer = reader.text(t["layer"], "layer");
        const output::TableInfo* layer = declared_table(s.layer);
        if (!layer) reader.fail(t["layer"], fmt::format("table '{}': no output table is called '{}'", s.id, s.layer));
        std::vector<const output::TableInfo*> joined;
        if (t["join"]) {
            std::vector<std::string> names;
            if (t["join"].IsSequence())
                for (const auto& j : t["join"]) names.push_back(reader.text(j, "join"));
            else
                names.push_back(reader.text(t["join"], "join"));
            for (const auto& name : names) {
                const output::Join* join = layer->join_to(name);
                if (!join)
                    reader.fail(t["join"], fmt::format("table '{}': the output table {} declares no join to '{}'", s.id,
                                                       s.layer, name));
                s.joins.push_back(*join);
                joined.push_back(declared_table(name));
            }
        }
        if (t["where"]) s.where = reader.text(t["where"], "where");
        if (t["order"]) s.order = reader.text(t["order"], "order");
        if (t["collapsed"]) s.collapsed = t["collapsed"].as<bool>();
        if (t["by_scope"]) s.by_scope = t["by_scope"].as<bool>();
        if (t["file_rows"]) s.file_rows = static_cast<size_t>(reader.non_negative(t["file_rows"], "file_rows"));
        s.source_line = reader.where(t);
        if (!t["columns"].IsSequence() || t["columns"].size() == 0) reader.fail(t, "'columns' must be a non-empty list");
        for (const auto& c : t["columns"]) {
            reader.only_keys(c, {"field", "sql", "type", "zh", "en", "unit", "decimals", "grouping", "labels", "report"},
                             "a column");
            Column col;
            if (c["sql"]) {
                col.sql = reader.text(c["sql"], "sql");
                col.field = fmt::format("c{}", s.columns.size());
                if (!c["zh"]) reader.fail(c, "an sql column needs 'zh' (its Chinese header, with unit)");
            } else {
                col.field = reader.text(c["field"], "field");
            }
            if (c["zh"]) col.header_zh = reader.text(c["zh"], "zh");
            col.header_en = reader.text(c["en"], "en");
            if (c["report"]) col.in_report = c["report"].as<bool>();
            if (c["unit"]) col.unit = reader.text(c["unit"], "unit");
            if (c["decimals"]) col.decimals = static_cast<int>(reader.non_negative(c["decimals"], "decimals"));
            if (c["grouping"]) col.grouped = c["grouping"].as<bool>();
            if (c["labels"]) {
                const std::string vocabulary = reader.text(c["labels"], "labels");
                col.labels = value_labels(vocabulary);
                if (!col.labels) {
                    std::string known;
                    for (const auto& n : value_label_vocabularies()) known += (known.empty() ? "" : ", ") + n;
                    reader.fail(c["labels"], fmt::format("table '{}': no vocabulary '{}'; the vocabularies are: {}", s.id,
                                                         vocabulary, known));
                }
            }
            if (col.sql.empty()) {
                // Header and type are the output table's declaration: what the GeoPackage and QGIS show.
                const output::ColumnInfo* declared = declared_column(*layer, col.field);
                col.layer = s.layer;
                for (size_t j = 0; j < joined.size() && !declared; ++j) {
                    declared = declared_column(*joined[j], col.field);
                    col.layer = s.joins[j].table;
                }
                if (!declared) {
                    std::string others;
                    for (const auto& j : s.joins) others += (others.empty() ? "" : ", ") + j.table;
                    reader.fail(c, fmt::format("table '{}': the output table {} declares no column '{}'{}", s.id, s.layer,
                                               col.field, others.empty()                      ? ""
                                               : s.joins.size() == 1 ? " (nor does " + others + ")"
                                                                     : " (nor do " + others + ")"));
                }
                if (col.header_zh.empty()) col.header_zh = declared->alias_zh;
                col.kind = kind_of(declared->type);
                // A coded column shows its labels, as QGIS does (the declaration names the vocabulary).
                if (!c["labels"] && !declared->vocabulary.empty()) col.labels = value_labels(declared->vocabulary);
            } else {
                // An expression's type, as `type:` says (a number unless said otherwise).
                const std::string type = c["type"] ? reader.text(c["type"], "type") : "real";
                if (type != "real" && type != "integer" && type != "text")
                    reader.fail(c["type"], fmt::format("table '{}': type is real, integer or text, not '{}'", s.id, type));
                col.kind = type == "text" ? Column::Kind::text : type == "integer" ? Column::Kind::integer : Column::Kind::real;
            }
            if (c["type"] && col.sql.empty()) reader.fail(c["type"], "'type' is for sql columns (a field has its declared type)");
            if (!col.unit.empty() && col.header_zh.find(col.unit) == std::string::npos)
                col.header_zh += "(" + col.unit + ")";
            s.columns.push_back(std::move(col));
        }
        specs.push_back(std::move(s));
    }
    return specs;
}

std::unique_ptr<GDALDataset> open_geopackage(const std::string& geopackage) {
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open(geopackage.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw OutputError(kStage, fmt::format("{}: the GeoPackage cannot be opened for the report", geopackage));
    return ds;
}

std::vector<Table> read_tables(const std::string& geopackage, const std::vector<TableSpec>& specs) {
    return read_tables(*open_geopackage(geopackage), specs);
}

std::vector<Table> read_tables(GDALDataset& gpkg, const std::vector<TableSpec>& specs) {
    GDALDataset* ds = &gpkg;
    std::vector<Table> tables;
    for (const auto& spec : specs) {
        Table table;
        table.spec = spec;
        OGRLayer* layer = ds->GetLayerByName(spec.layer.c_str());
        if (!layer) {
            table.available = false;
            tables.push_back(std::move(table));
            continue;
        }
        std::map<std::string, OGRLayer*> holders = {{spec.layer, layer}};
        for (const auto& j : spec.joins) {
            OGRLayer* joined = ds->GetLayerByName(j.table.c_str());
            if (!joined)
                throw OutputError(kStage, fmt::format("{}: table '{}': the GeoPackage has no layer {} to join",
                                                      spec.source_line, spec.id, j.table));
            holders[j.table] = joined;
        }
        std::string select;
        for (const auto& col : table.spec.columns) {
            if (col.sql.empty()) {
                // A GeoPackage edited or made elsewhere may lack a declared field.
                if (holders.at(col.layer)->GetLayerDefn()->GetFieldIndex(col.field.c_str()) < 0)
                    throw OutputError(kStage, fmt::format("{}: table '{}': layer {} has no field '{}'", spec.source_line,
                                                          spec.id, col.layer, col.field));
                select += (select.empty() ? "" : ", ") + quoted_identifier(col.layer) + "." + quoted_identifier(col.field);
            } else {
                select += (select.empty() ? "" : ", ") + fmt::format("({}) AS {}", col.sql, col.field);
            }
        }
        const std::string what = fmt::format("{}: table '{}'", spec.source_line, spec.id);
        const std::string where = spec.where.empty() ? "" : " WHERE " + spec.where;
        std::string from = quoted_identifier(spec.layer);
        for (const auto& j : spec.joins)
            from += fmt::format(" LEFT JOIN {} USING ({})", quoted_identifier(j.table), quoted_identifier(j.key));
        std::string sql = fmt::format("SELECT {} FROM {}{}", select, from, where);
        if (!spec.order.empty()) sql += " ORDER BY " + spec.order;
        if (spec.file_rows > 0) {
            sql += fmt::format(" LIMIT {}", spec.file_rows);
            auto count = execute(*ds, fmt::format("SELECT count(*) FROM {}{}", from, where), what);
            for (auto& f : *count) table.total_rows = static_cast<size_t>(f->GetFieldAsInteger64(0));
        }
        auto rs = execute(*ds, sql, what);
        for (auto& f : *rs) {
            std::vector<Cell> row;
            row.reserve(table.spec.columns.size());
            for (size_t i = 0; i < table.spec.columns.size(); ++i) {
                const int index = static_cast<int>(i);
                if (!f->IsFieldSetAndNotNull(index)) {
                    row.emplace_back();
                    continue;
                }
                switch (table.spec.columns[i].kind) {
                    case Column::Kind::real: row.emplace_back(f->GetFieldAsDouble(index)); break;
                    case Column::Kind::integer: row.emplace_back(static_cast<long long>(f->GetFieldAsInteger64(index))); break;
                    case Column::Kind::text: row.emplace_back(std::string(f->GetFieldAsString(index))); break;
                }
            }
            table.rows.push_back(std::move(row));
        }
        if (spec.file_rows == 0) table.total_rows = table.rows.size();
        tables.push_back(std::move(table));
    }
    return tables;
}

namespace {

// A coded text's Chinese label in its column's vocabulary; any other text as it is.
std::string labelled(const std::string& text, const Column& column) {
    if (column.labels)
        for (const auto& l : *column.labels)
            if (l.id == text) return std::string(l.zh);
    return text;
}

}  // namespace

std::string format_cell(const Cell& cell, const Column& column) {
    if (std::holds_alternative<std::monostate>(cell)) return "";
    if (const auto* s = std::get_if<std::string>(&cell)) return labelled(*s, column);
    if (const auto* i = std::get_if<long long>(&cell)) return fmt::format("{}", *i);
    const double v = std::get<double>(cell);
    if (!std::isfinite(v)) return v > 0 ? "∞" : (v < 0 ? "−∞" : "—");
    std::string text = fmt::format("{:.{}f}", v, column.decimals);
    if (text == "-0" || text.rfind("-0.", 0) == 0) {
        // −0.00: a tiny negative shown as zero should not carry a sign
        bool zero = text.find_first_not_of("-0.") == std::string::npos;
        if (zero) text.erase(0, 1);
    }
    return column.grouped && std::fabs(v) >= 10000 ? group_thousands(text) : text;
}

std::string csv_value(const Cell& cell, const Column& column, bool full_precision) {
    if (std::holds_alternative<std::monostate>(cell)) return "";
    if (const auto* i = std::get_if<long long>(&cell)) return fmt::format("{}", *i);
    if (const auto* d = std::get_if<double>(&cell)) {
        if (full_precision) return fmt::format("{}", *d);
        if (!std::isfinite(*d)) return *d > 0 ? "∞" : (*d < 0 ? "−∞" : "");
        // As displayed, without thousands separators (a number Excel reads as a number); no "-0.00".
        std::string text = fmt::format("{:.{}f}", *d, column.decimals);
        if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
        return text;
    }
    return labelled(std::get<std::string>(cell), column);
}

}  // namespace parkgis::report
