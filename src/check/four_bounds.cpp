#include "parkgis/check/four_bounds.hpp"

#include <fmt/format.h>
#include <geos_c.h>

#include <cmath>
#include <limits>

#include "../measure/geos_handle.hpp"

namespace parkgis {

std::array<std::string, 4> four_bounds(const std::vector<const BoundaryPoint*>& points,
                                       const std::vector<const Layer*>& neighbours, double distance_m) {
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
    detail::GeosHandle h;
    std::vector<std::pair<GEOSGeometry*, std::string>> candidates;
    for (const Layer* layer : neighbours)
        for (const auto& f : layer->features) {
            const auto name = f.text("name");
            if (!f.geometry || !name || name->empty()) continue;
            if (GEOSGeometry* g = h.convert(*f.geometry)) candidates.emplace_back(g, *name);
        }
    for (size_t side = 0; side < 4; ++side) {
        const BoundaryPoint& p = *extreme[side];
        GEOSGeometry* at = GEOSGeom_createPointFromXY_r(h.ctx(), p.work_x, p.work_y);
        std::string nearest;
        double best = std::numeric_limits<double>::infinity();
        for (const auto& [g, name] : candidates) {
            double d = 0;
            if (GEOSDistance_r(h.ctx(), g, at, &d) != 1 || d > distance_m || d >= best) continue;
            if (d > 1e-9) {
                GEOSCoordSequence* pair = GEOSNearestPoints_r(h.ctx(), g, at);
                if (!pair) continue;
                double gx = 0, gy = 0;
                GEOSCoordSeq_getXY_r(h.ctx(), pair, 0, &gx, &gy);
                GEOSCoordSeq_destroy_r(h.ctx(), pair);
                const double along = ((gx - p.work_x) * kDirection[side][0] + (gy - p.work_y) * kDirection[side][1]) / d;
                if (along < std::cos(M_PI / 4) - 1e-12) continue;
            }
            best = d;
            nearest = name;
        }
        GEOSGeom_destroy_r(h.ctx(), at);
        out[side] = !nearest.empty() ? nearest
                                     : fmt::format("J{}（X={:.2f}，Y={:.2f}）", p.number, p.x_north, p.y_east_prefixed);
    }
    for (auto& c : candidates) GEOSGeom_destroy_r(h.ctx(), c.first);
    return out;
}

}  // namespace parkgis
