#pragma once
// What every parkgis fuzz target shares: GDAL kept quiet (complaints are expected on hostile input), and
// the one rule: parse or throw parkgis::Error; anything else escapes to libFuzzer as a finding.
#include <cpl_error.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "parkgis/errors.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    return 0;
}

namespace parkgis::fuzz {

template <typename Parse>
int parse_text(const uint8_t* data, size_t size, Parse&& parse) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)parse(text);
    } catch (const parkgis::Error&) {
    }
    return 0;
}

}  // namespace parkgis::fuzz
