#include "qgis_styles.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>

#include "band_palette.hpp"
#include "parkgis/write/tables.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"
#include "parkgis/value_labels.hpp"
#include "xml_template.hpp"

namespace fs = std::filesystem;

namespace parkgis::detail {

namespace {

constexpr const char* kStage = "write";

std::string option(const std::string& name, const std::string& value) {
    return fmt::format(R"(<Option name="{}" value="{}" type="QString"/>)", name, xml_escape(value));
}

// A fill symbol: a plain fill (alpha 0..255 on the fill colour) and, when hatch_expression is given, a
// 45° line hatch switched on by that expression.
std::string fill_symbol(const std::string& name, const std::string& rgb, int fill_alpha, const std::string& outline_rgb,
                        double outline_width, const std::string& hatch_rgb = "", const std::string& hatch_expression = "") {
    std::string s = fmt::format(R"(<symbol type="fill" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">)", name);
    s += R"(<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">)";
    s += option("color", fmt::format("{},{}", rgb, fill_alpha)) + option("style", fill_alpha > 0 ? "solid" : "no") +
         option("outline_color", outline_rgb + ",255") + option("outline_style", outline_width > 0 ? "solid" : "no") +
         option("outline_width", fmt::format("{}", outline_width)) + option("outline_width_unit", "MM") +
         option("joinstyle", "miter");
    s += "</Option></layer>";
    if (!hatch_expression.empty()) {
        s += R"(<layer class="LinePatternFill" enabled="1" locked="0" pass="0"><Option type="Map">)";
        s += option("angle", "45") + option("distance", "1.2") + option("distance_unit", "MM") +
             option("line_width", "0.15") + option("line_width_unit", "MM") + option("color", hatch_rgb + ",255");
        s += "</Option>";
        s += R"(<data_defined_properties><Option type="Map"><Option name="name" value="" type="QString"/>)"
             R"(<Option name="properties" type="Map"><Option name="enabled" type="Map">)"
             R"(<Option name="active" value="true" type="bool"/>)" +
             option("expression", hatch_expression) +
             R"(<Option name="type" value="3" type="int"/></Option></Option>)"
             R"(<Option name="type" value="collection" type="QString"/></Option></data_defined_properties>)";
        s += fmt::format(R"(<symbol type="line" name="@{}@1" alpha="1" clip_to_extent="1" force_rhr="0">)", name);
        s += R"(<layer class="SimpleLine" enabled="1" locked="0" pass="0"><Option type="Map">)";
        s += option("line_color", hatch_rgb + ",255") + option("line_width", "0.15") + option("line_width_unit", "MM");
        s += "</Option></layer></symbol></layer>";
    }
    return s + "</symbol>";
}

// The declared vocabulary of a layer's field ("" for none).
std::string vocabulary_of(const std::string& layer, const std::string& field) {
    for (const auto& t : output::declared_tables())
        if (t.name == layer)
            for (const auto& c : t.columns)
                if (c.name == field) return c.vocabulary;
    return "";
}

// Coded fields as value maps: the attribute table and the identify tool show 不合格 where the field holds
// fail, and an edit picks from the vocabulary's codes.
std::string field_configuration_xml(const OutputLayer& layer) {
    std::string s;
    for (const auto& f : layer.fields) {
        const auto* labels = value_labels(vocabulary_of(layer.name, f.name));
        if (!labels) continue;
        s += fmt::format(R"(<field name="{}" configurationFlags="None"><editWidget type="ValueMap"><config><Option type="Map">)"
                         R"(<Option type="List" name="map">)",
                         xml_escape(f.name));
        for (const auto& l : *labels)
            if (!l.id.empty())
                s += fmt::format(R"(<Option type="Map"><Option value="{}" type="QString" name="{}"/></Option>)",
                                 xml_escape(std::string(l.id)), xml_escape(std::string(l.zh)));
        s += "</Option></Option></config></editWidget></field>";
    }
    return s.empty() ? s : "<fieldConfiguration>" + s + "</fieldConfiguration>";
}

std::string aliases_xml(const OutputLayer& layer) {
    std::string s = field_configuration_xml(layer) + "<aliases>";
    int index = 0;
    s += fmt::format(R"(<alias field="fid" index="{}" name="要素编号"/>)", index++);
    for (const auto& f : layer.fields)
        s += fmt::format(R"(<alias field="{}" index="{}" name="{}"/>)", xml_escape(f.name), index++, xml_escape(f.alias));
    return s + "</aliases>";
}

// Zones: the core in its colour, each other zone in the next palette colour, in output order.
std::string zone_categories(const Directive& dir, const Dataset& d, const std::string& where) {
    const auto palette = split_colours(dir.at("clusters", where));
    if (palette.empty()) throw OutputError(kStage, where + ": zone-categories needs at least one cluster colour");
    const std::string core = dir.at("core", where);
    const int alpha = std::stoi(dir.get("fill_alpha", "40"));
    const double core_width = std::stod(dir.get("core_width", "0.8"));
    const double cluster_width = std::stod(dir.get("cluster_width", "0.6"));
    std::string categories = "<categories>", symbols = "<symbols>";
    size_t next = 0;
    for (size_t i = 0; i < d.zones.size(); ++i) {
        const auto& z = d.zones[i];
        const bool is_core = z.kind == "core";
        const std::string rgb = is_core ? core : palette[next++ % palette.size()];
        const std::string legend = is_core ? fmt::format("{}（{}）", z.name, label(ZoneGroup::core).zh) : z.name;
        categories += fmt::format(R"(<category value="{}" label="{}" symbol="{}" render="true"/>)", xml_escape(z.zone_id),
                                  xml_escape(legend), i);
        symbols += fill_symbol(std::to_string(i), rgb, alpha, rgb, is_core ? core_width : cluster_width);
    }
    return categories + "</categories>" + symbols + "</symbols>";
}

// jh_grid: one graduated range per 职住比 band. QGIS takes the first range whose closed interval holds a
// value; a band holds its lower edge (the balanced band also its upper), so a band that does not hold
// its upper edge ends just below it.
std::string band_ranges(const Directive& dir, const Dataset& d, const std::string& where) {
    const auto& settings = d.project->jobs_housing;
    const auto housing = split_colours(dir.at("housing", where));
    const auto jobs = split_colours(dir.at("jobs", where));
    const std::string balanced_rgb = dir.at("balanced", where);
    const int alpha = std::stoi(dir.get("fill_alpha", "210"));
    const std::string hatch = dir.get("hatch", "60,60,60");
    const std::string partial = fmt::format("\"window_coverage_pct\" < {:g}", settings.complete_coverage_pct);
    const auto colours = band_colours(settings.bands, housing, balanced_rgb, jobs);
    std::string ranges = "<ranges>", symbols = "<symbols>";
    for (size_t i = 0; i < settings.bands.size(); ++i) {
        const auto& b = settings.bands[i];
        const std::string& rgb = colours[i];
        const double lower = b.min.value_or(0.0);
        double upper = b.max.value_or(1e12);
        if (b.max && !b.balanced) upper = std::nextafter(*b.max, -std::numeric_limits<double>::infinity());
        ranges += fmt::format(R"(<range lower="{:.17g}" upper="{:.17g}" label="{}" symbol="{}" render="true"/>)", lower,
                              upper, xml_escape(band_label(b)), i);
        symbols += fill_symbol(std::to_string(i), rgb, alpha, "255,255,255", 0.1, hatch, partial);
    }
    return ranges + "</ranges>" + symbols + "</symbols>";
}

struct Template {
    std::string path, layer;
    bool own = true;  // false: the shared table.qml
};

std::vector<Template> templates_for(const OutputLayer& layer) {
    const fs::path dir = fs::path(bundled_data_path("styles"));
    std::vector<Template> out;
    const fs::path main = dir / (layer.name + ".qml");
    if (fs::exists(main)) out.push_back({main.string(), layer.name});
    std::vector<std::string> variants;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string file = entry.path().filename().string();
        const std::string prefix = layer.name + ".";
        if (file.rfind(prefix, 0) == 0 && file.size() > prefix.size() + 4 && file.substr(file.size() - 4) == ".qml" &&
            file != layer.name + ".qml")
            variants.push_back(entry.path().string());
    }
    std::sort(variants.begin(), variants.end());  // a stable order: determinism of the layer_styles rows
    for (const auto& v : variants) out.push_back({v, layer.name});
    if (out.empty()) {
        if (layer.spatial())
            throw OutputError(kStage, fmt::format("{}: the map layer '{}' has no style template; add {}.qml there",
                                                  dir.string(), layer.name, layer.name));
        out.push_back({(dir / "table.qml").string(), layer.name, false});
    }
    return out;
}

