#include "parkgis/normalize/normalize_stage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <cmath>
#include <memory>

#include <ogr_api.h>
#include <ogr_geometry.h>

#include "../core/parallel.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/normalize/crs.hpp"
#include "parkgis/normalize/geometry_repair.hpp"
#include "parkgis/normalize/web_map_datum.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "normalize";

bool polygon_role(const std::string& role) {
    return role == "zones" || role == "parcels" || role == "buildings" || role == "constraints" || role == "study_area";
}

std::string crs_label(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return fmt::format("{}:{}", auth, code);
    return srs.GetName() ? srs.GetName() : "the declared CRS";
}

OGREnvelope finite_extent(const Layer& layer) {
    OGREnvelope all;
    for (const auto& f : layer.features) {
        if (!f.geometry || f.geometry->IsEmpty() || !has_finite_coordinates(*f.geometry)) continue;
        OGREnvelope e;
        f.geometry->getEnvelope(&e);
        if (std::max({std::fabs(e.MinX), std::fabs(e.MaxX), std::fabs(e.MinY), std::fabs(e.MaxY)}) >
            kMaxPlausibleCoordinate)
            continue;  // ingest_geometry names the feature
        all.Merge(e);
    }
    return all;
}

// Area-weighted centre of the zones, in the zones' source CRS.
std::pair<double, double> zones_centre(const Layer& zones) {
    double sx = 0, sy = 0, sw = 0;
    for (const auto& f : zones.features) {
        if (!f.geometry || f.geometry->IsEmpty() || !has_finite_coordinates(*f.geometry)) continue;
        OGREnvelope e;
        f.geometry->getEnvelope(&e);
        const double w = std::max((e.MaxX - e.MinX) * (e.MaxY - e.MinY), 1e-12);
        sx += w * (e.MinX + e.MaxX) / 2;
        sy += w * (e.MinY + e.MaxY) / 2;
        sw += w;
    }
    return {sx / sw, sy / sw};
}

// Share of the points that fall inside any of the prepared zones, after moving them by (dx, dy).
double share_inside(const std::vector<OGRPoint>& points, const std::vector<OGRPreparedGeometryUniquePtr>& zones, double dx,
                    double dy) {
    if (points.empty()) return 0;
    size_t inside = 0;
    for (const auto& p : points) {
        OGRPoint moved(p.getX() + dx, p.getY() + dy);
        for (const auto& z : zones)
            if (OGRPreparedGeometryContains(z.get(), OGRGeometry::ToHandle(&moved))) {
                ++inside;
                break;
            }
    }
    return static_cast<double>(inside) / points.size();
}

