#include "qgis_project.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>
#include <sstream>

#include "../core/text.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/normalize/geometry_repair.hpp"
#include "parkgis/project.hpp"
#include "parkgis/version.hpp"
#include "parkgis/write/tables.hpp"
#include "user_work.hpp"
#include "xml_template.hpp"

namespace parkgis::detail {

namespace {

constexpr const char* kStage = "write";

std::string layer_id(const std::string& name) { return "parkgis_" + name; }

std::string crs_xml(int epsg) {
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (srs.importFromEPSG(epsg) != OGRERR_NONE)
        throw OutputError(kStage, fmt::format("EPSG:{} is not known to PROJ; cannot describe it to QGIS", epsg));
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    char* proj4 = nullptr;
    srs.exportToProj4(&proj4);
    const std::string out = fmt::format(
        "<spatialrefsys><wkt>{}</wkt><proj4>{}</proj4><srid>{}</srid><authid>EPSG:{}</authid>"
        "<description>{}</description><projectionacronym>tmerc</projectionacronym>"
        "<ellipsoidacronym>EPSG:1024</ellipsoidacronym><geographicflag>false</geographicflag></spatialrefsys>",
        xml_escape(wkt ? wkt : ""), xml_escape(proj4 ? proj4 : ""), epsg, epsg, xml_escape(srs.GetName() ? srs.GetName() : ""));
    CPLFree(wkt);
    CPLFree(proj4);
    return out;
}

std::string qgis_geometry(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPoint:
        case wkbMultiPoint: return "Point";
        case wkbLineString:
        case wkbMultiLineString: return "Line";
        case wkbPolygon:
        case wkbMultiPolygon: return "Polygon";
        default: return "No geometry";
    }
}

std::string qgis_wkb(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPoint: return "Point";
        case wkbMultiPoint: return "MultiPoint";
        case wkbLineString: return "LineString";
        case wkbMultiLineString: return "MultiLineString";
        case wkbPolygon: return "Polygon";
        case wkbMultiPolygon: return "MultiPolygon";
        default: return "NoGeometry";
    }
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

double nice_at_least(double value, const std::vector<double>& mantissas) {
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    for (int step = 0; step < 3; ++step) {
        for (double m : mantissas)
            if (m * decade * std::pow(10.0, step) >= value) return m * decade * std::pow(10.0, step);
    }
    return value;
}

// A frame's grid interval (at least 30 mm on paper) and scale-bar segment (at most 12 mm), from its scale.
void set_paper_steps(MapFrame& f) {
    f.grid_interval_m = nice_at_least(f.scale * 0.030, {1.0, 2.0, 5.0});
    const double segment = f.scale * 0.012;
    f.scalebar_segment_m = nice_at_least(segment, {1.0, 2.0, 5.0});
    if (f.scalebar_segment_m > segment) f.scalebar_segment_m = nice_at_least(segment / 2.5, {1.0, 2.0, 5.0});
}

struct Builder {
    const Dataset& d;
    const std::vector<OutputLayer>& layers;
    const std::vector<LayerStyle>& styles;
    std::string gpkg;
    std::map<std::string, std::string> vars;
    std::string working_crs_xml, grid_crs_xml;  // computed once: every layer and map item repeats them
    std::set<std::string> placed;               // layers already in the layer tree

    const OutputLayer* find(const std::string& name) const {
        for (const auto& l : layers)
            if (l.name == name) return &l;
        return nullptr;
    }
    std::string source(const std::string& name) const { return "./" + gpkg + "|layername=" + name; }

    // A layer in the project's layer tree or a legend's.
    std::string layer_tree_layer(const OutputLayer& l, bool checked) const {
        return fmt::format(
            R"(<layer-tree-layer id="{}" name="{}" source="{}" providerKey="ogr" checked="{}" expanded="{}" legend_exp="" patch_size="-1,-1" legend_split_behavior="0"><customproperties><Option/></customproperties></layer-tree-layer>)",
            layer_id(l.name), xml_escape(l.title), xml_escape(source(l.name)), checked ? "Qt::Checked" : "Qt::Unchecked",
            l.spatial() ? 1 : 0);
    }

    std::string tree_layer(const OutputLayer& l, bool checked) {
        placed.insert(l.name);
        return layer_tree_layer(l, checked);
    }

