#include "parkgis/normalize/normalize_stage.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "parkgis/errors.hpp"
#include "parkgis/normalize/crs.hpp"
#include "parkgis/normalize/geometry_repair.hpp"

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

void NormalizeStage::prepare(const Project& project, const RunOptions&) {
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
        const bool polygons = polygon_role(layer.role);
        bool dropped_zm = false, linearised = false;
        std::vector<Feature> kept;
        kept.reserve(layer.features.size());
        for (auto& f : layer.features) {
            if (options.progress && ++done % 4096 == 0)
                options.progress(static_cast<double>(done) / total, "normalize " + layer.role);
            const std::string where = fmt::format("{}, feature {} ({})", layer.describe(), f.source_fid, f.id);
            if (!f.geometry || f.geometry->IsEmpty()) {
                if (layer.role == "zones")
                    throw GeometryError(kStage, fmt::format("{}: has no geometry; draw the zone boundary or delete the "
                                                            "feature",
                                                            where));
                dataset.add({"QA-GEOM-EMPTY", Severity::warning, layer.role, f.id, {}, {}, "",
                             "要素无几何图形，已跳过", "feature has no geometry and was skipped", "parkgis QA", nullptr});
                continue;
            }
            if (!has_finite_coordinates(*f.geometry))
                throw GeometryError(kStage, fmt::format("{}: has NaN or infinite coordinates; fix or delete the feature "
                                                        "in the source",
                                                        where));
            if (f.geometry->Is3D() || f.geometry->IsMeasured()) {
                f.geometry->flattenTo2D();
                f.geometry->setMeasured(FALSE);
                dropped_zm = true;
            }
            if (f.geometry->hasCurveGeometry()) {
                f.geometry.reset(f.geometry->getLinearGeometry());
                linearised = true;
            }
            const auto type = wkbFlatten(f.geometry->getGeometryType());
            if (polygons && type != wkbPolygon && type != wkbMultiPolygon) {
                auto parts = polygonal_parts(*f.geometry);
                if (!parts)
                    throw GeometryError(kStage, fmt::format("{}: is a {}, but the {} role needs polygons; give the "
                                                            "polygon layer for this role",
                                                            where, OGRGeometryTypeToName(type), layer.role));
                f.geometry = std::move(parts);
            }
            if (ct && f.geometry->transform(ct.get()) != OGRERR_NONE)
                throw CrsError(kStage, fmt::format("{}: cannot be transformed from {} to the working CRS; check the "
                                                   "declared CRS",
                                                   where, crs_label(layer.source_crs)));
            if (polygons && !f.geometry->IsValid()) {
                const std::string reason = invalid_reason(*f.geometry);
                if (!options.repair)
                    throw GeometryError(kStage, fmt::format("{}: invalid geometry ({}); fix it (QGIS: Vector ▸ Geometry "
                                                            "Tools ▸ Fix Geometries) or run without --no-repair",
                                                            where, reason));
                auto fixed = repair_polygonal(*f.geometry);
                const double area = fixed ? polygonal_area(*fixed) : 0.0;
                if (!fixed || area <= 0) {
                    if (layer.role == "zones")
                        throw GeometryError(kStage, fmt::format("{}: invalid geometry ({}) with no area left after "
                                                                "repair; redraw the boundary",
                                                                where, reason));
                    dataset.add({"QA-GEOM-UNREPAIRABLE", Severity::warning, layer.role, f.id, 0.0, {}, "m2",
                                 fmt::format("几何无效（{}），修复后面积为零，已跳过", reason),
                                 fmt::format("invalid geometry ({}) with zero area after repair; skipped", reason),
                                 "parkgis QA", nullptr});
                    continue;
                }
                dataset.add({"QA-GEOM-REPAIRED", Severity::warning, layer.role, f.id, area, {}, "m2",
                             fmt::format("几何无效（{}），已用 GEOS MakeValid 修复，修复后面积 {:.2f} m²", reason, area),
                             fmt::format("invalid geometry ({}) repaired with GEOS MakeValid; area after repair "
                                         "{:.2f} m²",
                                         reason, area),
                             "parkgis QA (GEOS MakeValid, structure method)", std::shared_ptr<OGRGeometry>(fixed->clone())});
                f.geometry = std::move(fixed);
            }
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
}

}  // namespace parkgis
