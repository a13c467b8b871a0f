// The benchmark's I/O floor (scripts/bench): what the job costs with GDAL and nothing else. Reads every
// feature of the city's zones, parcels and buildings once, then writes the rows the job writes (one per
// parcel with its geometry and the job's columns, one per zone in zone_totals) to a GeoPackage in one
// transaction. No geometry is computed: the values written are the parcels' own (area from OGR, zeros
// elsewhere), so any tool's time above this is its computation and its overheads. Not a test.
//
// usage: parkgis_io_floor <city.gpkg> <out.gpkg> [arrow|features]
//   arrow     read through GDAL's columnar interface (OGRLayer::GetArrowStream, GDAL ≥ 3.6; the default)
//   features  read feature by feature (OGRLayer::GetNextFeature)
// Prints one JSON line: read and write seconds, features read.
#include <gdal_priv.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

struct ParcelRow {
    std::string parcel_id;
    double invest = 0;
    bool has_invest = false;
    std::unique_ptr<OGRGeometry> geometry;
};

long long read_arrow(OGRLayer* layer) {
    ArrowArrayStream stream;
    const char* options[] = {"INCLUDE_FID=NO", nullptr};
    if (!layer->GetArrowStream(&stream, options)) return -1;
    long long n = 0;
    for (;;) {
        ArrowArray batch;
        if (stream.get_next(&stream, &batch) != 0 || !batch.release) break;
        n += batch.length;
        batch.release(&batch);
    }
    stream.release(&stream);
    return n;
}

long long read_features(OGRLayer* layer) {
    long long n = 0;
    double sink = 0;
    layer->ResetReading();
    for (auto& f : *layer) {
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i)) sink += f->GetFieldAsDouble(i);
        if (const OGRGeometry* g = f->GetGeometryRef()) sink += g->getGeometryType();
        ++n;
    }
    return sink == -1 ? -1 : n;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <city.gpkg> <out.gpkg> [arrow|features]\n", argv[0]);
        return 2;
    }
    const bool arrow = argc < 4 || std::string(argv[3]) == "arrow";
    GDALAllRegister();
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<GDALDataset> in(
        static_cast<GDALDataset*>(GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!in) return 3;
    long long features = 0;
    for (const char* name : {"zones", "buildings"}) {
        OGRLayer* l = in->GetLayerByName(name);
        const long long n = arrow ? read_arrow(l) : read_features(l);
        if (n < 0) return 3;
        features += n;
    }
    // The parcels are read once, keeping what the output rows carry (id, investment, geometry).
    OGRLayer* parcels = in->GetLayerByName("parcels");
    std::vector<ParcelRow> rows;
    if (arrow) features += read_arrow(parcels);  // the columnar read of every field, as a tool would do
    const int id_field = parcels->GetLayerDefn()->GetFieldIndex("parcel_id");
    const int invest_field = parcels->GetLayerDefn()->GetFieldIndex("invest_10k_cny");
    parcels->ResetReading();
    for (auto& f : *parcels) {
        ParcelRow r;
        r.parcel_id = f->GetFieldAsString(id_field);
        r.has_invest = f->IsFieldSetAndNotNull(invest_field);
        r.invest = f->GetFieldAsDouble(invest_field);
        r.geometry.reset(f->StealGeometry());
        rows.push_back(std::move(r));
    }
    if (!arrow) features += static_cast<long long>(rows.size());
    const auto t1 = std::chrono::steady_clock::now();

    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> out(gpkg->Create(argv[2], 0, 0, 0, GDT_Unknown, nullptr));
    if (!out) return 4;
    out->StartTransaction();
    OGRLayer* pl = out->CreateLayer("parcels", parcels->GetSpatialRef(), wkbPolygon, nullptr);
    for (const char* name : {"parcel_id", "zone_id"}) {
        OGRFieldDefn fd(name, OFTString);
        pl->CreateField(&fd);
    }
    for (const char* name : {"area_m2", "footprint_m2", "gfa_m2", "far", "building_density_pct", "invest_10k_cny"}) {
        OGRFieldDefn fd(name, OFTReal);
        pl->CreateField(&fd);
    }
    OGRFieldDefn industrial("industrial", OFTInteger);
    pl->CreateField(&industrial);
    for (auto& r : rows) {
        OGRFeature f(pl->GetLayerDefn());
        f.SetField(0, r.parcel_id.c_str());
        f.SetField(1, "Z");
        const double area = r.geometry ? r.geometry->toPolygon()->get_Area() : 0;
        f.SetField(2, area);
        for (int i = 3; i <= 6; ++i) f.SetField(i, 0.0);
        if (r.has_invest) f.SetField(7, r.invest);
        f.SetField(8, 0);
        f.SetGeometryDirectly(r.geometry.release());
        if (pl->CreateFeature(&f) != OGRERR_NONE) return 4;
    }
    OGRLayer* zl = out->CreateLayer("zone_totals", nullptr, wkbNone, nullptr);
    OGRFieldDefn zid("zone_id", OFTString);
    zl->CreateField(&zid);
    OGRFieldDefn count("parcel_count", OFTInteger);
    zl->CreateField(&count);
    for (const char* name : {"land_m2", "footprint_m2", "gfa_m2", "far", "building_density_pct", "industrial_land_m2",
                             "industrial_invest_10k_cny", "industrial_invest_10k_cny_per_ha"}) {
        OGRFieldDefn fd(name, OFTReal);
        zl->CreateField(&fd);
    }
    for (int z = 0; z < 30; ++z) {
        OGRFeature f(zl->GetLayerDefn());
        f.SetField(0, std::to_string(z).c_str());
        if (zl->CreateFeature(&f) != OGRERR_NONE) return 4;
    }
    out->CommitTransaction();
    out.reset();
    const auto t2 = std::chrono::steady_clock::now();
    std::printf("{\"read\": %.3f, \"write\": %.3f, \"features\": %lld, \"mode\": \"%s\"}\n",
                std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
                features, arrow ? "arrow" : "features");
    return 0;
}