    // The declared joins (compliance → rules by rule_id, → reasons by reason_id) as QGIS layer joins without a
    // prefix: the attribute table and the identify tool show the rule's name and citation and the reason
    // beside each outcome.
    std::string vector_joins(const OutputLayer& l) const {
        std::string x;
        for (const auto& t : output::declared_tables()) {
            if (t.name != l.name) continue;
            for (const auto& j : t.joins)
                if (find(j.table))
                    x += fmt::format(
                        R"(<join joinLayerId="{}" targetFieldName="{}" joinFieldName="{}" memoryCache="1" )"
                        R"(cascadedDelete="0" dynamicForm="0" editable="0" upsertOnEdit="0" hasCustomPrefix="1" customPrefix=""/>)",
                        layer_id(j.table), xml_escape(j.key), xml_escape(j.key));
        }
        return x.empty() ? x : "<vectorjoins>" + x + "</vectorjoins>";
    }

    std::string map_layer(const OutputLayer& l) const {
        const LayerStyle* current = nullptr;
        std::vector<const LayerStyle*> all;
        for (const auto& s : styles)
            if (s.layer == l.name) {
                all.push_back(&s);
                if (s.is_default) current = &s;
            }
        std::string x = fmt::format(R"(<maplayer type="vector" geometry="{}" wkbType="{}" {} readOnly="0" autoRefreshEnabled="0" autoRefreshTime="0" hasScaleBasedVisibilityFlag="0" minScale="100000000" maxScale="0" simplifyDrawingHints="1" simplifyDrawingTol="1" simplifyLocal="1" simplifyMaxScale="1" simplifyAlgorithm="0" refreshOnNotifyEnabled="0" refreshOnNotifyMessage="" symbologyReferenceScale="-1">)",
                                    qgis_geometry(l.type), qgis_wkb(l.type),
                                    current && current->root_attributes.find("labelsEnabled=\"1\"") != std::string::npos
                                        ? "labelsEnabled=\"1\""
                                        : "labelsEnabled=\"0\"");
        x += fmt::format("<id>{}</id><datasource>{}</datasource><keywordList><value></value></keywordList>"
                         "<layername>{}</layername>",
                         layer_id(l.name), xml_escape(source(l.name)), xml_escape(l.title));
        x += "<srs>" + (l.spatial() ? working_crs_xml : std::string("<spatialrefsys/>")) + "</srs>";
        x += fmt::format("<resourceMetadata><identifier>{}</identifier><title>{}</title><abstract>{}</abstract></resourceMetadata>",
                         xml_escape(l.name), xml_escape(l.title), xml_escape(l.description));
        x += R"(<provider encoding="UTF-8">ogr</provider>)";
        x += vector_joins(l);
        if (current) {
            x += fmt::format(R"(<map-layer-style-manager current="{}">)", xml_escape(current->name));
            for (const LayerStyle* s : all) {
                if (s == current) x += fmt::format(R"(<map-layer-style name="{}"/>)", xml_escape(s->name));
                else
                    x += fmt::format(R"(<map-layer-style name="{}"><qgis {}>{}</qgis></map-layer-style>)",
                                     xml_escape(s->name), s->root_attributes, s->body);
            }
            x += "</map-layer-style-manager>";
            x += current->body;
        }
        return x + "</maplayer>";
    }

    std::string map_theme(const Directive& dir, const std::string& where) const {
        std::map<std::string, std::string> style_of;
        for (const auto& pair : split_list(dir.get("styles", ""))) {
            const size_t colon = pair.find(':');
            if (colon == std::string::npos) throw OutputError(kStage, where + ": map-theme styles are layer:style pairs");
            style_of[pair.substr(0, colon)] = pair.substr(colon + 1);
        }
        std::string x = fmt::format(R"(<visibility-preset name="{}">)", xml_escape(dir.at("name", where)));
        for (const auto& name : split_list(dir.at("layers", where))) {
            const OutputLayer* l = find(name);
            if (!l) continue;  // the run did not write this layer (input not given)
            std::string style;
            if (auto it = style_of.find(name); it != style_of.end()) style = it->second;
            else
                for (const auto& s : styles)
                    if (s.layer == name && s.is_default) style = s.name;
            x += fmt::format(R"(<layer id="{}" visible="1" style="{}" expanded="1"/>)", layer_id(name), xml_escape(style));
        }
        return x + "</visibility-preset>";
    }

    std::string legend_layers(const Directive& dir, const std::string& where) const {
        std::string x = "<layer-tree-group><customproperties><Option/></customproperties>";
        for (const auto& name : split_list(dir.at("layers", where))) {
            const OutputLayer* l = find(name);
            if (!l) continue;
            x += layer_tree_layer(*l, true);
        }
        return x + "</layer-tree-group>";
    }

