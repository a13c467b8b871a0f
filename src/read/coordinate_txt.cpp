#include "parkgis/read/coordinate_txt.hpp"

#include <fmt/format.h>
#include <iconv.h>
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "../core/text.hpp"
#include "parkgis/errors.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "read";

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(kStage, fmt::format("{}: cannot be opened", path));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// `from` → UTF-8 with iconv; false when the bytes are not valid in `from`.
bool to_utf8(const std::string& bytes, const char* from, std::string& out) {
    iconv_t cd = ::iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    out.clear();
    char buffer[4096];
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    bool ok = true;
    while (in_left > 0) {
        char* o = buffer;
        size_t o_left = sizeof buffer;
        const size_t r = ::iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buffer, static_cast<size_t>(o - buffer));
        if (r == static_cast<size_t>(-1) && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    ::iconv_close(cd);
    return ok;
}

// The file as UTF-8 text, and the encoding it was read in.
std::string decoded(const std::string& path, const std::string& bytes, const std::string& encoding, std::string& used) {
    std::string text = bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? bytes.substr(3) : bytes;
    const std::string wanted = detail::ascii_upper(encoding);
    if (wanted.empty() || wanted == "UTF-8" || wanted == "UTF8") {
        if (detail::first_invalid_utf8(text) == std::string::npos) {
            used = "UTF-8";
            return text;
        }
        if (!wanted.empty())
            throw InputError(kStage, fmt::format("{}: is not valid UTF-8 as `encoding: {}` says; give the file's encoding "
                                                 "(GBK for files from land-authority software)",
                                                 path, encoding));
    }
    // GB18030 reads every GBK (CP936) file and more.
    const std::string from = wanted.empty() || wanted == "GBK" || wanted == "CP936" ? "GB18030" : wanted;
    std::string out;
    if (!to_utf8(text, from.c_str(), out))
        throw InputError(kStage, fmt::format("{}: is neither UTF-8 nor {}; save it again as GBK or UTF-8, or name its "
                                             "encoding with `encoding:` under the input",
                                             path, from));
    used = from;
    return out;
}

std::vector<std::string> split(const std::string& s, char c) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(c, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return out;
        start = at + 1;
    }
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

bool number_of(const std::string& text, double& value) {
    const std::string t = trimmed(text);
    if (t.empty()) return false;
    char* end = nullptr;
    value = std::strtod(t.c_str(), &end);
    return end && *end == '\0' && std::isfinite(value);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines = split(text, '\n');
    for (auto& l : lines)
        if (!l.empty() && l.back() == '\r') l.pop_back();
    return lines;
}

}  // namespace

bool is_coordinate_txt(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    std::string used, text;
    try {
        text = decoded(path, head.substr(0, head.rfind('\n') == std::string::npos ? head.size() : head.rfind('\n')), "",
                       used);
    } catch (const InputError&) {
        return false;
    }
    for (const auto& l : lines_of(text)) {
        const std::string t = trimmed(l);
        if (t.empty()) continue;
        return t == "[属性描述]" || t == "[地块坐标]";
    }
    return false;
}

CoordinateTxt read_coordinate_txt(const std::string& path, const std::string& encoding) {
    return parse_coordinate_txt(file_bytes(path), path, encoding);
}

