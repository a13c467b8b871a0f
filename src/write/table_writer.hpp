#pragma once
// The one writer of declared tables (include/parkgis/write/table.hpp): the layer and its fields made from
// the declaration, every cell set by index and checked against its column's type. Internal to libparkgis.
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <stdexcept>
#include <vector>

#include "layer_writer.hpp"
#include "parkgis/write/table.hpp"

namespace parkgis::detail {

inline OGRFieldType ogr_type(output::ColumnType t) {
    switch (t) {
        case output::ColumnType::text: return OFTString;
        case output::ColumnType::integer: return OFTInteger;
        case output::ColumnType::integer64: return OFTInteger64;
        case output::ColumnType::real: return OFTReal;
    }
    return OFTString;
}

// Sets one cell; a value of another type than declared is a bug in the declaration, named by table and column.
inline void set_cell(OGRFeature& f, int index, const output::Cell& cell, const output::ColumnInfo& column,
                     const std::string& table) {
    using output::ColumnType;
    auto misdeclared = [&](const char* got) {
        return std::logic_error(fmt::format("output table {}: column {} is declared {} but its getter gave {}", table,
                                            column.name, output::column_type_name(column.type), got));
    };
    if (std::holds_alternative<std::monostate>(cell)) {
        f.SetFieldNull(index);
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
        if (column.type != ColumnType::text) throw misdeclared("text");
        f.SetField(index, s->c_str());
    } else if (const auto* d = std::get_if<double>(&cell)) {
        if (column.type != ColumnType::real) throw misdeclared("a real");
        f.SetField(index, *d);
    } else {
        const long long v = std::get<long long>(cell);
        if (column.type == ColumnType::integer) f.SetField(index, static_cast<int>(v));
        else if (column.type == ColumnType::integer64) f.SetField(index, static_cast<GIntBig>(v));
        else throw misdeclared("an integer");
    }
}

inline OGRwkbGeometryType ogr_geometry(output::Geometry g) {
    switch (g) {
        case output::Geometry::none: return wkbNone;
        case output::Geometry::point: return wkbPoint;
        case output::Geometry::multipolygon: return wkbMultiPolygon;
    }
    return wkbNone;
}

// Writes every row of a declared table; a spatial table's rows in the working CRS `srs`.
template <typename Row>
void write_table(GDALDataset& ds, const output::Table<Row>& table, const std::vector<Row>& rows,
                 const OGRSpatialReference* srs = nullptr) {
    std::vector<FieldSpec> fields;
    for (const auto& c : table.columns) fields.push_back({c.info.name.c_str(), ogr_type(c.info.type), c.info.alias_zh.c_str()});
    const OGRwkbGeometryType geometry = ogr_geometry(table.geometry);
    OGRLayer* layer = create_layer(ds, table.name.c_str(), geometry, srs, fields, table.description.c_str());
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const auto& row : rows) {
        OGRFeature f(defn);
        for (size_t i = 0; i < table.columns.size(); ++i)
            set_cell(f, static_cast<int>(i), table.columns[i].get(row), table.columns[i].info, table.name);
        if (geometry != wkbNone && table.geometry_of)
            if (auto g = table.geometry_of(row)) f.SetGeometryDirectly(g.release());
        create(layer, f, table.name.c_str());
    }
}

}  // namespace parkgis::detail
