#pragma once
// Small helpers for writing GeoPackage layers with Chinese aliases. Internal to libparkgis.
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parkgis/errors.hpp"

namespace parkgis::detail {

struct FieldSpec {
    const char* name;
    OGRFieldType type;
    const char* alias;  // Chinese alias shown by QGIS
};

// The Chinese title of each output layer: gpkg_contents.identifier and the layer name in the QGIS project.
inline std::string layer_title(const std::string& name) {
    static const std::map<std::string, std::string> titles = {
        {"zones", "申报范围（区块）"},
        {"boundary_points", "界址点"},
        {"constraints", "管控边界"},
        {"qa_issues", "边界检查问题"},
        {"findings", "检查与判定发现"},
        {"finding_subjects", "发现涉及的对象"},
        {"area_summary", "面积汇总"},
        {"parcels", "地块"},
        {"buildings", "建筑"},
        {"indicators", "土地集约利用指标"},
        {"expansion_comparison", "扩区前后指标对比"},
        {"compliance", "规则判定结果"},
        {"compliance_summary", "规则判定汇总"},
        {"rule_sets", "规则集"},
        {"jobs_housing", "职住平衡范围"},
        {"jh_grid", "职住比格网"},
        {"jh_basis", "就业与居住估算依据"},
    };
    auto it = titles.find(name);
    return it == titles.end() ? name : it->second;
}

inline OGRLayer* create_layer(GDALDataset& ds, const char* name, OGRwkbGeometryType type, const OGRSpatialReference* srs,
                       const std::vector<FieldSpec>& fields, const char* description) {
    // No R-tree from GDAL: the write stage packs every layer's index in bulk once the rows are in (spatial_index.hpp).
    std::string desc = std::string("DESCRIPTION=") + description;
    std::string identifier = "IDENTIFIER=" + layer_title(name);
    const char* opts[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=NO", desc.c_str(), identifier.c_str(), nullptr};
    OGRLayer* layer = ds.CreateLayer(name, type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs), type, const_cast<char**>(opts));
    if (!layer) throw OutputError("write", fmt::format("cannot create layer {} in the GeoPackage", name));
    for (const auto& f : fields) {
        OGRFieldDefn fd(f.name, f.type);
        fd.SetAlternativeName(f.alias);
        if (layer->CreateField(&fd) != OGRERR_NONE)
            throw OutputError("write", fmt::format("cannot create field {}.{}", name, f.name));
    }
    return layer;
}

// Empty text is written as NULL, so QGIS shows it as missing, not as an empty string.
inline void set_text(OGRFeature& f, int index, const std::string& v) {
    if (v.empty()) f.SetFieldNull(index);
    else f.SetField(index, v.c_str());
}

inline void set_text(OGRFeature& f, const char* field, const std::string& v) { set_text(f, f.GetFieldIndex(field), v); }

inline void set_optional(OGRFeature& f, const char* field, const std::optional<double>& v) {
    if (v) f.SetField(field, *v);
    else f.SetFieldNull(f.GetFieldIndex(field));
}

inline void create(OGRLayer* layer, OGRFeature& f, const char* what) {
    if (layer->CreateFeature(&f) != OGRERR_NONE)
        throw OutputError("write", fmt::format("cannot write a {} feature (disk full?)", what));
}

}  // namespace parkgis::detail
