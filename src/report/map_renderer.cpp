#include "map_renderer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/rule.hpp>
#include <mapnik/symbolizer.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>

#include "../core/parallel.hpp"
#include "../core/yaml_reader.hpp"
#include "../write/band_palette.hpp"
#include "../write/xml_template.hpp"
#include "parkgis/errors.hpp"

namespace fs = std::filesystem;

namespace parkgis::report {

namespace {

constexpr const char* kStage = "report";
constexpr const char* kFontFace = "Noto Sans CJK SC Regular";
constexpr int kWidthPx = 1800;        // drawn at 2× for a 900 px (≈ 24 cm) figure
constexpr double kScaleFactor = 2.0;  // symbol and label sizes in the templates are CSS pixels
constexpr double kMarginFraction = 0.05;

struct MapSpec {
    std::string id, template_path, title_zh, title_en, needs, extent;
};

std::vector<MapSpec> load_map_specs(const std::string& path) {
    detail::YamlReader reader(kStage, path);
    const YAML::Node root = detail::YamlReader::load_file(kStage, path);
    reader.only_keys(root, {"maps"}, "the map list");
    std::vector<MapSpec> specs;
    for (const auto& m : root["maps"]) {
        reader.only_keys(m, {"id", "template", "zh", "en", "needs", "extent"}, "a map");
        specs.push_back({reader.text(m["id"], "id"),
                         (fs::path(path).parent_path() / reader.text(m["template"], "template")).string(),
                         reader.text(m["zh"], "zh"), reader.text(m["en"], "en"), reader.text(m["needs"], "needs"),
                         reader.text(m["extent"], "extent")});
    }
    return specs;
}

// Mapnik keeps its plugins and fonts in process-wide registries: fill them once.
void register_plugins_and_fonts() {
    static std::once_flag once;
    static std::string problem;
    std::call_once(once, [] {
        const char* plugins = std::getenv("PARKGIS_MAPNIK_PLUGINS");
        mapnik::datasource_cache::instance().register_datasources(plugins ? plugins : PARKGIS_MAPNIK_INPUT_PLUGINS);
        const auto names = mapnik::datasource_cache::instance().plugin_names();
        if (std::find(names.begin(), names.end(), "ogr") == names.end())
            problem = fmt::format("Mapnik's OGR input plugin is missing from {} (install Debian's libmapnik3.1)",
                                  plugins ? plugins : PARKGIS_MAPNIK_INPUT_PLUGINS);
        // Noto CJK (Debian fonts-noto-cjk) draws the Chinese labels; only its folder is scanned, as
        // registering every system font costs seconds.
        for (const char* dir : {"/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto"})
            if (fs::is_directory(dir)) mapnik::freetype_engine::register_fonts(dir, true);
        if (const char* extra = std::getenv("PARKGIS_FONT_DIR")) mapnik::freetype_engine::register_fonts(extra, true);
        const auto faces = mapnik::freetype_engine::face_names();
        if (problem.empty() && std::find(faces.begin(), faces.end(), kFontFace) == faces.end())
            problem = fmt::format("the font '{}' is missing (install Debian's fonts-noto-cjk, or point PARKGIS_FONT_DIR "
                                  "at a folder holding NotoSansCJK-Regular.ttc); run with --no-report to skip the report",
                                  kFontFace);
    });
    if (!problem.empty()) throw OutputError(kStage, problem);
}

std::string css_rgb(const std::string& rgb) { return "rgb(" + rgb + ")"; }

// Mapnik expression string literal: 'text' with quotes and backslashes escaped.
std::string expression_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string zone_rules(const detail::Directive& dir, const Dataset& d, const std::string& where) {
    const std::string core = dir.at("core", where);
    const auto clusters = detail::split_colours(dir.at("clusters", where));
    const std::string opacity = dir.get("fill_opacity", "0.2");
    std::string rules;
    size_t cluster = 0;
    // Mapnik tests every feature against every rule: past a legend's worth of zones, the rest share one
    // style (an ElseFilter), so that 10 000 zones do not cost 10⁸ filter evaluations.
    constexpr size_t kNamedZones = 24;
    size_t named = 0;
    for (const auto& z : d.zones) {
        if (named++ == kNamedZones) {
            const std::string rgb = clusters[cluster % clusters.size()];
            rules += fmt::format(
                R"(<Rule name="{}"><ElseFilter/><PolygonSymbolizer fill="{}" fill-opacity="{}"/><LineSymbolizer stroke="{}" stroke-width="{}"/></Rule>)",
                detail::xml_escape(fmt::format("其余 {} 个区块 other zones", d.zones.size() - kNamedZones)), css_rgb(rgb),
                opacity, css_rgb(rgb), dir.get("cluster_width", "1.5"));
            rules += "\n";
            break;
        }
        const bool is_core = z.kind == "core";
        const std::string rgb = is_core ? core : clusters[cluster++ % clusters.size()];
        const std::string legend = z.name + (is_core ? fmt::format("（{}）", label(ZoneGroup::core).zh) : "");
        rules += fmt::format(
            R"(<Rule name="{}"><Filter>{}</Filter><PolygonSymbolizer fill="{}" fill-opacity="{}"/><LineSymbolizer stroke="{}" stroke-width="{}"/></Rule>)",
            detail::xml_escape(legend), detail::xml_escape("[zone_id] = " + expression_literal(z.zone_id)), css_rgb(rgb),
            opacity, css_rgb(rgb), dir.get(is_core ? "core_width" : "cluster_width", "1.5"));
        rules += "\n";
    }
    return rules;
}

std::string band_rules(const detail::Directive& dir, const Dataset& d, const std::string& where) {
    const auto& bands = d.project->jobs_housing.bands;
    const auto colours = detail::band_colours(bands, detail::split_colours(dir.at("housing", where)),
                                              dir.at("balanced", where), detail::split_colours(dir.at("jobs", where)));
    std::string rules;
    for (size_t i = 0; i < bands.size(); ++i)
        rules += fmt::format(R"(<Rule name="{}"><Filter>{}</Filter><PolygonSymbolizer fill="{}" fill-opacity="{}"/></Rule>)",
                             detail::xml_escape(detail::band_label(bands[i])),
                             detail::xml_escape("[jh_class_id] = " + expression_literal(bands[i].id)),
                             css_rgb(colours[i]), dir.get("fill_opacity", "0.8")) +
                 "\n";
    return rules;
}

std::string layer_block(const detail::Directive& dir, const std::set<std::string>& written, const std::string& gpkg,
                        const std::string& srs, const std::string& where) {
    const std::string name = dir.at("name", where);
    if (!written.count(name)) return "";  // e.g. no constraints given: the map goes without them
    std::string styles, list = dir.at("styles", where);
    std::replace(list.begin(), list.end(), ',', ';');  // split_colours splits at ';'
    for (const auto& s : detail::split_colours(list)) styles += "<StyleName>" + detail::xml_escape(s) + "</StyleName>";
    return fmt::format(R"(<Layer name="{0}" srs="{1}">{2}<Datasource><Parameter name="type">ogr</Parameter>)"
                       R"(<Parameter name="file">{3}</Parameter><Parameter name="layer">{0}</Parameter></Datasource></Layer>)",
                       detail::xml_escape(name), detail::xml_escape(srs), styles, detail::xml_escape(gpkg));
}

std::string css_colour(const mapnik::color& c) { return fmt::format("rgb({},{},{})", c.red(), c.green(), c.blue()); }

// The legend: every named rule of every style the map's layers use, in drawing order, with the colour
// of its first fill and first stroke.
std::vector<LegendEntry> legend_of(const mapnik::Map& m) {
    std::vector<LegendEntry> legend;
    std::set<std::string> seen;
    for (const auto& layer : m.layers()) {
        for (const auto& style_name : layer.styles()) {
            auto style = m.find_style(style_name);
            if (!style) continue;
            for (const auto& rule : style->get_rules()) {
                if (rule.get_name().empty() || !seen.insert(rule.get_name()).second) continue;
                LegendEntry e;
                e.label = rule.get_name();
                for (const auto& sym : rule.get_symbolizers()) {
                    if (sym.is<mapnik::polygon_symbolizer>() && e.fill.empty()) {
                        const auto& p = sym.get<mapnik::polygon_symbolizer>();
                        e.fill = css_colour(mapnik::get<mapnik::color>(p, mapnik::keys::fill, mapnik::color(128, 128, 128)));
                        e.fill_opacity = mapnik::get<double>(p, mapnik::keys::fill_opacity, 1.0);
                    } else if (sym.is<mapnik::line_symbolizer>() && e.stroke.empty()) {
                        const auto& l = sym.get<mapnik::line_symbolizer>();
                        e.stroke = css_colour(mapnik::get<mapnik::color>(l, mapnik::keys::stroke, mapnik::color(0, 0, 0)));
                        e.dashed = mapnik::has_key(l, mapnik::keys::stroke_dasharray);
                    }
                }
                legend.push_back(std::move(e));
            }
        }
    }
    return legend;
}

}  // namespace

std::vector<RenderedMap> render_maps(GDALDataset& gpkg, const std::string& geopackage, const Dataset& dataset,
                                     const std::string& maps_file) {
    const auto specs = load_map_specs(maps_file);
    GDALDataset* ds = &gpkg;
    std::set<std::string> written;
    for (auto* layer : ds->GetLayers())
        if (layer->GetFeatureCount() > 0) written.insert(layer->GetName());
    register_plugins_and_fonts();
    const std::string srs = fmt::format("epsg:{}", dataset.working_epsg);

    // The maps are made here, one after another (GDAL's dataset is for one thread), and rendered on every
    // core: each Mapnik map reads the GeoPackage through its own datasource.
    std::vector<RenderedMap> maps(specs.size());
    std::vector<std::string> xmls(specs.size());
    std::vector<mapnik::box2d<double>> boxes(specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
        const auto& spec = specs[i];
        RenderedMap& out = maps[i];
        out.id = spec.id;
        out.title_zh = spec.title_zh;
        out.title_en = spec.title_en;
        if (!written.count(spec.needs) || !written.count(spec.extent)) {
            out.available = false;
            out.reason = fmt::format("图层 {} 未生成（缺少所需输入） / layer {} was not written (its inputs are missing)",
                                     spec.needs, spec.needs);
            continue;
        }
        OGREnvelope env;
        if (ds->GetLayerByName(spec.extent.c_str())->GetExtent(&env, TRUE) != OGRERR_NONE)
            throw OutputError(kStage, fmt::format("{}: the extent of layer {} cannot be read", geopackage, spec.extent));
        const double w = env.MaxX - env.MinX, h = env.MaxY - env.MinY;
        const double margin = kMarginFraction * std::max(w, h);
        const double aspect = (h + 2 * margin) / (w + 2 * margin);
        out.width_px = kWidthPx;
        out.height_px = std::clamp(static_cast<int>(std::lround(kWidthPx * aspect)), kWidthPx / 2, kWidthPx);
        boxes[i] = mapnik::box2d<double>(env.MinX - margin, env.MinY - margin, env.MaxX + margin, env.MaxY + margin);
        xmls[i] = detail::expand_template(
            detail::read_template(spec.template_path), spec.template_path,
            [&](const detail::Directive& dir) -> std::string {
                if (dir.name == "layer") return layer_block(dir, written, geopackage, srs, spec.template_path);
                if (dir.name == "zone-rules") return zone_rules(dir, dataset, spec.template_path);
                if (dir.name == "band-rules") return band_rules(dir, dataset, spec.template_path);
                throw OutputError(kStage, fmt::format("{}: unknown <!--parkgis:{}-->", spec.template_path, dir.name));
            },
            {{"srs", srs}, {"gpkg", geopackage}});
    }
    detail::parallel_chunks(specs.size(), 1, detail::worker_count(), [&](size_t i, size_t, unsigned) {
        RenderedMap& out = maps[i];
        if (!out.available) return;
        const auto& spec = specs[i];
        try {
            mapnik::Map m(out.width_px, out.height_px);
            mapnik::load_map_string(m, xmls[i], true, fs::path(spec.template_path).parent_path().string());
            m.zoom_to_box(boxes[i]);
            mapnik::image_rgba8 image(out.width_px, out.height_px);
            mapnik::agg_renderer<mapnik::image_rgba8> renderer(m, image, kScaleFactor);
            renderer.apply();
            out.metres_per_px = m.get_current_extent().width() / out.width_px;
            out.png = mapnik::save_to_string(image, "png8:z=9");
            out.legend = legend_of(m);
        } catch (const std::exception& e) {
            throw OutputError(kStage, fmt::format("{}: Mapnik could not render the map '{}' ({})", spec.template_path,
                                                  spec.id, e.what()));
        }
    });
    return maps;
}

}  // namespace parkgis::report
