#include "parkgis/normalize/geometry_repair.hpp"

#include <geos_c.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parkgis/errors.hpp"

namespace parkgis {

std::string invalid_reason(const OGRGeometry& g) {
    GEOSContextHandle_t ctx = OGRGeometry::createGEOSContext();
    std::string reason;
    if (GEOSGeom gg = g.exportToGEOS(ctx)) {
        if (GEOSisValid_r(ctx, gg) != 1) {
            char* r = GEOSisValidReason_r(ctx, gg);
            reason = r ? r : "invalid";
            GEOSFree_r(ctx, r);
        }
        GEOSGeom_destroy_r(ctx, gg);
    } else {
        reason = "GEOS cannot read the geometry";
    }
    OGRGeometry::freeGEOSContext(ctx);
    return reason;
}

namespace {
constexpr const char* kStage = "normalize";

bool finite_curve(const OGRSimpleCurve& c) {
    for (int i = 0; i < c.getNumPoints(); ++i)
        if (!std::isfinite(c.getX(i)) || !std::isfinite(c.getY(i))) return false;
    return true;
}
}  // namespace

bool has_finite_coordinates(const OGRGeometry& g) {
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbPoint) {
        const auto& p = *g.toPoint();
        return g.IsEmpty() || (std::isfinite(p.getX()) && std::isfinite(p.getY()));
    }
    // Polygons first, without a cast chain: this runs on every feature, twice (CRS check, ingest).
    if (type == wkbPolygon) {
        for (const auto* ring : *g.toPolygon())
            if (!finite_curve(*ring)) return false;
        return true;
    }
    if (auto* c = dynamic_cast<const OGRSimpleCurve*>(&g)) return finite_curve(*c);
    if (auto* poly = dynamic_cast<const OGRCurvePolygon*>(&g)) {
        for (const auto* ring : *poly)
            if (!has_finite_coordinates(*ring)) return false;
        return true;
    }
    if (auto* cc = dynamic_cast<const OGRCompoundCurve*>(&g)) {
        for (const auto* part : *cc)
            if (!has_finite_coordinates(*part)) return false;
        return true;
    }
    if (auto* coll = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* part : *coll)
            if (!has_finite_coordinates(*part)) return false;
        return true;
    }
    return true;
}

double polygonal_area(const OGRGeometry& g) {
    if (auto* s = dynamic_cast<const OGRSurface*>(&g)) return s->get_Area();
    if (auto* gc = dynamic_cast<const OGRGeometryCollection*>(&g)) return gc->get_Area();  // incl. multi*
    return 0.0;
}

std::unique_ptr<OGRMultiPolygon> polygonal_parts(const OGRGeometry& g) {
    auto out = std::make_unique<OGRMultiPolygon>();
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbPolygon) {
        if (!g.IsEmpty()) out->addGeometry(&g);
    } else if (auto* coll = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* part : *coll) {
            // A collection may hold lines and points too: they have no polygonal part.
            if (auto sub = polygonal_parts(*part))
                for (const auto* p : *sub) out->addGeometry(p);
        }
    }
    if (out->IsEmpty()) return nullptr;
    return out;
}

std::unique_ptr<OGRGeometry> repair_polygonal(const OGRGeometry& g) {
    const char* options[] = {"METHOD=STRUCTURE", nullptr};
    std::unique_ptr<OGRGeometry> fixed(g.MakeValid(const_cast<char**>(options)));
    if (!fixed) fixed.reset(g.MakeValid());
    if (!fixed) return nullptr;
    auto parts = polygonal_parts(*fixed);
    if (!parts) return nullptr;
    if (parts->getNumGeometries() == 1) return std::unique_ptr<OGRGeometry>(parts->getGeometryRef(0)->clone());
    return parts;
}

void check_coordinate_values(const OGRGeometry& g, const std::string& where) {
    if (!has_finite_coordinates(g))
        throw GeometryError(kStage, fmt::format("{}: has NaN or infinite coordinates; fix or delete the feature in the "
                                                "source",
                                                where));
    OGREnvelope e;
    g.getEnvelope(&e);
    const double largest = std::max({std::fabs(e.MinX), std::fabs(e.MaxX), std::fabs(e.MinY), std::fabs(e.MaxY)});
    if (largest > kMaxPlausibleCoordinate)
        throw GeometryError(kStage, fmt::format("{}: has a coordinate of {:.3g}, beyond any CRS parkgis reads (±{:.0e}); "
                                                "the feature is damaged: fix or delete it in the source",
                                                where, largest, kMaxPlausibleCoordinate));
}

namespace {
// Closes every open ring of a polygon (CAD and hand-written files leave them open); true if one was open.
bool close_open_rings(OGRGeometry& g) {
    bool closed = false;
    if (auto* poly = dynamic_cast<OGRPolygon*>(&g)) {
        for (auto* ring : *poly)
            if (ring->getNumPoints() > 0 && !ring->get_IsClosed()) {
                ring->closeRings();
                closed = true;
            }
    } else if (auto* coll = dynamic_cast<OGRGeometryCollection*>(&g)) {
        for (auto* part : *coll) closed = close_open_rings(*part) || closed;
    }
    return closed;
}
}  // namespace

std::string IngestContext::where() const {
    return fid < 0 && id.empty() ? layer_where : fmt::format("{}, feature {} ({})", layer_where, fid, id);
}

