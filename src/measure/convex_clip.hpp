#pragma once
// The overlay's fast path (profile: GEOS intersections were 13 % of a --lean run, the OGR → GEOS
// conversions and prepared tests most of the rest): a building that is one ring against a parcel that is
// one convex ring needs no GEOS, nor does a convex building against a parcel of one ring that is not
// convex (the parcel is clipped by the building then). Sutherland–Hodgman clipping of any simple polygon by
// a convex one gives the exact intersection area (up to rounding); every other pair goes to GEOS. Internal.
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace parkgis::detail {

// The vertices of a polygon's only ring (no holes), without the closing vertex and without repeats.
struct Ring {
    std::vector<double> x, y;
    bool empty() const { return x.empty(); }
};

inline Ring single_ring_of(const OGRGeometry& g) {
    Ring r;
    if (wkbFlatten(g.getGeometryType()) != wkbPolygon) return r;
    const OGRPolygon& polygon = *g.toPolygon();
    const OGRLinearRing* ring = polygon.getExteriorRing();
    if (polygon.getNumInteriorRings() != 0 || !ring || ring->getNumPoints() < 4) return r;
    const int n = ring->getNumPoints();
    r.x.reserve(n);
    r.y.reserve(n);
    for (int i = 0; i < n; ++i) {
        const double x = ring->getX(i), y = ring->getY(i);
        if (!r.x.empty() && x == r.x.back() && y == r.y.back()) continue;
        r.x.push_back(x);
        r.y.push_back(y);
    }
    if (r.x.size() > 1 && r.x.front() == r.x.back() && r.y.front() == r.y.back()) {
        r.x.pop_back();
        r.y.pop_back();
    }
    if (r.x.size() < 3) return {};
    return r;
}

// Twice the signed area (anticlockwise positive), relative to the first vertex for precision.
inline double twice_signed_area(const std::vector<double>& x, const std::vector<double>& y) {
    double s = 0;
    const size_t n = x.size();
    for (size_t i = 1; i + 1 < n; ++i) s += (x[i] - x[0]) * (y[i + 1] - y[0]) - (x[i + 1] - x[0]) * (y[i] - y[0]);
    return s;
}

inline double ring_area(const Ring& r) { return std::fabs(twice_signed_area(r.x, r.y)) / 2; }

// The ring when it is convex, made anticlockwise; empty otherwise (then GEOS decides).
inline Ring convex(Ring r) {
    if (r.empty()) return r;
    const double a2 = twice_signed_area(r.x, r.y);
    if (!(std::fabs(a2) > 0)) return {};
    if (a2 < 0) {  // make it anticlockwise
        std::reverse(r.x.begin() + 1, r.x.end());
        std::reverse(r.y.begin() + 1, r.y.end());
    }
    // Convex: every turn to the left (collinear vertices allowed; a near-zero turn is left to GEOS when it
    // is a right turn within rounding).
    const size_t n = r.x.size();
    double extent = 0;
    for (size_t i = 0; i < n; ++i) extent = std::max({extent, std::fabs(r.x[i] - r.x[0]), std::fabs(r.y[i] - r.y[0])});
    const double tolerance = 1e-12 * extent * extent;
    for (size_t i = 0; i < n; ++i) {
        const size_t j = (i + 1) % n, k = (i + 2) % n;
        const double turn = (r.x[j] - r.x[i]) * (r.y[k] - r.y[i]) - (r.y[j] - r.y[i]) * (r.x[k] - r.x[i]);
        if (turn < -tolerance) return {};
    }
    return r;
}

// A parcel's ring when it is convex, anticlockwise; empty otherwise (then GEOS decides).
inline Ring convex_ring_of(const OGRGeometry& g) { return convex(single_ring_of(g)); }

// Area of subject ∩ clip (clip convex and anticlockwise). `covered` is set when every subject vertex lies
// inside or on the clip ring (the whole subject counts, as GEOS's covers would say).
inline double clipped_area(const Ring& subject, const Ring& clip, bool& covered, std::vector<double>& bx,
                           std::vector<double>& by, std::vector<double>& cx, std::vector<double>& cy) {
    const double ox = clip.x[0], oy = clip.y[0];  // a local origin: smaller numbers, smaller rounding
    const size_t nc = clip.x.size();
    auto side = [&](size_t e, double px, double py) {  // > 0 left of (inside) clip edge e
        const size_t f = (e + 1) % nc;
        const double ax = clip.x[e] - ox, ay = clip.y[e] - oy, dx = clip.x[f] - clip.x[e], dy = clip.y[f] - clip.y[e];
        return dx * (py - ay) - dy * (px - ax);
    };
    bx.resize(subject.x.size());
    by.resize(subject.y.size());
    covered = true;
    for (size_t i = 0; i < subject.x.size(); ++i) {
        bx[i] = subject.x[i] - ox;
        by[i] = subject.y[i] - oy;
        for (size_t e = 0; e < nc && covered; ++e)
            if (side(e, bx[i], by[i]) < 0) covered = false;
    }
    if (covered) return 0;  // the caller takes the subject's own area
    for (size_t e = 0; e < nc && !bx.empty(); ++e) {
        cx.clear();
        cy.clear();
        const size_t n = bx.size();
        for (size_t i = 0; i < n; ++i) {
            const size_t j = (i + 1) % n;
            const double si = side(e, bx[i], by[i]), sj = side(e, bx[j], by[j]);
            if (si >= 0) {
                cx.push_back(bx[i]);
                cy.push_back(by[i]);
            }
            if ((si >= 0) != (sj >= 0)) {
                const double t = si / (si - sj);
                cx.push_back(bx[i] + t * (bx[j] - bx[i]));
                cy.push_back(by[i] + t * (by[j] - by[i]));
            }
        }
        bx.swap(cx);
        by.swap(cy);
    }
    if (bx.size() < 3) return 0;
    return std::fabs(twice_signed_area(bx, by)) / 2;
}

}  // namespace parkgis::detail
