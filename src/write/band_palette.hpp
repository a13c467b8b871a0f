#pragma once
// Colours and labels of the 职住比 bands, shared by the QGIS style (jh_grid.qml) and the report's
// map so that both show a band in the same colour. Internal to libparkgis.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "parkgis/project.hpp"

namespace parkgis::detail {

// One "r,g,b" per band: housing-leaning bands take the housing palette (spread over it), the balanced
// band its own colour, jobs-leaning bands the jobs palette.
inline std::vector<std::string> band_colours(const std::vector<JobsHousingBand>& bands,
                                             const std::vector<std::string>& housing, const std::string& balanced,
                                             const std::vector<std::string>& jobs) {
    size_t balanced_at = 0;
    for (size_t i = 0; i < bands.size(); ++i)
        if (bands[i].balanced) balanced_at = i;
    auto pick = [](const std::vector<std::string>& palette, size_t i, size_t n) {
        if (n <= 1) return palette.back();
        return palette[static_cast<size_t>(std::lround(double(i) * double(palette.size() - 1) / double(n - 1)))];
    };
    const size_t n_housing = balanced_at, n_jobs = bands.size() - balanced_at - 1;
    std::vector<std::string> out;
    for (size_t i = 0; i < bands.size(); ++i)
        out.push_back(i < balanced_at    ? pick(housing, i, n_housing)
                      : i == balanced_at ? balanced
                                         : pick(jobs, i - balanced_at - 1, n_jobs));
    return out;
}

// "基本平衡（0.8 – 1.2）", "严重就业倾向（≥ 1.5，含仅有岗位）"
inline std::string band_label(const JobsHousingBand& b) {
    auto edge = [](double v) { return fmt::format("{:g}", v); };
    std::string edges;
    if (b.min && b.max) edges = edge(*b.min) + " – " + edge(*b.max);
    else if (b.max) edges = "< " + edge(*b.max);
    else edges = "≥ " + edge(b.min.value_or(0.0)) + "，含仅有岗位";
    return b.name_zh + "（" + edges + "）";
}

}  // namespace parkgis::detail
