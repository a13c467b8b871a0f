#pragma once
// ASCII case folding for codes, keywords and file extensions (UTF-8 bytes above 0x7F are left alone,
// so Chinese text passes through). Internal to libparkgis.
#include <string>

namespace parkgis::detail {

inline std::string ascii_lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

inline std::string ascii_upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

}  // namespace parkgis::detail
