#include "parkgis/check/areas.hpp"

#include <fmt/format.h>
#include <geodesic.h>

#include <cmath>
#include <memory>

#include "parkgis/errors.hpp"
#include "parkgis/normalize/crs.hpp"
#include "parkgis/normalize/geometry_repair.hpp"

namespace parkgis {

namespace {
// CGCS2000 ellipsoid (EPSG:1024); PROJ's geodesic routines are Karney's algorithms.
const geod_geodesic& cgcs2000() {
    static geod_geodesic g = [] {
        geod_geodesic x;
        geod_init(&x, 6378137.0, 1.0 / 298.257222101);
        return x;
    }();
    return g;
}

double lonlat_polygon_area(const OGRPolygon& poly) {
    double total = 0;
    for (int r = 0; r <= poly.getNumInteriorRings(); ++r) {
        const OGRLinearRing* ring = r == 0 ? poly.getExteriorRing() : poly.getInteriorRing(r - 1);
        const double a = geodesic_ring_area_m2(*ring);
        total += r == 0 ? a : -a;
    }
    return total;
}
}  // namespace

double planar_area_m2(const OGRGeometry& g, const OGRSpatialReference& crs) {
    if (crs.IsGeographic())
        throw CrsError("check", "refusing to compute a planar area in a geographic CRS (degrees); reproject first");
    return polygonal_area(g);
}

double geodesic_ring_area_m2(const OGRLinearRing& ring) {
    geod_polygon p;
    geod_polygon_init(&p, 0);
    int n = ring.getNumPoints();
    if (n > 1 && ring.getX(0) == ring.getX(n - 1) && ring.getY(0) == ring.getY(n - 1)) --n;  // closing point
    for (int i = 0; i < n; ++i) geod_polygon_addpoint(&cgcs2000(), &p, ring.getY(i), ring.getX(i));
    double area = 0, perimeter = 0;
    geod_polygon_compute(&cgcs2000(), &p, 0, 1, &area, &perimeter);
    return std::fabs(area);
}

double ellipsoidal_area_m2(const OGRGeometry& g, const OGRSpatialReference& crs, double max_segment_m) {
    std::unique_ptr<OGRGeometry> lonlat(g.clone());
    if (!crs.IsGeographic()) {
        lonlat->segmentize(max_segment_m);
        // One transformation per thread while the CRS stays the same: PROJ's set-up costs more than a zone.
        static thread_local OGRSpatialReference geog = srs_from_epsg(kCgcs2000Geographic);
        static thread_local OGRSpatialReference cached_crs;
        static thread_local std::unique_ptr<OGRCoordinateTransformation> ct;
        static const char* const strict[] = {"CRITERION=STRICT", nullptr};
        if (!ct || !cached_crs.IsSame(&crs, strict)) {
            ct.reset(OGRCreateCoordinateTransformation(&crs, &geog));
            cached_crs = crs;
        }
        if (!ct || lonlat->transform(ct.get()) != OGRERR_NONE)
            throw CrsError("check", "cannot convert a zone to CGCS2000 longitude/latitude for the ellipsoidal area");
    }
    const auto type = wkbFlatten(lonlat->getGeometryType());
    if (type == wkbPolygon) return lonlat_polygon_area(*lonlat->toPolygon());
    double total = 0;
    if (auto* mp = dynamic_cast<OGRMultiPolygon*>(lonlat.get()))
        for (const auto* poly : *mp) total += lonlat_polygon_area(*poly);
    return total;
}

}  // namespace parkgis
