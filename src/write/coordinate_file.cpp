#include "parkgis/write/coordinate_file.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <map>
#include <optional>
#include <tuple>

#include "../core/escape.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/units.hpp"
#include "parkgis/version.hpp"

namespace parkgis {

namespace {

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
    return {"WRITE-COORDINATE-FILE-TEXT", Severity::warning, "zones", z.zone_id, {}, {}, "", zh, en,
            "自然资源部 建设用地报批 坐标文件格式 (domain-spec §1.7)", nullptr};
}

}  // namespace

CoordinateFile make_coordinate_file(const Dataset& dataset, const std::string& date, const std::string& encoding) {
    CoordinateFile result;
    std::string out;
    out += "[属性描述]\n";
    out += "格式版本号=1.01\n";
    out += fmt::format("数据产生单位=parkgis {}\n", kVersion);
    out += fmt::format("数据产生日期={}\n", date);
    out += "坐标系=2000国家大地坐标系\n";
    out += "几度分带=3\n";
    out += "投影类型=高斯克吕格\n";
    out += "计量单位=米\n";
    out += fmt::format("带号={}\n", dataset.gk_zone);
    out += "精度=0.01\n";
    out += "转换参数=,,,,,,\n";
    out += "[地块坐标]\n";
    // The points of each zone, found in one pass (boundary_points is in zone order, but need not be).
    std::vector<std::vector<const BoundaryPoint*>> points_of(dataset.zones.size());
    {
        std::map<std::string, size_t> zone_index;
        for (size_t i = 0; i < dataset.zones.size(); ++i) zone_index.emplace(dataset.zones[i].zone_id, i);
        for (const auto& p : dataset.boundary_points)
            if (auto z = zone_index.find(p.zone_id); z != zone_index.end()) points_of[z->second].push_back(&p);
    }
    const bool gbk = encoding != "UTF-8";
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
        int rings = 0;
        for (const auto* p : pts) rings = std::max(rings, p->ring);
        const size_t rows = pts.size() + static_cast<size_t>(rings);  // each ring closes on its first point
        out += fmt::format("{},{:.4f},{},{},面,,{},,@\n", rows, units::ha(z.area.planar_m2), id.text, name.text,
                           label(z.group).zh);
        size_t ring_start = 0;
        for (size_t i = 0; i < pts.size(); ++i) {
            const auto& p = *pts[i];
            if (i == 0 || pts[i - 1]->ring != p.ring) ring_start = i;
            out += fmt::format("J{},{},{:.2f},{:.2f}\n", p.number, p.ring, p.x_north, p.y_east_prefixed);
            if (i + 1 == pts.size() || pts[i + 1]->ring != p.ring) {
                const auto& q = *pts[ring_start];
                out += fmt::format("J{},{},{:.2f},{:.2f}\n", q.number, q.ring, q.x_north, q.y_east_prefixed);
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
