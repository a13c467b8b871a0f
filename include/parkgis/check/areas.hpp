#pragma once
// Areas: planar in the working (projected) CRS, and ellipsoidal (geodesic) on CGCS2000.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace parkgis {

// Planar area in CRS units² (m² in a projected CRS). Throws CrsError for a geographic CRS:
// areas are never computed in degrees.
double planar_area_m2(const OGRGeometry& g, const OGRSpatialReference& crs);

// Geodesic area on the CGCS2000 ellipsoid (a = 6378137, 1/f = 298.257222101) of a polygonal
// geometry given in `crs`. Edges are densified to max_segment_m before conversion to lon/lat so
// that straight edges of the projected polygon are followed.
double ellipsoidal_area_m2(const OGRGeometry& g, const OGRSpatialReference& crs, double max_segment_m = 50.0);

// Geodesic area of one ring of (lon, lat) degree pairs (unsigned) on CGCS2000.
double geodesic_ring_area_m2(const OGRLinearRing& lonlat_ring);

}  // namespace parkgis