// Data traced on a Chinese web map but declared as WGS 84 / CGCS2000 sit a few hundred metres off. With
// the zones as the reference: when a longitude/latitude layer's features fall inside the zones far more
// often once the GCJ-02 offset is taken away, the layer is probably GCJ-02 (and the other way round for
// zones drawn on a web map). A warning, never a silent correction: the planner declares `crs: GCJ-02`.
void warn_web_map_offsets(Dataset& dataset, const std::pair<double, double>& centre_lonlat) {
    const Layer* zones = dataset.layer("zones");
    if (!zones || !in_gcj02_area(centre_lonlat.first, centre_lonlat.second)) return;
    const bool any_lonlat = std::any_of(dataset.layers.begin(), dataset.layers.end(), [](const Layer& l) {
        return l.has_geometry && l.source_crs.IsGeographic() && l.web_map_datum.empty();
    });
    if (!any_lonlat) return;  // only longitude/latitude data can have been traced on a web map
    // The offset in the working CRS at the zones' centre (it varies by metres over a zone).
    OGRSpatialReference wgs84 = srs_from_epsg(4326);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &dataset.working_crs));
    if (!ct) return;
    double x[2] = {centre_lonlat.first, 0}, y[2] = {centre_lonlat.second, 0};
    wgs84_to_gcj02(x[0], y[0], x[1], y[1]);
    if (!ct->Transform(2, x, y)) return;
    const double dx = x[1] - x[0], dy = y[1] - y[0];
    const double offset_m = std::hypot(dx, dy);

    std::vector<OGRPreparedGeometryUniquePtr> prepared;
    for (const auto& f : zones->features)
        if (f.geometry) prepared.emplace_back(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(f.geometry.get())));
    for (const auto& layer : dataset.layers) {
        if (&layer == zones || !layer.has_geometry || !layer.web_map_datum.empty() || layer.role == "study_area" ||
            layer.role == "constraints" || layer.features.empty())
            continue;
        // Only when one of the two is longitude/latitude: a projected layer was not traced on a web map.
        const bool layer_lonlat = layer.source_crs.IsGeographic();
        const bool zones_lonlat = zones->source_crs.IsGeographic() && zones->web_map_datum.empty();
        if (!layer_lonlat && !zones_lonlat) continue;
        std::vector<OGRPoint> points;  // up to 2000 feature centres, evenly spread over the layer
        const size_t step = std::max<size_t>(1, layer.features.size() / 2000);
        for (size_t i = 0; i < layer.features.size(); i += step) {
            OGREnvelope e;
            layer.features[i].geometry->getEnvelope(&e);
            points.emplace_back((e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2);
        }
        const double as_read = share_inside(points, prepared, 0, 0);
        struct Candidate {
            bool applies;
            double share;
            const Layer* suspect;
        };
        // The layer is GCJ-02: move it back by the offset; the zones are GCJ-02: move the layer onto them.
        for (const Candidate& c : {Candidate{layer_lonlat, share_inside(points, prepared, -dx, -dy), &layer},
                                   Candidate{zones_lonlat, share_inside(points, prepared, dx, dy), zones}}) {
            const double outside_as_read = 1 - as_read, outside_moved = 1 - c.share;
            if (!c.applies || outside_as_read < 0.05 || outside_moved > outside_as_read / 3) continue;
            const std::string role = c.suspect->role;
            dataset.add({"QA-CRS-GCJ02-SUSPECTED", Severity::warning, role, "", c.share * 100, as_read * 100, "%",
                         fmt::format("{} 的要素仅 {:.0f}% 落在申报范围内，按 GCJ-02 偏移（约 {:.0f} m）改正后为 {:.0f}%："
                                     "{} 疑为网络地图（高德/腾讯）坐标却声明为 WGS 84/CGCS2000。若是，请在 inputs.{} 下写 "
                                     "crs: GCJ-02",
                                     layer.describe(), as_read * 100, offset_m, c.share * 100, c.suspect->describe(),
                                     role),
                         fmt::format("only {:.0f}% of {}'s features lie inside the zones as declared, {:.0f}% once the "
                                     "GCJ-02 offset (about {:.0f} m) is taken into account: {} looks like web-map "
                                     "(GCJ-02) coordinates declared as WGS 84/CGCS2000. If so, set `crs: GCJ-02` under "
                                     "inputs.{}",
                                     as_read * 100, layer.describe(), c.share * 100, offset_m, c.suspect->describe(),
                                     role),
                         "parkgis QA (GCJ-02 published formula)", nullptr});
            break;
        }
    }
}

}  // namespace

