#pragma once
// The one writer of declared tables (include/parkgis/write/table.hpp): the layer and its fields made from
// the declaration, every cell set by index and checked against its column's type. Internal to libparkgis.
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <stdexcept>
#include <vector>

#include "parkgis/errors.hpp"
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
        case output::Geometry::polygon: return wkbPolygon;
        case output::Geometry::multipolygon: return wkbMultiPolygon;
    }
    return wkbNone;
}

// A new layer with the declaration's fields and their Chinese aliases (GDAL keeps these in memory only: the
// write stage stores them in gpkg_data_columns and the styles). No R-tree from GDAL: the write stage packs
// every layer's index in bulk once the rows are in (spatial_index.hpp).
template <typename Row>
OGRLayer* create_layer(GDALDataset& ds, const output::Table<Row>& table, OGRwkbGeometryType geometry,
                       const OGRSpatialReference* srs) {
    const std::string description = "DESCRIPTION=" + table.description;
    const std::string identifier = "IDENTIFIER=" + table.title_zh;
    const char* options[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=NO", description.c_str(),
                             identifier.c_str(), nullptr};
    // GDAL 3.6 takes a non-const SRS it only reads.
    auto* layer_srs = geometry == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs);
    OGRLayer* layer = ds.CreateLayer(table.name.c_str(), layer_srs, geometry,
                                     const_cast<char**>(options));
    if (!layer) throw OutputError("write", fmt::format("cannot create layer {} in the GeoPackage", table.name));
    for (const auto& c : table.columns) {
        OGRFieldDefn field(c.info.name.c_str(), ogr_type(c.info.type));
        field.SetAlternativeName(c.info.alias_zh.c_str());
        if (layer->CreateField(&field) != OGRERR_NONE)
            throw OutputError("write", fmt::format("cannot create field {}.{}", table.name, c.info.name));
    }
    return layer;
}

// Writes `count` rows of a declared table, each made by make_row(i) as it is written: long tables (compliance,
// buildings) are views made on the fly, never a second copy of the table. A spatial table's rows are in the
// working CRS `srs`.
template <typename Row, typename MakeRow>
void write_table_rows(GDALDataset& ds, const output::Table<Row>& table, size_t count, MakeRow&& make_row,
                      const OGRSpatialReference* srs = nullptr) {
    const OGRwkbGeometryType geometry = ogr_geometry(table.geometry);
    OGRLayer* layer = create_layer(ds, table, geometry, srs);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (size_t r = 0; r < count; ++r) {
        decltype(auto) row = make_row(r);  // a reference when make_row gives one
        OGRFeature f(defn);
        for (size_t i = 0; i < table.columns.size(); ++i)
            set_cell(f, static_cast<int>(i), table.columns[i].get(row), table.columns[i].info, table.name);
        if (geometry != wkbNone && table.geometry_of)
            if (auto g = table.geometry_of(row)) f.SetGeometryDirectly(g.release());
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            throw OutputError("write", fmt::format("cannot write a {} feature (disk full?)", table.name));
    }
}

// Writes every row of a declared table.
template <typename Row>
void write_table(GDALDataset& ds, const output::Table<Row>& table, const std::vector<Row>& rows,
                 const OGRSpatialReference* srs = nullptr) {
    write_table_rows(ds, table, rows.size(), [&](size_t i) -> const Row& { return rows[i]; }, srs);
}

}  // namespace parkgis::detail
