#include "parkgis/read/read_stage.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "parkgis/errors.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {
// A GBK Shapefile with no .cpg, as ArcGIS on a Chinese Windows writes it.
std::string write_gbk_shapefile(const fs::path& dir) {
    GDALAllRegister();
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "zones.shp").string();
    auto* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    OGRSpatialReference srs;
    srs.importFromEPSG(4545);
    const char* opts[] = {"ENCODING=CP936", nullptr};
    OGRLayer* l = ds->CreateLayer("zones", &srs, wkbPolygon, const_cast<char**>(opts));
    for (const char* n : {"ZONE_ID", "NAME", "KIND"}) {
        OGRFieldDefn fd(n, OFTString);
        l->CreateField(&fd);
    }
    OGRFeature f(l->GetLayerDefn());
    f.SetField("ZONE_ID", "E1");
    f.SetField("NAME", "平山组团");
    f.SetField("KIND", "expansion");
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((393000 3205000,394000 3205000,394000 3206000,393000 3206000,393000 3205000))",
                                      nullptr, &g);
    f.SetGeometryDirectly(g);
    if (l->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write the test Shapefile");
    GDALClose(ds);
    fs::remove(dir / "zones.cpg");
    return path;
}
}  // namespace

TEST(ReadInput, GbkShapefileWithoutCpgReadsChineseNames) {
    InputSpec spec;
    spec.role = "zones";
    spec.path = write_gbk_shapefile(fs::temp_directory_path() / "parkgis_gbk_test");
    spec.encoding = "GBK";
    spec.fields = {{"name", "NAME"}};
    Layer layer = read_input(spec);
    ASSERT_EQ(layer.features.size(), 1u);
    EXPECT_EQ(layer.features[0].text("name").value(), "平山组团");
    EXPECT_EQ(layer.features[0].id, "E1");
}

TEST(ReadInput, BundledWanshengZonesReadAsChinese) {
    InputSpec spec;
    spec.role = "zones";
    spec.path = std::string(PARKGIS_SOURCE_DIR) + "/layers/wansheng/zones/zones.shp";
    spec.encoding = "GBK";
    spec.fields = {{"zone_id", "ZONE_ID"}, {"name", "ZONE_NAME"}, {"kind", "ZONE_KIND"}};
    Layer layer = read_input(spec);
    std::vector<std::string> names;
    for (const auto& f : layer.features) names.push_back(*f.text("name"));
    for (const char* expected : {"平山组团", "建设组团", "鱼田堡组团", "关坝组团", "青年组团"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
}

TEST(ReadInput, MappedFieldMissingListsTheFields) {
    InputSpec spec;
    spec.role = "zones";
    spec.path = write_gbk_shapefile(fs::temp_directory_path() / "parkgis_gbk_test2");
    spec.encoding = "GBK";
    spec.fields = {{"name", "MC"}};
    try {
        read_input(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("maps name to field 'MC', which does not exist; the fields are: ZONE_ID, "
                                             "NAME, KIND"),
                  std::string::npos)
            << e.what();
    }
}