CoordinateTxt parse_coordinate_txt(const std::string& bytes, const std::string& path, const std::string& encoding) {
    CoordinateTxt out;
    const std::string text = decoded(path, bytes, encoding, out.encoding);
    const auto lines = lines_of(text);
    enum class Section { none, header, records } section = Section::none;
    int header_zone = 0;
    int declared_points = 0;
    int points_seen = 0;
    int prefixed = -1;  // unknown until the first point
    int ring_number = 0;
    auto where = [&](size_t i) { return fmt::format("{}:{}", path, i + 1); };
    auto finish_record = [&](size_t i) {
        if (out.records.empty()) return;
        CoordinateRecord& r = out.records.back();
        for (auto& ring : r.rings) {
            if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();  // the closing point
            if (ring.size() < 3)
                throw InputError(kStage, fmt::format("{}: 地块 {} has a ring of {} point(s); a ring needs at least three",
                                                     where(static_cast<size_t>(r.line - 1)), r.number, ring.size()));
        }
        if (r.rings.empty())
            throw InputError(kStage, fmt::format("{}: 地块 {} has no points", where(static_cast<size_t>(r.line - 1)), r.number));
        if (declared_points > 0 && points_seen != declared_points)
            throw InputError(kStage, fmt::format("{}: 地块 {} says {} points (界址点数), the file gives {} before line {}; the "
                                                 "file may be cut short: ask for it again",
                                                 where(static_cast<size_t>(r.line - 1)), r.number, declared_points,
                                                 points_seen, i + 1));
    };
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string line = trimmed(lines[i]);
        if (line.empty()) continue;
        if (line == "[属性描述]") {
            section = Section::header;
            continue;
        }
        if (line == "[地块坐标]") {
            section = Section::records;
            continue;
        }
        if (section == Section::header) {
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
            double v = 0;
            if (key == "带号" && !value.empty()) {
                if (!number_of(value, v) || v != std::floor(v) || v < 1 || v > 60)
                    throw InputError(kStage, fmt::format("{}: 带号 '{}' is not a zone number", where(i), value));
                header_zone = static_cast<int>(v);
            } else if (key == "几度分带" && !value.empty()) {
                if (!number_of(value, v) || (v != 3 && v != 6))
                    throw InputError(kStage, fmt::format("{}: 几度分带 '{}' is neither 3 nor 6", where(i), value));
                out.zone_width = static_cast<int>(v);
            }
            continue;
        }
        if (section != Section::records)
            throw InputError(kStage, fmt::format("{}: text before [属性描述] or [地块坐标]: '{}'", where(i), line));
        const auto fields = split(line, ',');
        if (trimmed(fields.back()) == "@") {
            finish_record(i);
            if (fields.size() < 9)
                throw InputError(kStage, fmt::format("{}: a 地块 line needs 界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,"
                                                     "地块用途,地类编码,@ ; this one has {} field(s)",
                                                     where(i), fields.size()));
            CoordinateRecord r;
            r.line = static_cast<int>(i + 1);
            double points = 0;
            if (!number_of(fields[0], points) || points < 0 || points > 1e8 || points != std::floor(points))
                throw InputError(kStage, fmt::format("{}: 界址点数 '{}' is not a count", where(i), fields[0]));
            declared_points = static_cast<int>(points);
            if (!trimmed(fields[1]).empty() && !number_of(fields[1], r.area_ha))
                throw InputError(kStage, fmt::format("{}: 地块面积 '{}' is not a number", where(i), fields[1]));
            r.number = trimmed(fields[2]);
            r.name = trimmed(fields[3]);
            const std::string shape = trimmed(fields[4]);
            if (!shape.empty() && shape != "面")
                throw InputError(kStage, fmt::format("{}: 地块 {} is a {} record; parkgis reads 面 (polygon) records only",
                                                     where(i), r.number, shape));
            r.sheet = trimmed(fields[5]);
            r.land_use = trimmed(fields[6]);
            r.land_class_code = trimmed(fields[7]);
            if (r.number.empty())
                throw InputError(kStage, fmt::format("{}: 地块编号 is empty; every 地块 needs one", where(i)));
            out.records.push_back(std::move(r));
            points_seen = 0;
            ring_number = 0;
            continue;
        }
        // A point: 点号,圈号,X,Y (a trailing comma tolerated).
        std::vector<std::string> p = fields;
        if (p.size() == 5 && trimmed(p[4]).empty()) p.pop_back();
        double ring = 0, x = 0, y = 0;
        if (p.size() != 4 || !number_of(p[1], ring) || ring < 1 || ring > 1e6 || ring != std::floor(ring) ||
            !number_of(p[2], x) || !number_of(p[3], y) || std::fabs(x) > 1e9 || std::fabs(y) > 1e9)
            throw InputError(kStage, fmt::format("{}: '{}' is not a point line 点号,圈号,X,Y (nor a 地块 line ending in @)",
                                                 where(i), line));
        if (out.records.empty())
            throw InputError(kStage, fmt::format("{}: a point before the first 地块 line", where(i)));
        const bool has_prefix = y >= 1e7;
        if (prefixed == -1) prefixed = has_prefix ? 1 : 0;
        if ((prefixed == 1) != has_prefix)
            throw InputError(kStage, fmt::format("{}: Y {:.2f} {} the zone number, the file's first point {}; write every Y "
                                                 "the same way",
                                                 where(i), y, has_prefix ? "carries" : "lacks",
                                                 prefixed == 1 ? "carries it" : "does not"));
        if (has_prefix) {
            const int zone = static_cast<int>(std::floor(y / 1e6));
            if (header_zone != 0 && zone != header_zone)
                throw InputError(kStage, fmt::format("{}: Y {:.2f} lies in zone {}, the header says 带号={}; correct the "
                                                     "带号 or the coordinates",
                                                     where(i), y, zone, header_zone));
            if (out.zone != 0 && zone != out.zone)
                throw InputError(kStage, fmt::format("{}: Y {:.2f} lies in zone {}, earlier points in zone {}; one file holds "
                                                     "one zone's coordinates",
                                                     where(i), y, zone, out.zone));
            out.zone = zone;
        }
        CoordinateRecord& r = out.records.back();
        const int k = static_cast<int>(ring);
        if (k != ring_number) {
            if (k < ring_number || (r.rings.empty() && k != 1))
                throw InputError(kStage, fmt::format("{}: 圈号 {} after 圈号 {}; each 地块 gives its outline (圈号 1) first, "
                                                     "then its holes in order",
                                                     where(i), k, ring_number));
            r.rings.emplace_back();
            ring_number = k;
        }
        r.rings.back().push_back({y, x});  // east, north
        ++points_seen;
    }
    finish_record(lines.size());
    if (out.records.empty())
        throw InputError(kStage, fmt::format("{}: no 地块 in [地块坐标]; is it a coordinate file?", path));
    out.y_prefixed = prefixed == 1;
    if (out.zone == 0) out.zone = header_zone;
    return out;
}

