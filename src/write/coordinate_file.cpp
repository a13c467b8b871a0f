#include "parkgis/write/coordinate_file.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "../core/escape.hpp"
#include "parkgis/check/boundary_points.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/units.hpp"
#include "parkgis/version.hpp"

namespace parkgis {

namespace {

constexpr const char* kFormat = "自然资源部 建设用地报批 坐标文件格式（界址点坐标交换格式）";

// UTF-8 → `to` with iconv; `lost` collects the characters `to` cannot say (each once, in order).
class Recoder {
public:
    explicit Recoder(const char* to) : m_cd(::iconv_open(to, "UTF-8")) {
        if (m_cd == reinterpret_cast<iconv_t>(-1))
            throw OutputError("write", fmt::format("the coordinate file's encoding {} is not available (iconv)", to));
    }
    ~Recoder() { ::iconv_close(m_cd); }
    Recoder(const Recoder&) = delete;
    Recoder& operator=(const Recoder&) = delete;

    std::string convert(const std::string& utf8, std::string* lost = nullptr) {
        std::string out;
        char buffer[4096];
        char* in = const_cast<char*>(utf8.data());
        size_t in_left = utf8.size();
        ::iconv(m_cd, nullptr, nullptr, nullptr, nullptr);
        while (in_left > 0) {
            char* o = buffer;
            size_t o_left = sizeof buffer;
            const size_t r = ::iconv(m_cd, &in, &in_left, &o, &o_left);
            out.append(buffer, static_cast<size_t>(o - buffer));
            if (r != static_cast<size_t>(-1) || errno == E2BIG) continue;
            // A character the encoding lacks (EILSEQ) or cut short (EINVAL): skip it, naming it.
            std::size_t i = 0;
            const std::string rest(in, in_left);
            detail::next_code_point(rest, i);
            if (lost && lost->find(rest.substr(0, i)) == std::string::npos) *lost += rest.substr(0, i);
            in += i;
            in_left -= i;
        }
        return out;
    }

private:
    iconv_t m_cd;
};

Finding zone_finding(const ZoneRecord& z, const std::string& zh, const std::string& en) {
    return {"WRITE-COORDINATE-FILE-TEXT", Severity::warning, "zones", z.zone_id, {}, {}, "", zh, en, kFormat, nullptr};
}

// One line of the file: the format's records end in CR LF (the land authorities' Windows software).
void line(std::string& out, const std::string& text) { out += text + "\r\n"; }

}  // namespace

CoordinateFile make_coordinate_file(const Dataset& dataset, const std::string& date, const CoordinateFileSettings& settings) {
    CoordinateFile result;
    const auto producer = detail::coordinate_file_field(settings.producer);
    const auto land_use = detail::coordinate_file_field(settings.land_use);
    const auto land_class = detail::coordinate_file_field(settings.land_class_code);
    const auto sheet = detail::coordinate_file_field(settings.sheet);
    if (settings.producer.empty())
        result.findings.push_back({"WRITE-COORDINATE-FILE-PRODUCER", Severity::warning, "", "", {}, {}, "",
                                   "坐标文件的数据产生单位为空：请在项目文件中填写 coordinate_file.producer（申报单位名称）",
                                   "the coordinate file's 数据产生单位 (producer) is empty: set coordinate_file.producer in "
                                   "the project file to the submitting organisation",
                                   kFormat, nullptr});
    std::string out;
    line(out, "[属性描述]");
    line(out, "格式版本号=1.01");
    line(out, "数据产生单位=" + producer.text);
    line(out, "数据产生日期=" + date);
    line(out, "坐标系=2000国家大地坐标系");
    line(out, "几度分带=3");
    line(out, "投影类型=高斯克吕格");
    line(out, "计量单位=米");
    line(out, fmt::format("带号={}", dataset.gk_zone));
    line(out, "精度=0.01");
    line(out, "转换参数=,,,,,,");
    line(out, "[地块坐标]");
    // The points of each zone, found in one pass (boundary_points is in zone order, but need not be).
    std::vector<std::vector<const BoundaryPoint*>> points_of(dataset.zones.size());
    {
        std::map<std::string, size_t> zone_index;
        for (size_t i = 0; i < dataset.zones.size(); ++i) zone_index.emplace(dataset.zones[i].zone_id, i);
        for (const auto& p : dataset.boundary_points)
            if (auto z = zone_index.find(p.zone_id); z != zone_index.end()) points_of[z->second].push_back(&p);
    }
    const bool gbk = settings.encoding != "UTF-8";
    std::optional<Recoder> to_gbk;
    if (gbk) to_gbk.emplace("GBK");
    for (size_t zi = 0; zi < dataset.zones.size(); ++zi) {
        const auto& z = dataset.zones[zi];
        const auto& pts = points_of[zi];
        const auto id = detail::coordinate_file_field(z.zone_id);
        const auto name = detail::coordinate_file_field(z.name);
        for (const auto& [field, value, original] : {std::tuple{"区块编号 id", &id, &z.zone_id},
                                                     std::tuple{"区块名称 name", &name, &z.name}})
            if (!value->changes.empty()) {
                std::string changes;
                for (const auto& c : value->changes) changes += (changes.empty() ? "" : "; ") + c;
                result.findings.push_back(zone_finding(
                    z, fmt::format("坐标文件中{}“{}”写为“{}”（{}）；请在源数据中改正", field, *original, value->text, changes),
                    fmt::format("the coordinate file writes {} '{}' as '{}' ({}); correct it in the source", field,
                                *original, value->text, changes)));
            }
        if (to_gbk) {
            std::string lost;
            to_gbk->convert(id.text + name.text, &lost);
            if (!lost.empty())
                result.findings.push_back(zone_finding(
                    z, fmt::format("区块编号或名称含 GBK 以外的字符“{}”：坐标文件按 GB18030 写入，仅支持 GBK 的软件会显示错误", lost),
                    fmt::format("the zone's id or name holds characters outside GBK ('{}'): the coordinate file is "
                                "written in GB18030, and software that reads only GBK shows them wrongly",
                                lost)));
        }
        // The rings of each part, in order: ring 1 its outline, then its holes.
        std::vector<std::vector<std::vector<const BoundaryPoint*>>> parts;
        for (const auto* p : pts) {
            if (static_cast<int>(parts.size()) < p->part) parts.resize(static_cast<size_t>(p->part));
            auto& rings = parts[static_cast<size_t>(p->part - 1)];
            if (static_cast<int>(rings.size()) < p->ring) rings.resize(static_cast<size_t>(p->ring));
            rings[static_cast<size_t>(p->ring - 1)].push_back(p);
        }
        for (size_t part = 0; part < parts.size(); ++part) {
            const auto& rings = parts[part];
            if (rings.empty() || rings[0].empty()) continue;
            size_t rows = 0;
            double area_m2 = 0;
            for (size_t r = 0; r < rings.size(); ++r) {
                rows += rings[r].size() + 1;  // each ring closes on its first point
                area_m2 += (r == 0 ? 1 : -1) * ring_area_as_printed_m2(rings[r]);
            }
            const int record = rings[0][0]->record;
            const std::string number = settings.numbering == "zone_id"
                                           ? (parts.size() > 1 ? fmt::format("{}-{}", id.text, part + 1) : id.text)
                                           : std::to_string(record);
            const std::string record_name =
                parts.size() > 1 ? fmt::format("{}（{}/{}）", name.text, part + 1, parts.size()) : name.text;
            line(out, fmt::format("{},{:.4f},{},{},面,{},{},{},@", rows, units::ha(area_m2), number, record_name, sheet.text,
                                  land_use.text, land_class.text));
            for (const auto& ring : rings)
                for (size_t i = 0; i <= ring.size(); ++i) {
                    const auto& p = *ring[i % ring.size()];
                    // The Y prefix is the zone number the header's 带号 gives: a mismatch is a wrong file.
                    if (static_cast<int>(std::floor(p.y_east_prefixed / 1e6)) != dataset.gk_zone)
                        throw OutputError("write", fmt::format("zone {}: J{} has Y {:.2f}, whose prefix is not 带号 {}; "
                                                               "the coordinate file would be wrong (please report it)",
                                                               z.zone_id, p.number, p.y_east_prefixed, dataset.gk_zone));
                    line(out, fmt::format("J{},{},{:.2f},{:.2f}", p.number, p.ring, p.x_north, p.y_east_prefixed));
                }
        }
    }
    if (!gbk) {
        result.bytes = std::move(out);
    } else {
        std::string lost;
        result.bytes = Recoder("GB18030").convert(out, &lost);
        if (!lost.empty())  // GB18030 encodes every Unicode character; only invalid text could be lost
            throw OutputError("write", fmt::format("the coordinate file cannot be encoded in GB18030 ('{}')", lost));
    }
    return result;
}

}  // namespace parkgis
