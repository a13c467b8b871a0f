#include "coverage_index.hpp"

#include <algorithm>
#include <cmath>

namespace parkgis::detail {

namespace {

constexpr size_t kFanout = 8;
constexpr size_t kMaxClipProduct = 1 << 16;  // vertices of the part × vertices of the convex area

// The vertices of a GEOS polygon's only ring (no holes), as convex_clip.hpp takes them; empty otherwise.
Ring ring_of(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    Ring r;
    if (GEOSGeomTypeId_r(ctx, g) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(ctx, g) != 0) return r;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(ctx, g);
    const GEOSCoordSequence* seq = shell ? GEOSGeom_getCoordSeq_r(ctx, shell) : nullptr;
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n) || n < 4) return r;
    for (unsigned i = 0; i + 1 < n; ++i) {  // without the closing vertex
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
        if (!r.x.empty() && x == r.x.back() && y == r.y.back()) continue;
        r.x.push_back(x);
        r.y.push_back(y);
    }
    if (r.x.size() < 3) return {};
    return r;
}

// Inside or on a convex anticlockwise ring.
bool inside_convex(const Ring& c, double px, double py) {
    const size_t n = c.x.size();
    for (size_t i = 0; i < n; ++i) {
        const size_t j = (i + 1) % n;
        if ((c.x[j] - c.x[i]) * (py - c.y[i]) - (c.y[j] - c.y[i]) * (px - c.x[i]) < 0) return false;
    }
    return true;
}

}  // namespace

CoverageIndex::CoverageIndex(GeosHandle& h, const GEOSGeometry* covered) : m_h(h) {
    if (!covered) return;
    const int n = GEOSGetNumGeometries_r(h.ctx(), covered);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* g = GEOSGetGeometryN_r(h.ctx(), covered, i);
        Box b{};
        if (!g || GEOSisEmpty_r(h.ctx(), g) || !GEOSGeom_getXMin_r(h.ctx(), g, &b.x0) ||
            !GEOSGeom_getYMin_r(h.ctx(), g, &b.y0) || !GEOSGeom_getXMax_r(h.ctx(), g, &b.x1) ||
            !GEOSGeom_getYMax_r(h.ctx(), g, &b.y1))
            continue;
        m_parts.push_back({g, b, h.area(g), ring_of(h.ctx(), g)});
    }
    if (m_parts.empty()) return;
    // Sort-tile-recursive packing: slices by x, then by y within a slice; the order is fixed by the data
    // alone (ties broken by the parts' order in the union), so the sums are the same run after run.
    const size_t leaves = (m_parts.size() + kFanout - 1) / kFanout;
    const size_t slices = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
    auto cx = [](const Part& p) { return p.box.x0 + p.box.x1; };
    auto cy = [](const Part& p) { return p.box.y0 + p.box.y1; };
    std::stable_sort(m_parts.begin(), m_parts.end(), [&](const Part& a, const Part& b) { return cx(a) < cx(b); });
    const size_t per_slice = slices * kFanout;
    for (size_t s = 0; s < m_parts.size(); s += per_slice)
        std::stable_sort(m_parts.begin() + static_cast<std::ptrdiff_t>(s),
                         m_parts.begin() + static_cast<std::ptrdiff_t>(std::min(m_parts.size(), s + per_slice)),
                         [&](const Part& a, const Part& b) { return cy(a) < cy(b); });
    auto join = [](Box a, const Box& b) {
        return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
    };
    for (size_t i = 0; i < m_parts.size(); i += kFanout) {
        Node leaf;
        leaf.first = i;
        leaf.count = std::min(kFanout, m_parts.size() - i);
        leaf.box = m_parts[i].box;
        for (size_t k = i; k < i + leaf.count; ++k) {
            leaf.box = join(leaf.box, m_parts[k].box);
            leaf.area += m_parts[k].area;
        }
        m_nodes.push_back(leaf);
    }
    size_t level_begin = 0, level_end = m_nodes.size();
    for (int level = 1; level_end - level_begin > 1; ++level) {
        for (size_t i = level_begin; i < level_end; i += kFanout) {
            Node parent;
            parent.level = level;
            parent.first = i;
            parent.count = std::min(kFanout, level_end - i);
            parent.box = m_nodes[i].box;
            for (size_t k = i; k < i + parent.count; ++k) {
                parent.box = join(parent.box, m_nodes[k].box);
                parent.area += m_nodes[k].area;
            }
            m_nodes.push_back(parent);
        }
        level_begin = level_end;
        level_end = m_nodes.size();
    }
}

CoverageIndex::~CoverageIndex() = default;

template <class Covers, class Cut>
double CoverageIndex::sum(size_t index, const Box& query, const Covers& covers, const Cut& cut) const {
    const Node& node = m_nodes[index];
    if (!node.box.intersects(query)) return 0;
    if (covers(node.box)) return node.area;
    double total = 0;
    for (size_t k = node.first; k < node.first + node.count; ++k) {
        if (node.level > 0) {
            total += sum(k, query, covers, cut);
            continue;
        }
        const Part& p = m_parts[k];
        if (!p.box.intersects(query)) continue;
        total += covers(p.box) ? p.area : cut(p);
    }
    return total;
}