    // The frames of a table: `count` side by side, each w × h mm from (x, y), gap apart.
    std::string table_frames(const Directive& dir, const std::string& where, bool child_refs) const {
        const std::string table = dir.at("table", where);
        const int count = std::stoi(vars.at("frames_" + table));
        const double x = std::stod(dir.at("x", where)), y = std::stod(dir.at("y", where));
        const double w = std::stod(dir.at("w", where)), h = std::stod(dir.at("h", where));
        const double gap = std::stod(dir.get("gap", "2"));
        const std::string multiframe = dir.at("multiframe", where);
        std::string out;
        for (int i = 0; i < count; ++i) {
            const std::string uuid = fmt::format("{{{}{:05d}}}", dir.at("uuid_prefix", where), i);
            if (child_refs) {
                out += fmt::format(R"(<childFrame uuid="{0}" templateUuid="{0}"/>)", uuid);
                continue;
            }
            const double fx = x + i * (w + gap);
            out += fmt::format(
                R"(<LayoutItem type="65647" uuid="{0}" templateUuid="{0}" multiFrame="{1}" multiFrameTemplateUuid="{1}" id="" position="{2:g},{3:g},mm" positionOnPage="{2:g},{3:g},mm" size="{4:g},{5:g},mm" sectionX="0" sectionY="0" sectionWidth="{4:g}" sectionHeight="{5:g}" hidePageIfEmpty="0" hideBackgroundIfEmpty="1" frame="false" background="false" zValue="{6}" visibility="1" referencePoint="0" itemRotation="0" opacity="1" blendMode="0" positionLock="false" excludeFromExports="0" groupUuid="" outlineWidthM="0.3,mm" frameJoinStyle="miter"><FrameColor alpha="255" red="0" green="0" blue="0"/><BackgroundColor alpha="255" red="255" green="255" blue="255"/><LayoutObject><dataDefinedProperties><Option type="Map"><Option name="name" value="" type="QString"/><Option name="properties"/><Option name="type" value="collection" type="QString"/></Option></dataDefinedProperties><customproperties><Option/></customproperties></LayoutObject></LayoutItem>)",
                uuid, multiframe, fx, y, w, h, 20 + i);
        }
        return out;
    }

    std::string expand(const std::string& text, const std::string& where) {
        return expand_template(
            text, where,
            [&](const Directive& dir) -> std::string {
                if (dir.name == "crs") return working_crs_xml;
                if (dir.name == "grid-crs") return grid_crs_xml;
                if (dir.name == "tree-layer") {
                    const OutputLayer* l = find(dir.at("name", where));
                    return l ? tree_layer(*l, dir.get("checked", "true") == "true") : "";
                }
                if (dir.name == "tree-remaining") {
                    std::string x;
                    for (const auto& l : layers)
                        if (!placed.count(l.name)) x += tree_layer(l, true);
                    return x;
                }
                if (dir.name == "map-layers") {
                    std::string x;
                    for (const auto& l : layers) x += map_layer(l);
                    return x;
                }
                if (dir.name == "layer-order") {
                    std::string x;
                    for (const auto& l : layers) x += fmt::format(R"(<layer id="{}"/>)", layer_id(l.name));
                    return x;
                }
                if (dir.name == "map-theme") return map_theme(dir, where);
                if (dir.name == "legend-layers") return legend_layers(dir, where);
                if (dir.name == "table-frames") return table_frames(dir, where, false);
                if (dir.name == "table-child-frames") return table_frames(dir, where, true);
                if (dir.name == "layout") {
                    const std::string path = bundled_data_path("styles/" + dir.at("template", where));
                    const std::string needs = dir.get("needs", "");
                    for (const auto& name : split_list(needs))
                        if (!find(name)) return "";  // e.g. no parcels: no land-use map
                    return expand(read_template(path), path);
                }
                throw OutputError(kStage, fmt::format("{}: unknown directive <!--parkgis:{}-->", where, dir.name));
            },
            vars);
    }
};

}  // namespace

