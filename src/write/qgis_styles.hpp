#pragma once
// QGIS styles for the output layers: QML built from the templates in layers/styles/ and stored in the
// GeoPackage's layer_styles table, which QGIS reads as each layer's default style. Internal to libparkgis.
#include <gdal_priv.h>
#include <ogr_core.h>

#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis::detail {

struct OutputField {
    std::string name, alias;
};

// A layer as written, read back from the open GeoPackage.
struct OutputLayer {
    std::string name, title, description;
    std::string geometry_column;  // "" for an attribute table
    OGRwkbGeometryType type = wkbNone;
    std::vector<OutputField> fields;
    bool spatial() const { return type != wkbNone; }
};

std::vector<OutputLayer> describe_layers(GDALDataset& ds);

struct LayerStyle {
    std::string layer, name, description;
    bool is_default = false;
    std::string qml;              // the whole QML document (layer_styles.styleQML)
    std::string root_attributes;  // the attributes of its <qgis> element (labelsEnabled …)
    std::string body;             // the children of <qgis>, which a project embeds in <maplayer>
};

// One or more styles per layer: layers/styles/<layer>.qml (the default), <layer>.<variant>.qml, or
// table.qml for an attribute table without its own template. Throws OutputError when a spatial layer has
// no template or a template is malformed.
std::vector<LayerStyle> build_layer_styles(const Dataset& d, const std::vector<OutputLayer>& layers);

// The layer_styles table in QGIS's own schema, one useAsDefault row per layer.
void write_layer_styles(GDALDataset& ds, const std::vector<LayerStyle>& styles, const std::vector<OutputLayer>& layers);

}  // namespace parkgis::detail