void check_coordinates_fit_crs(const Layer& layer) {
    if (!layer.has_geometry) return;
    const OGREnvelope e = finite_extent(layer);
    if (!e.IsInit()) return;
    const std::string where = layer.describe();
    const std::string crs = crs_label(layer.source_crs);
    if (layer.source_crs.IsGeographic()) {
        if (std::fabs(e.MinX) > 180 || std::fabs(e.MaxX) > 180 || std::fabs(e.MinY) > 90 || std::fabs(e.MaxY) > 90)
            throw CrsError(kStage, fmt::format("{}: declared as {} (degrees), but coordinates reach ({:.2f}, {:.2f}), "
                                               "which are metres, not degrees; set `crs:` under inputs.{} to the "
                                               "projected CRS the data are in (e.g. EPSG:4545)",
                                               where, crs, std::fabs(e.MaxX) > std::fabs(e.MinX) ? e.MaxX : e.MinX,
                                               std::fabs(e.MaxY) > std::fabs(e.MinY) ? e.MaxY : e.MinY, layer.role));
        return;
    }
    if (!layer.source_crs.IsProjected()) return;
    if (std::fabs(e.MinX) <= 180 && std::fabs(e.MaxX) <= 180 && std::fabs(e.MinY) <= 90 && std::fabs(e.MaxY) <= 90)
        throw CrsError(kStage, fmt::format("{}: declared as {} (metres), but every coordinate lies within ±180/±90 "
                                           "({:.4f}, {:.4f} – {:.4f}, {:.4f}): these look like degrees; set `crs: "
                                           "EPSG:4490` (CGCS2000 longitude/latitude) under inputs.{}",
                                           where, crs, e.MinX, e.MinY, e.MaxX, e.MaxY, layer.role));
    // The centre must land inside the CRS's area of use (with a margin for zone-edge data).
    double west, south, east, north;
    const char* area_name = nullptr;
    OGRSpatialReference geog;
    geog.CopyGeogCSFrom(&layer.source_crs);
    geog.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&layer.source_crs, &geog));
    double x = (e.MinX + e.MaxX) / 2, y = (e.MinY + e.MaxY) / 2;
    if (!ct || !ct->Transform(1, &x, &y) || !std::isfinite(x) || !std::isfinite(y))
        throw CrsError(kStage, fmt::format("{}: coordinates around ({:.2f}, {:.2f}) cannot be converted from {} to "
                                           "longitude/latitude; check the declared CRS",
                                           where, (e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2, crs));
    if (layer.source_crs.GetAreaOfUse(&west, &south, &east, &north, &area_name) && west > -1000) {
        constexpr double margin = 5.0;
        const bool wraps = west > east;
        const bool lon_ok = wraps ? (x >= west - margin || x <= east + margin) : (x >= west - margin && x <= east + margin);
        if (!lon_ok || y < south - margin || y > north + margin)
            throw CrsError(kStage, fmt::format("{}: in {} the data would lie at {:.3f}°E, {:.3f}°N, outside the CRS's "
                                               "area of use ({}); the declared CRS is probably wrong: set `crs:` under "
                                               "inputs.{} (for CGCS2000 3-degree Gauss-Krüger without zone prefix use "
                                               "EPSG:4534–4554, with prefix 4513–4533)",
                                               where, crs, x, y, area_name ? area_name : "?", layer.role));
    }
}

void NormalizeStage::prepare(const Project& project, const RunOptions& options) {
    if (const std::string repair = option(options, "repair"); repair != "true" && repair != "false")
        throw UsageError(kStage, fmt::format("the option repair is true or false, not '{}'", repair));
    if (project.working_crs == "auto") return;
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(project.working_crs.c_str()) != OGRERR_NONE)
        throw CrsError(kStage, fmt::format("{}: working_crs '{}' is not a CRS PROJ knows; use auto or e.g. EPSG:4545",
                                           project.file, project.working_crs));
    if (!srs.IsProjected())
        throw CrsError(kStage, fmt::format("{}: working_crs '{}' is not projected; areas are never computed in degrees: "
                                           "use auto or a CGCS2000 Gauss-Krüger CRS (EPSG:4534–4554)",
                                           project.file, project.working_crs));
}