double CoverageIndex::covered_m2(const GEOSGeometry* area, const GEOSPreparedGeometry* prepared) const {
    if (m_nodes.empty() || !area) return 0;
    Box q{};
    if (!GEOSGeom_getXMin_r(m_h.ctx(), area, &q.x0) || !GEOSGeom_getYMin_r(m_h.ctx(), area, &q.y0) ||
        !GEOSGeom_getXMax_r(m_h.ctx(), area, &q.x1) || !GEOSGeom_getYMax_r(m_h.ctx(), area, &q.y1))
        return 0;
    // A many-part area (the zones of a scope) is summed part by part: cutting each covered polygon with the
    // whole area would cost the area's size once per polygon.
    if (const int n = GEOSGetNumGeometries_r(m_h.ctx(), area); n > 1) {
        double total = 0;
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* component = GEOSGetGeometryN_r(m_h.ctx(), area, i);
            const GEOSPreparedGeometry* p = GEOSPrepare_r(m_h.ctx(), component);
            total += covered_m2(component, p);
            GEOSPreparedGeom_destroy_r(m_h.ctx(), p);
        }
        return total;
    }
    // A convex area (the catchment of a convex zone, a grid cell) needs no GEOS: a box is inside when its
    // corners are, a part without holes is clipped by it (Sutherland–Hodgman, convex_clip.hpp).
    const Ring clip = convex(ring_of(m_h.ctx(), area));
    if (!clip.empty()) {
        std::vector<double> bx, by, cx, cy;
        auto covers = [&](const Box& b) {
            return b.inside(q) && inside_convex(clip, b.x0, b.y0) && inside_convex(clip, b.x1, b.y0) &&
                   inside_convex(clip, b.x1, b.y1) && inside_convex(clip, b.x0, b.y1);
        };
        auto cut = [&](const Part& p) {
            // Clipping costs the product of the two rings' sizes: for long rings GEOS's noding is cheaper.
            if (!p.ring.empty() && p.ring.x.size() * clip.x.size() <= kMaxClipProduct) {
                bool covered = false;
                const double a = clipped_area(p.ring, clip, covered, bx, by, cx, cy);
                return covered ? p.area : a;  // covered: clipped_area leaves the whole part to the caller
            }
            GeosPtr piece(GEOSIntersection_r(m_h.ctx(), area, p.geometry), {m_h.ctx()});
            return m_h.area(piece.get());
        };
        return sum(m_nodes.size() - 1, q, covers, cut);
    }
    // A box counts whole when the area holds the rectangle (so everything inside it). containsProperly, not
    // covers: GEOS answers it from its segment index, where covers falls back to a full relate that nodes
    // the whole area on every call; a box touching the edge is merely looked into.
    auto covers = [&](const Box& b) {
        if (!b.inside(q)) return false;
        GeosPtr rect(GEOSGeom_createRectangle_r(m_h.ctx(), b.x0, b.y0, b.x1, b.y1), {m_h.ctx()});
        return rect && GEOSPreparedContainsProperly_r(m_h.ctx(), prepared, rect.get()) == 1;
    };
    auto cut = [&](const Part& p) {
        if (GEOSPreparedIntersects_r(m_h.ctx(), prepared, p.geometry) != 1) return 0.0;
        GeosPtr piece(GEOSIntersection_r(m_h.ctx(), area, p.geometry), {m_h.ctx()});
        return m_h.area(piece.get());
    };
    return sum(m_nodes.size() - 1, q, covers, cut);
}

double CoverageIndex::covered_m2(double x0, double y0, double x1, double y1) const {
    if (m_nodes.empty()) return 0;
    const Box q{x0, y0, x1, y1};
    const Ring clip{{x0, x1, x1, x0}, {y0, y0, y1, y1}};  // anticlockwise
    std::vector<double> bx, by, cx, cy;
    auto covers = [&](const Box& b) { return b.inside(q); };
    auto cut = [&](const Part& p) {
        // A rectangle is convex: a part without holes is clipped by it without GEOS.
        if (!p.ring.empty() && p.ring.x.size() * clip.x.size() <= kMaxClipProduct) {
            bool covered = false;
            const double a = clipped_area(p.ring, clip, covered, bx, by, cx, cy);
            return covered ? p.area : a;
        }
        GeosPtr rect(GEOSGeom_createRectangle_r(m_h.ctx(), x0, y0, x1, y1), {m_h.ctx()});
        GeosPtr piece(GEOSIntersection_r(m_h.ctx(), rect.get(), p.geometry), {m_h.ctx()});
        return m_h.area(piece.get());
    };
    return sum(m_nodes.size() - 1, q, covers, cut);
}

}  // namespace parkgis::detail
