#pragma once
// ASCII case folding for codes, keywords and file extensions (UTF-8 bytes above 0x7F are left alone,
// so Chinese text passes through). Internal to libparkgis.
#include <ctime>
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

// The local date as YYYY-MM-DD: the date printed on outputs (coordinate file, layouts, report).
inline std::string today() {
    std::time_t t = std::time(nullptr);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
    return buf;
}

}  // namespace parkgis::detail