GdalDatasetPtr coordinate_txt_dataset(const std::string& path, const std::string& encoding) {
    return coordinate_txt_dataset(read_coordinate_txt(path, encoding), path);
}

GdalDatasetPtr coordinate_txt_dataset(const CoordinateTxt& txt, const std::string& path) {
    GDALAllRegister();
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    GdalDatasetPtr ds(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    bool has_srs = false;
    if (txt.zone != 0) {
        // CGCS2000 Gauss-Krüger: 3-degree zones 25–45 (EPSG:4513–4533 with the prefix, 4534–4554 without),
        // 6-degree zones 13–23 (4491–4501, 4502–4512).
        const bool three = txt.zone_width == 3;
        const int first = three ? 25 : 13, last = three ? 45 : 23;
        if (txt.zone < first || txt.zone > last)
            throw InputError(kStage, fmt::format("{}: zone {} of a {}-degree CGCS2000 Gauss-Krüger is outside China ({}–{})",
                                                 path, txt.zone, txt.zone_width, first, last));
        const int epsg = (three ? (txt.y_prefixed ? 4513 : 4534) : (txt.y_prefixed ? 4491 : 4502)) + txt.zone - first;
        has_srs = srs.importFromEPSG(epsg) == OGRERR_NONE;
    }
    OGRLayer* layer = ds->CreateLayer("地块坐标", has_srs ? &srs : nullptr, wkbMultiPolygon, nullptr);
    for (const char* name : {"地块编号", "地块名称", "地块用途", "地类编码", "图幅号"}) {
        OGRFieldDefn f(name, OFTString);
        layer->CreateField(&f);
    }
    OGRFieldDefn area("地块面积", OFTReal);
    layer->CreateField(&area);
    // Records of one 地块编号 are the parts of one 地块, in the order they first appear.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const CoordinateRecord*>> parts;
    for (const auto& r : txt.records) {
        auto [it, added] = parts.try_emplace(r.number);
        if (added) order.push_back(r.number);
        it->second.push_back(&r);
    }
    for (const auto& number : order) {
        OGRMultiPolygon shape;
        double area_ha = 0;
        for (const CoordinateRecord* r : parts[number]) {
            OGRPolygon polygon;
            for (const auto& ring : r->rings) {
                OGRLinearRing lr;
                for (const auto& [e, n] : ring) lr.addPoint(e, n);
                lr.closeRings();
                polygon.addRing(&lr);
            }
            for (int h = 0; h < polygon.getNumInteriorRings(); ++h) {
                OGRPolygon outline, hole;
                outline.addRing(polygon.getExteriorRing());
                hole.addRing(polygon.getInteriorRing(h));
                if (!outline.Contains(&hole))
                    throw InputError(kStage, fmt::format("{}:{}: 地块 {}'s 圈号 {} does not lie inside its 圈号 1: a separate "
                                                         "part needs its own 地块 record (圈号 1), a hole must lie inside "
                                                         "the outline",
                                                         path, r->line, r->number, h + 2));
            }
            shape.addGeometry(&polygon);
            area_ha += r->area_ha;
        }
        const CoordinateRecord& first = *parts[number].front();
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("地块编号", first.number.c_str());
        if (!first.name.empty()) f.SetField("地块名称", first.name.c_str());
        if (!first.land_use.empty()) f.SetField("地块用途", first.land_use.c_str());
        if (!first.land_class_code.empty()) f.SetField("地类编码", first.land_class_code.c_str());
        if (!first.sheet.empty()) f.SetField("图幅号", first.sheet.c_str());
        f.SetField("地块面积", area_ha);
        f.SetGeometry(&shape);
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            throw InputError(kStage, fmt::format("{}: 地块 {} cannot be held in memory", path, number));
    }
    return ds;
}

}  // namespace parkgis
