#include "parkgis/normalize/geometry_repair.hpp"

#include <geos_c.h>

#include <cmath>

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
            auto sub = polygonal_parts(*part);
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

}  // namespace parkgis