bool clearly_valid_simple_polygon(const OGRGeometry& g) {
    if (wkbFlatten(g.getGeometryType()) != wkbPolygon) return false;
    const OGRPolygon& polygon = *g.toPolygon();
    if (polygon.getNumInteriorRings() != 0) return false;
    const OGRLinearRing* ring = polygon.getExteriorRing();
    constexpr int kMax = 64;
    if (!ring || ring->getNumPoints() < 4 || ring->getNumPoints() > kMax + 1) return false;
    // Distinct consecutive vertices, relative to the first (smaller numbers, smaller rounding).
    double x[kMax + 1], y[kMax + 1];
    int m = 0;
    const double x0 = ring->getX(0), y0 = ring->getY(0);
    for (int i = 0; i < ring->getNumPoints(); ++i) {
        const double px = ring->getX(i) - x0, py = ring->getY(i) - y0;
        if (m > 0 && px == x[m - 1] && py == y[m - 1]) continue;
        x[m] = px;
        y[m] = py;
        ++m;
    }
    if (m < 4 || x[m - 1] != 0 || y[m - 1] != 0) return false;  // not closed, or fewer than 3 distinct vertices
    --m;  // the closing vertex
    double extent = 0, area2 = 0;
    for (int i = 0; i < m; ++i) {
        extent = std::max({extent, std::fabs(x[i]), std::fabs(y[i])});
        area2 += x[i] * y[(i + 1) % m] - x[(i + 1) % m] * y[i];
    }
    const double tolerance = 1e-9 * extent * extent;  // far above the rounding of a cross product
    if (!(std::fabs(area2) > tolerance)) return false;
    auto orient = [&](int a, int b, int c) {
        return (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
    };
    for (int i = 0; i < m; ++i) {
        const int i1 = (i + 1) % m;
        for (int j = i + 1; j < m; ++j) {
            const int j1 = (j + 1) % m;
            if (j == i1 || j1 == i) {  // adjacent: they must not fold back onto each other
                const int shared = j == i1 ? j : i, a = j == i1 ? i : j, b = j == i1 ? j1 : i1;
                if (std::fabs(orient(a, shared, b)) <= tolerance &&
                    (x[a] - x[shared]) * (x[b] - x[shared]) + (y[a] - y[shared]) * (y[b] - y[shared]) > 0)
                    return false;
                continue;
            }
            // Boxes apart (by more than the tolerance): the edges cannot meet.
            const double gap = 1e-9 * extent;
            if (std::max(x[i], x[i1]) + gap < std::min(x[j], x[j1]) || std::max(x[j], x[j1]) + gap < std::min(x[i], x[i1]) ||
                std::max(y[i], y[i1]) + gap < std::min(y[j], y[j1]) || std::max(y[j], y[j1]) + gap < std::min(y[i], y[i1]))
                continue;
            const double o1 = orient(i, i1, j), o2 = orient(i, i1, j1), o3 = orient(j, j1, i), o4 = orient(j, j1, i1);
            if (std::fabs(o1) <= tolerance || std::fabs(o2) <= tolerance || std::fabs(o3) <= tolerance ||
                std::fabs(o4) <= tolerance)
                return false;  // touching or too close to call
            if ((o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0)) return false;  // crossing
        }
    }
    return true;
}

IngestedGeometry ingest_geometry(std::unique_ptr<OGRGeometry> g, const IngestContext& c) {
    IngestedGeometry out;
    if (!g || g->IsEmpty()) {
        out.outcome = IngestedGeometry::Outcome::empty;
        return out;
    }
    check_coordinate_values(*g, c.where());
    if (g->Is3D() || g->IsMeasured()) {
        g->flattenTo2D();
        g->setMeasured(FALSE);
        out.dropped_zm = true;
    }
    if (g->hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        if (!linear || linear->IsEmpty() || !has_finite_coordinates(*linear))
            throw GeometryError(kStage, fmt::format("{}: a curved geometry that cannot be approximated by line "
                                                    "segments; convert it to polygons in the source",
                                                    c.where()));
        g = std::move(linear);
        out.linearised = true;
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (c.polygons && type != wkbPolygon && type != wkbMultiPolygon) {
        auto parts = polygonal_parts(*g);
        if (!parts)
            throw GeometryError(kStage, fmt::format("{}: is a {}, but the {} role needs polygons; give the polygon "
                                                    "layer for this role",
                                                    c.where(), OGRGeometryTypeToName(type), c.role));
        g = std::move(parts);
    }
    if (c.polygons) out.rings_closed = close_open_rings(*g);
    for (const auto* ct : {c.from_web_map, c.to_working}) {
        if (!ct) continue;
        if (g->transform(const_cast<OGRCoordinateTransformation*>(ct)) != OGRERR_NONE || !has_finite_coordinates(*g))
            throw CrsError(kStage, fmt::format("{}: cannot be transformed from {} to the working CRS; check the "
                                               "declared CRS",
                                               c.where(), c.source_crs_label));
    }
    if (c.polygons && !clearly_valid_simple_polygon(*g) && !g->IsValid()) {
        out.invalid_reason = invalid_reason(*g);
        if (!c.repair)
            throw GeometryError(kStage, fmt::format("{}: invalid geometry ({}); fix it (QGIS: Vector ▸ Geometry Tools ▸ "
                                                    "Fix Geometries) or run without --no-repair",
                                                    c.where(), out.invalid_reason));
        auto fixed = repair_polygonal(*g);
        out.repaired_area = fixed ? polygonal_area(*fixed) : 0.0;
        if (!fixed || !(out.repaired_area > 0)) {
            out.outcome = IngestedGeometry::Outcome::unrepairable;
            return out;
        }
        out.outcome = IngestedGeometry::Outcome::repaired;
        out.geometry = std::move(fixed);
        return out;
    }
    out.geometry = std::move(g);
    return out;
}

}  // namespace parkgis
