// The land authority's coordinate file (read/coordinate_txt.hpp) on arbitrary bytes, as GBK and as UTF-8:
// it either gives records, made into a layer in memory with their geometries checked, or throws
// parkgis::Error.
#include <ogrsf_frmts.h>

#include "fuzz_target.hpp"
#include "parkgis/read/coordinate_txt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (const char* encoding : {"", "GBK"}) {
        try {
            const parkgis::CoordinateTxt txt = parkgis::parse_coordinate_txt(bytes, "fuzz.txt", encoding);
            const auto ds = parkgis::coordinate_txt_dataset(txt, "fuzz.txt");
            OGRLayer* layer = ds->GetLayer(0);
            for (auto& f : *layer)
                if (const OGRGeometry* g = f->GetGeometryRef()) (void)g->toMultiPolygon()->get_Area();
        } catch (const parkgis::Error&) {
        }
    }
    return 0;
}