LayerStyle build_style(const Template& t, const OutputLayer& layer, const Dataset& d) {
    const std::string text = read_template(t.path);
    LayerStyle style;
    style.layer = layer.name;
    bool seen_style = false;
    const std::string qml = expand_template(
        text, t.path,
        [&](const Directive& dir) -> std::string {
            if (dir.name == "style") {
                seen_style = true;
                style.name = dir.at("name", t.path);
                style.description = dir.get("description", "");
                style.is_default = dir.get("default", "false") == "true";
                return "";
            }
            if (dir.name == "aliases") return aliases_xml(layer);
            if (dir.name == "zone-categories") return zone_categories(dir, d, t.path);
            if (dir.name == "band-ranges") return band_ranges(dir, d, t.path);
            throw OutputError(kStage, fmt::format("{}: unknown directive <!--parkgis:{}-->", t.path, dir.name));
        },
        {});
    if (!seen_style) throw OutputError(kStage, fmt::format("{}: the template has no <!--parkgis:style name=…-->", t.path));
    style.qml = qml;
    const size_t open = qml.find("<qgis");
    const size_t open_end = open == std::string::npos ? open : qml.find('>', open);
    const size_t close = qml.rfind("</qgis>");
    if (open_end == std::string::npos || close == std::string::npos || close < open_end)
        throw OutputError(kStage, fmt::format("{}: the template has no <qgis> … </qgis> element", t.path));
    style.root_attributes = qml.substr(open + 5, open_end - open - 5);
    style.body = qml.substr(open_end + 1, close - open_end - 1);
    return style;
}

}  // namespace