void NormalizeStage::run(Dataset& dataset, const RunOptions& options) {
    // NaN, infinity or absurd values in the zones first: the zones' centre would be poisoned by them (the
    // other layers are checked feature by feature in ingest_geometry; the CRS checks skip such features).
    if (const Layer* zones = dataset.layer("zones"))
        for (const auto& f : zones->features)
            if (f.geometry && !f.geometry->IsEmpty())
                check_coordinate_values(*f.geometry,
                                        fmt::format("{}, feature {} ({})", zones->describe(), f.source_fid, f.id));
    for (const auto& layer : dataset.layers) check_coordinates_fit_crs(layer);

    // Working CRS: the CGCS2000 3-degree GK zone of the zones' centre, unless the project says.
    Layer* zones = dataset.layer("zones");
    OGRSpatialReference geog;
    geog.CopyGeogCSFrom(&zones->source_crs);
    geog.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    auto [cx, cy] = zones_centre(*zones);
    if (!zones->source_crs.IsGeographic()) {
        std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&zones->source_crs, &geog));
        if (!ct || !ct->Transform(1, &cx, &cy))
            throw CrsError(kStage, fmt::format("{}: cannot convert the zones' centre to longitude/latitude",
                                               zones->describe()));
    }
    const std::pair<double, double> centre_lonlat{cx, cy};
    const GaussKrugerZone gk = select_gauss_kruger_zone(cx);
    dataset.gk_zone = gk.zone;
    dataset.prefixed_epsg = gk.prefixed_epsg;
    if (dataset.project->working_crs == "auto") {
        dataset.working_crs = srs_from_epsg(gk.epsg);
        dataset.working_epsg = gk.epsg;
    } else {
        dataset.working_crs.SetFromUserInput(dataset.project->working_crs.c_str());
        dataset.working_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const char* code = dataset.working_crs.GetAuthorityCode(nullptr);
        dataset.working_epsg = code ? std::atoi(code) : 0;
    }

    size_t done = 0, total = 0;
    for (const auto& l : dataset.layers) total += l.features.size();
    for (auto& layer : dataset.layers) {
        if (!layer.has_geometry) continue;
        std::unique_ptr<OGRCoordinateTransformation> ct;
        if (!layer.source_crs.IsSame(&dataset.working_crs)) {
            ct.reset(OGRCreateCoordinateTransformation(&layer.source_crs, &dataset.working_crs));
            if (!ct)
                throw CrsError(kStage, fmt::format("{}: PROJ cannot transform from {} to the working CRS {}",
                                                   layer.describe(), crs_label(layer.source_crs),
                                                   crs_label(dataset.working_crs)));
        }
        const auto web_map = web_map_to_wgs84(web_map_datum_from_name(layer.web_map_datum));
        if (web_map)
            dataset.add({"QA-CRS-WEB-MAP", Severity::info, layer.role, "", {}, {}, "",
                         fmt::format("{} 按 {} 网络地图坐标读取，已逆算偏移至 WGS 84（迭代精度优于 0.1 mm）", layer.describe(),
                                     layer.web_map_datum),
                         fmt::format("{}: read as {} web-map coordinates; the offset was undone to WGS 84 (iterated to "
                                     "better than 0.1 mm)",
                                     layer.describe(), layer.web_map_datum),
                         "parkgis QA (GCJ-02 published formula)", nullptr});
        IngestContext context;
        context.layer_where = layer.describe();
        context.role = layer.role;
        context.polygons = polygon_role(layer.role);
        context.repair = option(options, "repair") != "false";
        context.source_crs_label = crs_label(layer.source_crs);
        // Every feature on its own, on all cores (profile: validity and transformation were a quarter of a
        // --lean run). A PROJ transformation is not thread-safe: each worker has its clones.
        const size_t n = layer.features.size();
        const unsigned workers = detail::worker_count();
        std::vector<std::unique_ptr<OGRCoordinateTransformation>> clones;
        auto own_copy = [&](const OGRCoordinateTransformation* shared, unsigned w) -> const OGRCoordinateTransformation* {
            if (!shared || w == 0) return shared;  // worker 0 is this thread: it uses the originals
            clones.emplace_back(shared->Clone());
            return clones.back().get();
        };
        std::vector<IngestContext> contexts(workers, context);
        for (unsigned w = 0; w < workers; ++w) {
            contexts[w].from_web_map = own_copy(web_map.get(), w);
            contexts[w].to_working = own_copy(ct.get(), w);
        }
        std::vector<IngestedGeometry> ingested(n);
        std::vector<std::exception_ptr> errors(n);
        std::atomic<size_t> progressed{0};
        detail::parallel_chunks(n, 2048, workers, [&](size_t begin, size_t end, unsigned w) {
            IngestContext& c = contexts[w];
            for (size_t i = begin; i < end; ++i) {
                Feature& f = layer.features[i];
                c.fid = f.source_fid;
                c.id = f.id;
                try {
                    ingested[i] = ingest_geometry(std::move(f.geometry), c);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            }
            progressed += end - begin;
            if (w == 0 && options.progress)
                options.progress(static_cast<double>(done + progressed) / total, "normalize " + layer.role);
        });
        done += n;
        // The first bad feature in file order is the one reported, whatever the threads did.
        for (const auto& e : errors)
            if (e) std::rethrow_exception(e);
        bool dropped_zm = false, linearised = false;
        std::vector<Feature> kept;
        kept.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            Feature& f = layer.features[i];
            IngestedGeometry& in = ingested[i];
            context.fid = f.source_fid;
            context.id = f.id;
            dropped_zm = dropped_zm || in.dropped_zm;
            linearised = linearised || in.linearised;
            if (in.rings_closed)
                dataset.add({"QA-GEOM-RING-CLOSED", Severity::warning, layer.role, f.id, {}, {}, "",
                             "多边形环未闭合，已按首点闭合", "an open polygon ring was closed at its first point",
                             "parkgis QA", nullptr});
            using Outcome = IngestedGeometry::Outcome;
            if (in.outcome == Outcome::empty) {
                if (layer.role == "zones")
                    throw GeometryError(kStage, fmt::format("{}: has no geometry; draw the zone boundary or delete the "
                                                            "feature",
                                                            context.where()));
                dataset.add({"QA-GEOM-EMPTY", Severity::warning, layer.role, f.id, {}, {}, "",
                             "要素无几何图形，已跳过", "feature has no geometry and was skipped", "parkgis QA", nullptr});
                continue;
            }
            const std::string& reason = in.invalid_reason;
            if (in.outcome == Outcome::unrepairable) {
                if (layer.role == "zones")
                    throw GeometryError(kStage, fmt::format("{}: invalid geometry ({}) with no area left after "
                                                            "repair; redraw the boundary",
                                                            context.where(), reason));
                dataset.add({"QA-GEOM-UNREPAIRABLE", Severity::warning, layer.role, f.id, 0.0, {}, "m2",
                             fmt::format("几何无效（{}），修复后面积为零，已跳过", reason),
                             fmt::format("invalid geometry ({}) with zero area after repair; skipped", reason),
                             "parkgis QA", nullptr});
                continue;
            }
            if (in.outcome == Outcome::repaired) {
                const double area = in.repaired_area;
                dataset.add({"QA-GEOM-REPAIRED", Severity::warning, layer.role, f.id, area, {}, "m2",
                             fmt::format("几何无效（{}），已用 GEOS MakeValid 修复，修复后面积 {:.2f} m²", reason, area),
                             fmt::format("invalid geometry ({}) repaired with GEOS MakeValid; area after repair "
                                         "{:.2f} m²",
                                         reason, area),
                             "parkgis QA (GEOS MakeValid, structure method)",
                             std::shared_ptr<OGRGeometry>(in.geometry->clone())});
            }
            f.geometry = std::move(in.geometry);
            kept.push_back(std::move(f));
        }
        layer.features = std::move(kept);
        if (dropped_zm)
            dataset.add({"QA-GEOM-ZM-DROPPED", Severity::info, layer.role, "", {}, {}, "", "已去除 Z/M 坐标，按二维计算",
                         "Z/M coordinates dropped; computed in 2D", "parkgis QA", nullptr});
        if (linearised)
            dataset.add({"QA-GEOM-CURVES", Severity::info, layer.role, "", {}, {}, "", "曲线几何已按折线近似",
                         "curved geometry approximated by line segments", "parkgis QA", nullptr});
    }
    warn_web_map_offsets(dataset, centre_lonlat);
}

}  // namespace parkgis
