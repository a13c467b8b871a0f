#include "parkgis/check/boundary_points.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "parkgis/errors.hpp"
#include "parkgis/normalize/crs.hpp"

namespace parkgis {

namespace {

struct XY {
    double x, y;
};

// Ring vertices without the closing repeat, oriented and rotated as the table wants.
std::vector<XY> ordered_ring(const OGRLinearRing& ring, bool clockwise) {
    std::vector<XY> pts;
    for (int i = 0; i < ring.getNumPoints(); ++i) pts.push_back({ring.getX(i), ring.getY(i)});
    if (pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) pts.pop_back();
    // Drop repeated consecutive vertices: a 界址点 is a distinct corner.
    pts.erase(std::unique(pts.begin(), pts.end(), [](const XY& a, const XY& b) { return a.x == b.x && a.y == b.y; }),
              pts.end());
    double twice_area = 0;  // shoelace: positive when anticlockwise (x east, y north)
    for (size_t i = 0; i < pts.size(); ++i) {
        const auto& a = pts[i];
        const auto& b = pts[(i + 1) % pts.size()];
        twice_area += a.x * b.y - b.x * a.y;
    }
    if ((twice_area < 0) != clockwise) std::reverse(pts.begin(), pts.end());
    double min_x = pts.front().x, max_y = pts.front().y;
    for (const auto& p : pts) {
        min_x = std::min(min_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    auto nw = std::min_element(pts.begin(), pts.end(), [&](const XY& a, const XY& b) {
        const double da = std::hypot(a.x - min_x, a.y - max_y), db = std::hypot(b.x - min_x, b.y - max_y);
        return da < db || (da == db && (a.y > b.y || (a.y == b.y && a.x < b.x)));
    });
    std::rotate(pts.begin(), nw, pts.end());
    return pts;
}

}  // namespace

double ring_area_as_printed_m2(const std::vector<const BoundaryPoint*>& ring) {
    // The value as printed ({:.2f} rounds an exact half to even, std::round away from zero).
    auto cm = [](double v) { return std::stod(fmt::format("{:.2f}", v)); };
    if (ring.empty()) return 0;
    const double x0 = cm(ring[0]->x_north), y0 = cm(ring[0]->y_east_prefixed);  // origin: keeps the products small
    double twice = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
        const auto& a = *ring[i];
        const auto& b = *ring[(i + 1) % ring.size()];
        twice += (cm(a.x_north) - x0) * (cm(b.y_east_prefixed) - y0) - (cm(b.x_north) - x0) * (cm(a.y_east_prefixed) - y0);
    }
    return std::fabs(twice) / 2;
}

std::vector<BoundaryRing> boundary_rings(const std::vector<BoundaryPoint>& points) {
    std::vector<BoundaryRing> rings;
    std::vector<const BoundaryPoint*> members;
    auto close = [&] {
        if (members.empty()) return;
        BoundaryRing& r = rings.back();
        r.points = static_cast<int>(members.size());
        r.last_number = members.back()->number;
        r.area_m2 = ring_area_as_printed_m2(members);
        members.clear();
    };
    for (const auto& p : points) {
        const bool same = !rings.empty() && rings.back().zone_id == p.zone_id && rings.back().part == p.part &&
                          rings.back().ring == p.ring;
        if (!same) {
            close();
            rings.push_back({p.zone_id, p.zone_name, p.part, p.record, p.ring, p.hole, 0, p.number, p.number, 0, 0});
        }
        rings.back().perimeter_m += p.edge_m;
        members.push_back(&p);
    }
    close();
    return rings;
}

std::string format_dms(double degrees) {
    const bool negative = degrees < 0;
    // Round once, in hundredths of a second, so that 59.995″ carries into the minutes.
    long long hundredths = std::llround(std::fabs(degrees) * 3600.0 * 100.0);
    const long long d = hundredths / (3600 * 100);
    hundredths -= d * 3600 * 100;
    const long long m = hundredths / (60 * 100);
    hundredths -= m * 60 * 100;
    return fmt::format("{}{}°{:02d}′{:02d}.{:02d}″", negative ? "-" : "", d, m, hundredths / 100, hundredths % 100);
}

BoundaryPointProjector::BoundaryPointProjector(const OGRSpatialReference& working_crs, int prefixed_epsg) {
    OGRSpatialReference prefixed = srs_from_epsg(prefixed_epsg);
    OGRSpatialReference plain = srs_from_epsg(gauss_kruger_zone_of_epsg(prefixed_epsg).epsg);
    OGRSpatialReference geog = srs_from_epsg(kCgcs2000Geographic);
    m_to_prefixed.reset(OGRCreateCoordinateTransformation(&working_crs, &prefixed));
    m_to_plain.reset(OGRCreateCoordinateTransformation(&working_crs, &plain));
    m_to_geog.reset(OGRCreateCoordinateTransformation(&working_crs, &geog));
    if (!m_to_prefixed || !m_to_plain || !m_to_geog)
        throw CrsError("check", fmt::format("cannot set up the transformation to EPSG:{} for 界址点", prefixed_epsg));
}

BoundaryPointProjector::~BoundaryPointProjector() = default;

bool BoundaryPointProjector::project(BoundaryPoint& bp) const {
    double e = bp.work_x, n = bp.work_y;
    double e0 = bp.work_x, n0 = bp.work_y;
    double lon = bp.work_x, lat = bp.work_y;
    if (!m_to_prefixed->Transform(1, &e, &n) || !m_to_plain->Transform(1, &e0, &n0) || !m_to_geog->Transform(1, &lon, &lat))
        return false;
    bp.x_north = n;  // X = northing, Y = easting: the surveying convention (EPSG axis order)
    bp.y_east_prefixed = e;
    bp.y_east = e0;
    bp.lon = lon;
    bp.lat = lat;
    return true;
}

std::vector<BoundaryPoint> number_boundary_points(const std::string& zone_id, const std::string& zone_name,
                                                  const OGRGeometry& geometry, const OGRSpatialReference& working_crs,
                                                  int prefixed_epsg) {
    return number_boundary_points(zone_id, zone_name, geometry, BoundaryPointProjector(working_crs, prefixed_epsg));
}

std::vector<BoundaryPoint> number_boundary_points(const std::string& zone_id, const std::string& zone_name,
                                                  const OGRGeometry& geometry, const BoundaryPointProjector& projector) {
    std::vector<const OGRPolygon*> polygons;
    if (wkbFlatten(geometry.getGeometryType()) == wkbPolygon) {
        polygons.push_back(geometry.toPolygon());
    } else if (auto* mp = dynamic_cast<const OGRMultiPolygon*>(&geometry)) {
        for (const auto* p : *mp) polygons.push_back(p);
    }
    // Part by part: its outer ring (圈号 1), then its holes (2, 3 …). In the land-authority format a 圈号
    // above 1 is a ring to deduct from ring 1 of the same record, so a second outer ring is a second record.
    struct Ring {
        std::vector<XY> pts;
        int part, ring;
        bool hole;
    };
    std::vector<Ring> rings;
    int part = 0;
    for (const auto* p : polygons) {
        if (!p->getExteriorRing()) continue;
        ++part;
        rings.push_back({ordered_ring(*p->getExteriorRing(), true), part, 1, false});
        for (int i = 0; i < p->getNumInteriorRings(); ++i)
            rings.push_back({ordered_ring(*p->getInteriorRing(i), false), part, i + 2, true});
    }

    std::vector<BoundaryPoint> out;
    int number = 0;
    for (const auto& ring : rings) {
        const size_t first = out.size();
        for (size_t i = 0; i < ring.pts.size(); ++i) {
            const XY& p = ring.pts[i];
            BoundaryPoint bp;
            bp.zone_id = zone_id;
            bp.zone_name = zone_name;
            bp.part = ring.part;
            bp.ring = ring.ring;
            bp.hole = ring.hole;
            bp.number = ++number;
            bp.work_x = p.x;
            bp.work_y = p.y;
            if (!projector.project(bp))
                throw CrsError("check", fmt::format("zone {}: vertex ({:.3f}, {:.3f}) cannot be transformed for the "
                                                    "界址点 table",
                                                    zone_id, p.x, p.y));
            out.push_back(std::move(bp));
        }
        // 边长 from the Gauss-Krüger coordinates the table and the coordinate file give.
        for (size_t i = first; i < out.size(); ++i) {
            const BoundaryPoint& next = out[i + 1 < out.size() ? i + 1 : first];
            out[i].edge_m = std::hypot(next.x_north - out[i].x_north, next.y_east - out[i].y_east);
        }
    }
    return out;
}

}  // namespace parkgis
