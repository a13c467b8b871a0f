#pragma once
// The template language of layers/styles/: QGIS XML files with two kinds of holes, so that every
// template stays well-formed XML that QGIS itself can open.
//   <!--parkgis:NAME key="value" …-->  a generated block (aliases, categories, layouts …);
//   {{name}}                            a scalar, XML-escaped (titles, extents, dates …);
//   {{label:name}}                      the same inside a layout label's text, where QGIS would evaluate
//                                       [% … %]: kept literal (qgis_label_literal).
// Internal to libparkgis.
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <map>
#include <string>
#include <vector>

#include "../core/escape.hpp"
#include "parkgis/errors.hpp"

namespace parkgis::detail {

struct Directive {
    std::string name;
    std::map<std::string, std::string> attributes;

    const std::string& at(const std::string& key, const std::string& where) const {
        auto it = attributes.find(key);
        if (it == attributes.end())
            throw OutputError("write", fmt::format("{}: <!--parkgis:{}--> needs {}=\"…\"", where, name, key));
        return it->second;
    }
    std::string get(const std::string& key, const std::string& fallback) const {
        auto it = attributes.find(key);
        return it == attributes.end() ? fallback : it->second;
    }
};

// Parses `NAME key="value" key2="value2"` (the text between "<!--parkgis:" and "-->").
inline Directive parse_directive(const std::string& body, const std::string& where) {
    Directive d;
    size_t i = 0;
    while (i < body.size() && !isspace(static_cast<unsigned char>(body[i]))) d.name += body[i++];
    while (i < body.size()) {
        while (i < body.size() && isspace(static_cast<unsigned char>(body[i]))) ++i;
        if (i >= body.size()) break;
        const size_t eq = body.find('=', i);
        if (eq == std::string::npos || eq + 1 >= body.size() || body[eq + 1] != '"')
            throw OutputError("write", fmt::format("{}: malformed <!--parkgis:{}--> (expected key=\"value\")", where, d.name));
        const size_t close = body.find('"', eq + 2);
        if (close == std::string::npos)
            throw OutputError("write", fmt::format("{}: unterminated value in <!--parkgis:{}-->", where, d.name));
        d.attributes[body.substr(i, eq - i)] = body.substr(eq + 2, close - eq - 2);
        i = close + 1;
    }
    return d;
}

// Replaces every directive with fill(directive) and every {{name}} with the escaped variable.
// An unknown variable is an error: a hole left in a shipped template is a bug to catch, not to print.
inline std::string expand_template(const std::string& text, const std::string& where,
                                   const std::function<std::string(const Directive&)>& fill,
                                   const std::map<std::string, std::string>& variables) {
    static const std::string open = "<!--parkgis:";
    std::string out;
    out.reserve(text.size() * 2);
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t d = text.find(open, pos);
        const size_t v = text.find("{{", pos);
        const size_t next = std::min(d, v);
        if (next == std::string::npos) {
            out.append(text, pos, std::string::npos);
            break;
        }
        out.append(text, pos, next - pos);
        if (next == d) {
            const size_t end = text.find("-->", d);
            if (end == std::string::npos) throw OutputError("write", fmt::format("{}: unterminated <!--parkgis:", where));
            out += fill(parse_directive(text.substr(d + open.size(), end - d - open.size()), where));
            pos = end + 3;
        } else {
            const size_t end = text.find("}}", v);
            if (end == std::string::npos) throw OutputError("write", fmt::format("{}: unterminated {{{{", where));
            std::string name = text.substr(v + 2, end - v - 2);
            const bool label = name.rfind("label:", 0) == 0;
            if (label) name.erase(0, 6);
            auto it = variables.find(name);
            if (it == variables.end())
                throw OutputError("write", fmt::format("{}: unknown template variable {{{{{}}}}}", where, name));
            out += xml_escape(label ? qgis_label_literal(it->second) : it->second);
            pos = end + 2;
        }
    }
    return out;
}

// A bundled template (layers/styles/…), whole.
inline std::string read_template(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutputError("write", fmt::format("{}: the template cannot be read (is the install complete?)", path));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "r,g,b;r,g,b" → {"r,g,b", …}
inline std::vector<std::string> split_colours(const std::string& list) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t end = list.find(';', start);
        const std::string c = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!c.empty()) out.push_back(c);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace parkgis::detail
