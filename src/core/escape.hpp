#pragma once
// Text from planners' data and project files made inert at each sink, one helper per sink
// (docs/reliability.md, "Escaping at every sink"). Text reaching these helpers is valid UTF-8: the read
// stage refuses anything else. Internal to libparkgis.
#include <cstdint>
#include <string>
#include <vector>

#include "text.hpp"

namespace parkgis::detail {

// The next code point of UTF-8 text at i (advancing i); an invalid byte is returned as itself.
inline std::uint32_t next_code_point(const std::string& s, std::size_t& i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (len == 1 || i + len > s.size()) {
        ++i;
        return c;
    }
    std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
    i += len;
    return cp;
}

// Characters XML 1.0 does not allow (§2.2: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; surrogates).
inline bool allowed_in_xml(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Text as XML character data or an attribute value (QML, QGS, the report's HTML, Mapnik XML and SVG):
// markup characters escaped, characters XML cannot hold removed.
inline std::string xml_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const std::uint32_t cp = next_code_point(s, i);
        switch (cp) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\n': out += "&#xa;"; break;
            case '\r': out += "&#xd;"; break;
            case '\t': out += "&#x9;"; break;
            default:
                if (allowed_in_xml(cp)) out.append(s, start, i - start);
        }
    }
    return out;
}

// Spreadsheets run a cell that starts with = + - @ (or a tab or CR before them) as a formula; full-width
// forms are included because Chinese input methods type them. OWASP, "CSV Injection".
inline bool looks_like_formula(const std::string& s) {
    if (s.empty()) return false;
    const char c = s[0];
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return true;
    std::size_t i = 0;
    const std::uint32_t cp = next_code_point(s, i);
    return cp == 0xFF1D || cp == 0xFF0B || cp == 0xFF0D || cp == 0xFF20;  // ＝ ＋ － ＠
}

// A text field of a CSV file for Excel: formula-like text gets a leading apostrophe (Excel shows the text,
// runs nothing); quoted when it holds a comma, quote or line break.
inline std::string csv_field(const std::string& text) {
    const std::string s = looks_like_formula(text) ? "'" + text : text;
    return s.find_first_of(",\"\r\n") == std::string::npos ? s : quoted(s, '"');
}

// Text for a QGIS layout label, which evaluates [% … %] as an expression: each "[%" becomes an expression
// whose value is "[%", so the rest stays literal (QgsExpression::replaceExpressionText takes one pass).
inline std::string qgis_label_literal(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '[' && i + 1 < text.size() && text[i + 1] == '%') {
            out += "[%'[%'%]";
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Invisible characters that reorder or hide text (bidirectional overrides, zero-width marks, BOM): in a
// name they let one string look like another.
inline bool invisible_format_character(std::uint32_t cp) {
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0xFEFF || cp == 0x2060;
}

// A field of the 坐标 TXT, whose records are comma-separated lines: commas become full-width "，", line
// breaks and other control characters a space, invisible format characters are dropped. `changes` says
// what was done, for a finding.
struct CoordinateFileField {
    std::string text;
    std::vector<std::string> changes;
};
inline CoordinateFileField coordinate_file_field(const std::string& s) {
    CoordinateFileField out;
    bool comma = false, control = false, invisible = false;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const std::uint32_t cp = next_code_point(s, i);
        if (cp == ',') {
            out.text += "，";
            comma = true;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            out.text += ' ';
            control = true;
        } else if (invisible_format_character(cp)) {
            invisible = true;
        } else {
            out.text.append(s, start, i - start);
        }
    }
    if (comma) out.changes.push_back("逗号改为全角“，” commas became '，'");
    if (control) out.changes.push_back("换行等控制字符改为空格 line breaks and control characters became spaces");
    if (invisible) out.changes.push_back("不可见格式字符已删除 invisible format characters (U+200B…, U+202A…) removed");
    return out;
}

}  // namespace parkgis::detail