std::vector<OutputLayer> describe_layers(GDALDataset& ds) {
    std::vector<OutputLayer> out;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        OGRLayer* layer = ds.GetLayer(i);
        OutputLayer l;
        l.name = layer->GetName();
        if (l.name == "layer_styles") continue;
        l.title = output::table_title(l.name);
        const char* desc = layer->GetMetadataItem("DESCRIPTION");
        l.description = desc ? desc : "";
        l.type = wkbFlatten(layer->GetGeomType());
        l.geometry_column = l.spatial() ? layer->GetGeometryColumn() : "";
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int f = 0; f < defn->GetFieldCount(); ++f) {
            const OGRFieldDefn* fd = defn->GetFieldDefn(f);
            const char* alias = fd->GetAlternativeNameRef();
            l.fields.push_back({fd->GetNameRef(), alias && *alias ? alias : fd->GetNameRef()});
        }
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<LayerStyle> build_layer_styles(const Dataset& d, const std::vector<OutputLayer>& layers) {
    std::vector<LayerStyle> out;
    for (const auto& layer : layers) {
        int defaults = 0;
        for (const auto& t : templates_for(layer)) {
            out.push_back(build_style(t, layer, d));
            if (!t.own) out.back().is_default = true;
            defaults += out.back().is_default ? 1 : 0;
        }
        if (defaults != 1)
            throw OutputError(kStage, fmt::format("layers/styles: layer '{}' has {} default styles; exactly one template "
                                                  "must say default=\"true\"",
                                                  layer.name, defaults));
    }
    return out;
}

void write_layer_styles(GDALDataset& ds, const std::vector<LayerStyle>& styles, const std::vector<OutputLayer>& layers) {
    const char* options[] = {"FID=id", "DESCRIPTION=QGIS layer styles (QML), one default per layer", nullptr};
    OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
    if (!table) throw OutputError(kStage, "cannot create the layer_styles table in the GeoPackage");
    struct Column {
        const char* name;
        OGRFieldType type;
        int width;
    };
    // QGIS's own layer_styles schema (what QGIS writes with "Save style… In database").
    for (const Column& c : {Column{"f_table_catalog", OFTString, 256}, Column{"f_table_schema", OFTString, 256},
                            Column{"f_table_name", OFTString, 256}, Column{"f_geometry_column", OFTString, 256},
                            Column{"styleName", OFTString, 30}, Column{"styleQML", OFTString, 0},
                            Column{"styleSLD", OFTString, 0}, Column{"useAsDefault", OFTInteger, 0},
                            Column{"description", OFTString, 0}, Column{"owner", OFTString, 30},
                            Column{"ui", OFTString, 30}, Column{"update_time", OFTDateTime, 0}}) {
        OGRFieldDefn fd(c.name, c.type);
        fd.SetWidth(c.width);
        if (std::string(c.name) == "useAsDefault") fd.SetSubType(OFSTBoolean);
        if (std::string(c.name) == "update_time") fd.SetDefault("CURRENT_TIMESTAMP");
        if (table->CreateField(&fd) != OGRERR_NONE)
            throw OutputError(kStage, fmt::format("cannot create layer_styles.{}", c.name));
    }
    std::map<std::string, std::string> geometry_column;
    for (const auto& l : layers) geometry_column[l.name] = l.geometry_column;
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    for (const auto& s : styles) {
        OGRFeature f(table->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", s.layer.c_str());
        f.SetField("f_geometry_column", geometry_column[s.layer].c_str());
        f.SetField("styleName", s.name.c_str());
        f.SetField("styleQML", s.qml.c_str());
        f.SetField("styleSLD", "");
        f.SetField("useAsDefault", s.is_default ? 1 : 0);
        f.SetField("description", s.description.c_str());
        f.SetField("owner", "parkgis");
        f.SetField("ui", "");
        f.SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                   static_cast<float>(utc.tm_sec), 100);
        if (table->CreateFeature(&f) != OGRERR_NONE)
            throw OutputError(kStage, "cannot write a layer_styles row (disk full?)");
    }
}

}  // namespace parkgis::detail