MapFrame fit_map_frame(double env_xmin, double env_ymin, double env_xmax, double env_ymax, double width_mm,
                       double height_mm) {
    MapFrame f;
    const double w = std::max(env_xmax - env_xmin, 1.0), h = std::max(env_ymax - env_ymin, 1.0);
    // 6 % margin around the zones, then the next scale a planner would name.
    const double needed = 1.06 * std::max(w / (width_mm / 1000.0), h / (height_mm / 1000.0));
    f.scale = nice_at_least(needed, {1.0, 2.0, 2.5, 5.0});
    const double cx = (env_xmin + env_xmax) / 2, cy = (env_ymin + env_ymax) / 2;
    const double half_w = width_mm / 1000.0 * f.scale / 2, half_h = height_mm / 1000.0 * f.scale / 2;
    f.xmin = cx - half_w;
    f.xmax = cx + half_w;
    f.ymin = cy - half_h;
    f.ymax = cy + half_h;
    set_paper_steps(f);
    return f;
}

namespace {

constexpr double kLegendInset = 3;  // mm between the legend and the frame's edge

// What the legend in `corner` of the frame hides of the obstacles: their area under it (m²; a line or a point,
// a finding's place, weighs as much as a square metre: it must not be hidden either).
double covered_by_legend(const MapFrame& map, double frame_x, double frame_y, double frame_w, double frame_h,
                         double legend_w, double legend_h, int corner, const std::vector<const OGRGeometry*>& obstacles,
                         LegendPlacement& at) {
    const bool right = corner == 1, top = corner == 2;
    const double mx = (map.xmax - map.xmin) / frame_w, my = (map.ymax - map.ymin) / frame_h;  // metres per mm
    // The legend on paper (mm, y down), then in the map's coordinates (y up).
    const double px0 = right ? frame_x + frame_w - kLegendInset - legend_w : frame_x + kLegendInset;
    const double py0 = top ? frame_y + kLegendInset : frame_y + frame_h - kLegendInset - legend_h;
    at.corner = corner;
    at.reference_point = right ? 8 : top ? 0 : 6;
    at.x = right ? px0 + legend_w : px0;
    at.y = top ? py0 : py0 + legend_h;
    const double x0 = map.xmin + (px0 - frame_x) * mx, x1 = x0 + legend_w * mx;
    const double y1 = map.ymax - (py0 - frame_y) * my, y0 = y1 - legend_h * my;
    OGRLinearRing ring;
    for (const auto& [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) ring.addPoint(x, y);
    OGRPolygon rect;
    rect.addRing(&ring);
    OGREnvelope box;
    rect.getEnvelope(&box);
    double covered = 0;
    for (const OGRGeometry* g : obstacles) {
        if (!g) continue;
        OGREnvelope e;
        g->getEnvelope(&e);
        if (!e.Intersects(box) || !g->Intersects(&rect)) continue;
        std::unique_ptr<OGRGeometry> piece(g->Intersection(&rect));
        covered += piece ? std::max(1.0, polygonal_area(*piece)) : 1.0;
    }
    return covered;
}

// The frame at `scale` with the zones against the side opposite the legend's corner (3 % margin); false when
// the zones do not fit.
bool frame_at(double scale, int corner, double env_xmin, double env_ymin, double env_xmax, double env_ymax, double frame_w,
              double frame_h, MapFrame& f) {
    const double w = frame_w / 1000.0 * scale, h = frame_h / 1000.0 * scale;
    const double mx = 0.03 * w, my = 0.03 * h;
    if (env_xmax - env_xmin + 2 * mx > w || env_ymax - env_ymin + 2 * my > h) return false;
    const bool right = corner == 1, top = corner == 2;
    f.scale = scale;
    f.xmin = right ? env_xmin - mx : env_xmax + mx - w;  // legend right: zones to the left, and so on
    f.ymin = top ? env_ymin - my : env_ymax + my - h;
    f.xmax = f.xmin + w;
    f.ymax = f.ymin + h;
    set_paper_steps(f);
    return true;
}

}  // namespace

MapWithLegend fit_map_with_legend(double env_xmin, double env_ymin, double env_xmax, double env_ymax, double frame_x,
                                  double frame_y, double frame_w, double frame_h, double legend_w, double legend_h,
                                  const std::vector<const OGRGeometry*>& obstacles) {
    const MapFrame fitted = fit_map_frame(env_xmin, env_ymin, env_xmax, env_ymax, frame_w, frame_h);
    MapWithLegend least{fitted, {}};
    least.legend.covered_m2 = -1;
    const std::vector<double> steps = {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 8.0};
    const double decade = std::pow(10.0, std::floor(std::log10(fitted.scale)));
    std::vector<double> scales;
    for (double d : {decade, decade * 10})
        for (double s : steps)
            if (s * d >= fitted.scale * (1 - 1e-9) && s * d <= 2 * fitted.scale * (1 + 1e-9)) scales.push_back(s * d);
    for (double scale : scales)
        for (int corner = 0; corner < 3; ++corner) {
            MapFrame f;
            if (!frame_at(scale, corner, env_xmin, env_ymin, env_xmax, env_ymax, frame_w, frame_h, f)) continue;
            LegendPlacement at;
            at.covered_m2 = covered_by_legend(f, frame_x, frame_y, frame_w, frame_h, legend_w, legend_h, corner,
                                              obstacles, at);
            if (at.covered_m2 == 0) return {f, at};
            if (scale == fitted.scale && (least.legend.covered_m2 < 0 || at.covered_m2 < least.legend.covered_m2))
                least = {f, at};
        }
    return least;
}

std::string build_qgis_project(const Dataset& d, const std::vector<OutputLayer>& layers,
                               const std::vector<LayerStyle>& styles, const std::string& gpkg_file_name,
                               const std::string& date) {
    Builder b{d, layers, styles, gpkg_file_name, {}, crs_xml(d.working_epsg),
              crs_xml(d.prefixed_epsg ? d.prefixed_epsg : d.working_epsg), {}};
    OGREnvelope env;
    for (const auto& z : d.zones) {
        if (!z.geometry) continue;
        OGREnvelope e;
        z.geometry->getEnvelope(&e);
        env.Merge(e);
    }
    const std::string title = d.project->title.empty() ? d.project->name : d.project->title;
    auto& v = b.vars;
    v["title"] = title;
    v["date"] = date;
    v["gpkg"] = gpkg_file_name;
    v["generator"] = std::string("parkgis ") + kVersion;
    v["working_crs"] = fmt::format("EPSG:{}", d.working_epsg);
    v["grid_crs"] = fmt::format("EPSG:{}", d.prefixed_epsg ? d.prefixed_epsg : d.working_epsg);
    v["notice"] = d.project->notice;
    // Each layout's map frame: extent, scale, grid and scale-bar steps.
    auto set_frame_vars = [&](const std::string& k, const MapFrame& m) {
        v[k + "_xmin"] = fmt::format("{:.3f}", m.xmin);
        v[k + "_ymin"] = fmt::format("{:.3f}", m.ymin);
        v[k + "_xmax"] = fmt::format("{:.3f}", m.xmax);
        v[k + "_ymax"] = fmt::format("{:.3f}", m.ymax);
        v[k + "_scale"] = fmt::format("{:.0f}", m.scale);
        v[k + "_grid"] = fmt::format("{:.0f}", m.grid_interval_m);
        v[k + "_scalebar_km"] = fmt::format("{:g}", m.scalebar_segment_m / 1000.0);
    };
    // The land-use map's frame (330 × 262 mm in its template) has its legend beside it.
    set_frame_vars("landuse_map", fit_map_frame(env.MinX, env.MinY, env.MaxX, env.MaxY, 330, 262));
    // The legend of the 申报范围图 where it hides no zone and no finding: its size estimated from its entries
    // (a zone each up to 24, the constraint kinds, the 界址点; 5.3 mm a line, 6 mm a group title, the title and
    // margins 10 mm; as wide as the longest name at 1.6 mm a half-width cell). The QGIS test measures the real one.
    {
        std::set<std::string> constraint_kinds;
        for (const Layer* l : d.layers_of("constraints")) constraint_kinds.insert(l->constraint_kind);
        const size_t zone_entries = std::min<size_t>(d.zones.size(), 24);
        const double entries = double(zone_entries + constraint_kinds.size() + 1);
        const double groups = 1.0 + (constraint_kinds.empty() ? 0 : 1);
        double cells = 12;
        for (const auto& z : d.zones) cells = std::max(cells, display_cells(z.name) + 10);
        const double legend_w = std::clamp(7 + 4 + 1.6 * cells, 40.0, 110.0);
        const double legend_h = 10 + 6 * groups + 5.3 * entries;
        std::vector<const OGRGeometry*> obstacles;
        for (const auto& z : d.zones) obstacles.push_back(z.geometry.get());
        for (const auto& f : d.findings) obstacles.push_back(f.geometry.get());
        const MapWithLegend zone = fit_map_with_legend(env.MinX, env.MinY, env.MaxX, env.MaxY, 10, 22, 240, 228,
                                                       legend_w, legend_h, obstacles);
        const LegendPlacement& at = zone.legend;
        set_frame_vars("zone_map", zone.map);
        v["zone_legend_x"] = fmt::format("{:g}", at.x);
        v["zone_legend_y"] = fmt::format("{:g}", at.y);
        v["zone_legend_reference_point"] = std::to_string(at.reference_point);
    }
    // The grid: crosses at the intersections (the default; a printed map's 十字丝) or lines.
    v["grid_style"] = d.project->layout.grid == "lines" ? "0" : "1";
    // What the map states of itself: the central meridian, who made it and when.
    v["central_meridian"] = fmt::format("{}", d.gk_zone * 3);
    v["producer"] = d.project->layout.producer.empty() ? d.project->coordinate_file.producer : d.project->layout.producer;
    if (v["producer"].empty()) v["producer"] = "（未填写：项目文件 layout.producer）";
    v["view_xmin"] = fmt::format("{:.3f}", env.MinX);
    v["view_ymin"] = fmt::format("{:.3f}", env.MinY);
    v["view_xmax"] = fmt::format("{:.3f}", env.MaxX);
    v["view_ymax"] = fmt::format("{:.3f}", env.MaxY);
    // The 界址点 table: as many side-by-side frames as the points need (rows_per_frame fit the frame
    // height in the template); beyond three, QGIS continues on a new page (ExtendToNextPage).
    // A 270 mm frame holds 83 rows at 5.5 pt (measured in QGIS 3.22); 80 leaves a margin. The QGIS test
    // checks that the frames hold every row.
    constexpr int kRowsPerFrame = 80, kFramesOnPage = 3;
    const int points = static_cast<int>(d.boundary_points.size());
    const bool fits = points <= kRowsPerFrame * kFramesOnPage;
    v["frames_boundary_points"] = fits ? std::to_string(std::max(1, (points + kRowsPerFrame - 1) / kRowsPerFrame)) : "1";
    v["boundary_points_resize_mode"] = fits ? "0" : "1";  // 0: the frames above; 1: extend to new pages
    v["boundary_point_count"] = std::to_string(points);
    v["frames_area_summary"] = "1";
    // The atlas's 成果表: two frames of 80 rows beside each zone's map; a zone of more points goes on to new
    // pages (its table's resize mode).
    v["frames_atlas_points"] = "2";
    const std::string path = bundled_data_path("styles/project.qgs");
    return b.expand(read_template(path), path);
}

void write_qgis_project(SqliteSession& db, const std::string& project_name, const std::string& qgs_xml) {
    // A .qgz is a zip holding <name>.qgs; GDAL zips it in its memory file system.
    static int counter = 0;
    const std::string zip = fmt::format("/vsimem/parkgis_project_{}.zip", ++counter);
    {
        VSILFILE* f = VSIFOpenL(fmt::format("/vsizip/{}/{}.qgs", zip, project_name).c_str(), "wb");
        if (!f) throw OutputError(kStage, "cannot create the zipped QGIS project in memory");
        const bool ok = VSIFWriteL(qgs_xml.data(), 1, qgs_xml.size(), f) == qgs_xml.size();
        VSIFCloseL(f);
        if (!ok) throw OutputError(kStage, "cannot write the zipped QGIS project in memory");
    }
    vsi_l_offset size = 0;
    GByte* bytes = VSIGetMemFileBuffer(zip.c_str(), &size, FALSE);
    if (!bytes || size == 0) throw OutputError(kStage, "the zipped QGIS project is empty");
    char* hex = CPLBinaryToHex(static_cast<int>(size), bytes);  // QGIS stores the .qgz as hex text
    const std::string content = hex;
    CPLFree(hex);
    VSIUnlink(zip.c_str());

    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local);
    // The digest tells the next run whether QGIS saved the project again since (user_work.hpp).
    const std::string metadata =
        fmt::format(R"({{"last_modified_time": "{}", "last_modified_user": "parkgis {}", "parkgis_sha256": "{}" }})",
                    stamp, kVersion, project_digest(content));
    // QGIS's own schema (what "Project ▸ Save To ▸ GeoPackage" creates).
    db.exec("CREATE TABLE IF NOT EXISTS qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB);", {},
            "create qgis_projects");
    db.exec("INSERT OR REPLACE INTO qgis_projects(name, metadata, content) VALUES (?1, ?2, ?3);",
            {project_name.c_str(), metadata.c_str(), content.c_str()}, "store the QGIS project");
}

}  // namespace parkgis::detail
