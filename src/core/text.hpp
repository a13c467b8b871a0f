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

// text between two q characters, each q inside doubled: SQL identifiers ("), SQL strings ('), CSV fields (").
inline std::string quoted(const std::string& text, char q) {
    std::string out(1, q);
    for (char c : text) {
        out += c;
        if (c == q) out += q;
    }
    return out + q;
}

// The offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos when the whole text is valid.
inline std::size_t first_invalid_utf8(const std::string& s) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = at(i);
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else return i;
        if (i + len > s.size()) return i;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char b = at(i + k);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
        }
        i += len;
    }
    return std::string::npos;
}

// Width of UTF-8 text in half-width cells: characters of three or more bytes (CJK, full-width
// punctuation) count two, the rest one. Sizes chart labels and spreadsheet columns.
inline double display_cells(const std::string& utf8) {
    double w = 0;
    for (size_t i = 0; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        w += len >= 3 ? 2.0 : 1.0;
        i += len;
    }
    return w;
}

// The local date as YYYY-MM-DD: the date printed on outputs (coordinate file, layouts, report).
inline std::string today() {
    std::time_t t = std::time(nullptr);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
    return buf;
}

}  // namespace parkgis::detail
