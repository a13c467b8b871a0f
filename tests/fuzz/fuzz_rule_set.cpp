// The rule-set parser on arbitrary bytes: it either returns a RuleSet or throws parkgis::Error.
#include <cpl_error.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "parkgis/errors.hpp"
#include "parkgis/judge/rule_set.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL/PROJ complaints are expected on hostile input
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)parkgis::parse_rule_set(text, "fuzz-rules.yaml");
    } catch (const parkgis::Error&) {
    }
    return 0;
}
