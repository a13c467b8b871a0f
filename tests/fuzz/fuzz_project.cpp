// The project-file parser on arbitrary bytes: it either returns a Project or throws parkgis::Error.
#include "fuzz_target.hpp"
#include "parkgis/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // A folder that does not exist: relative input paths resolve against it and are never opened.
    return parkgis::fuzz::parse_text(data, size, [](const std::string& text) {
        return parkgis::parse_project(text, "/nonexistent/parkgis-fuzz/project.yaml");
    });
}
