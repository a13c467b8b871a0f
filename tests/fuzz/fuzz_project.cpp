// The project-file parser on arbitrary bytes: it either returns a Project or throws parkgis::Error.
#include <cpl_error.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL/PROJ complaints are expected on hostile input
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        // A folder that does not exist: relative input paths resolve against it and are never opened.
        (void)parkgis::parse_project(text, "/nonexistent/parkgis-fuzz/project.yaml");
    } catch (const parkgis::Error&) {
    }
    return 0;
}
