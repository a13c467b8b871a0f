// Geometry ingestion: WKB as GDAL hands it over (GeoPackage, Shapefile, PostGIS all reach OGRGeometry) →
// the normalize stage's ingest_geometry, as a polygon role and as a point role, with repair on and off and
// through a real PROJ transformation. It either gives a geometry or throws parkgis::Error.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz_target.hpp"
#include "parkgis/normalize/geometry_repair.hpp"

namespace {

// CGCS2000 longitude/latitude → 3-degree Gauss-Krüger CM 108°E (EPSG:4545), the sample's working CRS.
const OGRCoordinateTransformation* to_working() {
    static OGRCoordinateTransformation* ct = [] {
        OGRSpatialReference from, to;
        from.importFromEPSG(4490);
        to.importFromEPSG(4545);
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return OGRCreateCoordinateTransformation(&from, &to);
    }();
    return ct;
}

void ingest(const OGRGeometry& g, bool polygons, bool repair, const OGRCoordinateTransformation* ct) {
    parkgis::IngestContext c;
    c.layer_where = "fuzz";
    c.role = polygons ? "parcels" : "enterprises";
    c.polygons = polygons;
    c.repair = repair;
    c.to_working = ct;
    c.source_crs_label = "EPSG:4490";
    try {
        auto out = parkgis::ingest_geometry(std::unique_ptr<OGRGeometry>(g.clone()), c);
        if (out.geometry) (void)parkgis::polygonal_area(*out.geometry);
    } catch (const parkgis::Error&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    OGRGeometry* raw = nullptr;
    size_t consumed = 0;
    if (OGRGeometryFactory::createFromWkb(data, nullptr, &raw, size, wkbVariantIso, consumed) != OGRERR_NONE) return 0;
    std::unique_ptr<OGRGeometry> g(raw);
    ingest(*g, true, true, nullptr);
    ingest(*g, true, false, nullptr);
    ingest(*g, false, true, nullptr);
    ingest(*g, true, true, to_working());
    return 0;
}
