#include "parkgis/write/coordinate_file.hpp"

#include <fmt/format.h>

#include "parkgis/units.hpp"
#include "parkgis/version.hpp"

namespace parkgis {

std::string format_coordinate_file(const Dataset& dataset, const std::string& date) {
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
    for (const auto& z : dataset.zones) {
        std::vector<const BoundaryPoint*> pts;
        for (const auto& p : dataset.boundary_points)
            if (p.zone_id == z.zone_id) pts.push_back(&p);
        int rings = 0;
        for (const auto* p : pts) rings = std::max(rings, p->ring);
        const size_t rows = pts.size() + static_cast<size_t>(rings);  // each ring closes on its first point
        out += fmt::format("{},{:.4f},{},{},面,,{},,@\n", rows, units::ha(z.area.planar_m2), z.zone_id, z.name,
                           z.kind == "core" ? "核心区" : "扩区");
        for (size_t i = 0; i < pts.size(); ++i) {
            const auto& p = *pts[i];
            out += fmt::format("J{},{},{:.2f},{:.2f}\n", p.number, p.ring, p.x_north, p.y_east_prefixed);
            const bool ring_ends = i + 1 == pts.size() || pts[i + 1]->ring != p.ring;
            if (ring_ends) {
                size_t first = i;
                while (first > 0 && pts[first - 1]->ring == p.ring) --first;
                const auto& q = *pts[first];
                out += fmt::format("J{},{},{:.2f},{:.2f}\n", q.number, q.ring, q.x_north, q.y_east_prefixed);
            }
        }
    }
    return out;
}

}  // namespace parkgis
