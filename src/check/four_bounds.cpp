#include "parkgis/check/four_bounds.hpp"

#include <fmt/format.h>
#include <geos_c.h>

#include <cmath>
#include <limits>

#include "../measure/envelope_index.hpp"
#include "../measure/geos_handle.hpp"

namespace parkgis {

struct Neighbours::Impl {
    detail::GeosHandle h;
    std::vector<const OGRGeometry*> sources;  // in layer order: a tie goes to the first
    std::vector<std::string> names;
    std::vector<GEOSGeometry*> geometries;  // converted on first use
    std::unique_ptr<detail::EnvelopeIndex> index;

    GEOSGeometry* geometry(size_t i) {
        if (!geometries[i]) geometries[i] = h.convert(*sources[i]);
        return geometries[i];
    }
    ~Impl() {
        for (GEOSGeometry* g : geometries)
            if (g) GEOSGeom_destroy_r(h.ctx(), g);
    }
};

Neighbours::Neighbours(const std::vector<const Layer*>& layers) : m_impl(std::make_unique<Impl>()) {
    for (const Layer* layer : layers)
        for (const auto& f : layer->features) {
            const auto name = f.text("name");
            if (!f.geometry || f.geometry->IsEmpty() || !name || name->empty()) continue;
            m_impl->sources.push_back(f.geometry.get());
            m_impl->names.push_back(*name);
        }
    m_impl->geometries.assign(m_impl->sources.size(), nullptr);
    m_impl->index = std::make_unique<detail::EnvelopeIndex>(m_impl->sources.size(),
                                                            [&](size_t i) { return m_impl->sources[i]; });
}

Neighbours::~Neighbours() = default;

std::array<std::string, 4> four_bounds(const std::vector<const BoundaryPoint*>& points, const Neighbours& neighbours,
                                       double distance_m) {
    std::array<std::string, 4> out;
    if (points.empty()) return out;
    // The extreme point of each side: east largest Y, south smallest X, west smallest Y, north largest X.
    std::array<const BoundaryPoint*, 4> extreme = {points[0], points[0], points[0], points[0]};
    for (const auto* p : points) {
        if (p->y_east > extreme[0]->y_east) extreme[0] = p;
        if (p->x_north < extreme[1]->x_north) extreme[1] = p;
        if (p->y_east < extreme[2]->y_east) extreme[2] = p;
        if (p->x_north > extreme[3]->x_north) extreme[3] = p;
    }
    // A neighbour names a side when the way from the extreme point to its nearest point leads that way
    // (within 45° of east, south, west or north), or it touches the point: a road along the east side is
    // the nearest thing to the south-east corner too, but it is not what lies south.
    static constexpr double kDirection[4][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};  // (east, north) of each side
    Neighbours::Impl& n = *neighbours.m_impl;
    auto ctx = n.h.ctx();
    std::vector<size_t> near;
    for (size_t side = 0; side < 4; ++side) {
        const BoundaryPoint& p = *extreme[side];
        OGREnvelope reach;
        reach.MinX = p.work_x - distance_m;
        reach.MaxX = p.work_x + distance_m;
        reach.MinY = p.work_y - distance_m;
        reach.MaxY = p.work_y + distance_m;
        n.index->query(reach, near);  // ascending: layer order
        GEOSGeometry* at = GEOSGeom_createPointFromXY_r(ctx, p.work_x, p.work_y);
        std::string nearest;
        double best = std::numeric_limits<double>::infinity();
        for (size_t i : near) {
            const GEOSGeometry* g = n.geometry(i);
            double d = 0;
            if (!g || GEOSDistance_r(ctx, g, at, &d) != 1 || d > distance_m || d >= best) continue;
            if (d > 1e-9) {
                GEOSCoordSequence* pair = GEOSNearestPoints_r(ctx, g, at);
                if (!pair) continue;
                double gx = 0, gy = 0;
                GEOSCoordSeq_getXY_r(ctx, pair, 0, &gx, &gy);
                GEOSCoordSeq_destroy_r(ctx, pair);
                const double along = ((gx - p.work_x) * kDirection[side][0] + (gy - p.work_y) * kDirection[side][1]) / d;
                if (along < std::cos(M_PI / 4) - 1e-12) continue;
            }
            best = d;
            nearest = n.names[i];
        }
        GEOSGeom_destroy_r(ctx, at);
        out[side] = !nearest.empty() ? nearest
                                     : fmt::format("J{}（X={:.2f}，Y={:.2f}）", p.number, p.x_north, p.y_east_prefixed);
    }
    return out;
}

}  // namespace parkgis
