#include "charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../core/text.hpp"
#include "../write/xml_template.hpp"

namespace parkgis::report {

namespace {

constexpr double kWidth = 900, kValueRoom = 190, kBarHeight = 14, kBarGap = 3, kGroupGap = 12;
constexpr double kTop = 34, kAxisHeight = 44;

std::string number(double v) {
    if (std::fabs(v) >= 100) return fmt::format("{:.0f}", v);
    if (std::fabs(v) >= 10) return fmt::format("{:.1f}", v);
    return fmt::format("{:.2f}", v);
}

// Approximate width at 12 px: CJK characters are square, Latin ones about half as wide.
double text_width(const std::string& utf8) { return 6.0 * detail::display_cells(utf8); }

}  // namespace

double nice_ceiling(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 1;
    const double power = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * power >= v * (1 - 1e-12)) return step * power;
    return 10 * power;
}

std::string bar_chart_svg(const BarChart& chart) {
    using detail::xml_escape;
    double top_value = chart.reference.value_or(0);
    for (const auto& g : chart.groups) {
        for (const auto& v : g.values) {
            const double x = v.value_or(0.0);
            if (std::isfinite(x) && x > top_value) top_value = x;
        }
        if (g.marker.value_or(0.0) > top_value) top_value = g.marker.value_or(0.0);
    }
    const double axis_max = nice_ceiling(top_value > 0 ? top_value : 1);
    double label_width = 120;  // as wide as the longest group label, within reason
    for (const auto& g : chart.groups) label_width = std::max(label_width, text_width(g.label) + 14);
    label_width = std::min(label_width, 360.0);
    const double plot_width = kWidth - label_width - kValueRoom;
    auto x_of = [&](double v) { return label_width + plot_width * std::clamp(v, 0.0, axis_max) / axis_max; };

    const double group_height = chart.series.size() * (kBarHeight + kBarGap) - kBarGap;
    const double plot_height = chart.groups.size() * (group_height + kGroupGap);
    const double height = kTop + plot_height + kAxisHeight;
    std::string svg = fmt::format(
        R"(<svg class="chart" viewBox="0 0 {0:.0f} {1:.0f}" width="{0:.0f}" height="{1:.0f}" role="img">)",
        kWidth, height);
    // legend
    double lx = label_width;
    for (const auto& s : chart.series) {
        svg += fmt::format(R"(<rect x="{:.1f}" y="8" width="12" height="12" fill="{}"/><text x="{:.1f}" y="18" class="legend">{}</text>)",
                           lx, s.colour, lx + 16, xml_escape(s.name));
        lx += 30 + text_width(s.name);
    }
    if (!chart.marker_legend.empty())
        svg += fmt::format(R"(<line x1="{0:.1f}" y1="6" x2="{0:.1f}" y2="22" class="marker"/><text x="{1:.1f}" y="18" class="legend">{2}</text>)",
                           lx + 4, lx + 10, xml_escape(chart.marker_legend));
    // grid and axis
    const int ticks = 5;
    for (int i = 0; i <= ticks; ++i) {
        const double v = axis_max * i / ticks, x = x_of(v);
        svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" class="grid"/><text x="{0:.1f}" y="{3:.1f}" class="tick">{4}</text>)",
                           x, kTop - 4, kTop + plot_height, kTop + plot_height + 16, number(v));
    }
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="axis">{}</text>)", label_width + plot_width / 2,
                       kTop + plot_height + 36, xml_escape(chart.axis_label));
    // bars
    double y = kTop;
    for (const auto& g : chart.groups) {
        svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="label">{}</text>)", label_width - 8,
                           y + group_height / 2 + 4, xml_escape(g.label));
        for (size_t s = 0; s < chart.series.size(); ++s) {
            const double by = y + s * (kBarHeight + kBarGap);
            const bool has = s < g.values.size() && g.values[s].has_value();
            const double value = has ? g.values[s].value_or(0.0) : 0.0;
            const std::string text = s < g.value_labels.size() && !g.value_labels[s].empty()
                                         ? g.value_labels[s]
                                         : (has ? number(value) : "无数据 n/a");
            const double end = has ? x_of(value) : label_width;
            if (has) svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)",
                                      label_width, by, std::max(0.0, end - label_width), kBarHeight, chart.series[s].colour);
            svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="value">{}</text>)", end + 4, by + kBarHeight - 3,
                               xml_escape(text));
        }
        if (g.marker) {
            const double x = x_of(*g.marker);
            svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" class="marker"><title>{3}</title></line>)",
                               x, y - 3, y + group_height + 3, xml_escape(g.marker_label));
        }
        y += group_height + kGroupGap;
    }
    if (chart.reference) {
        const double x = x_of(*chart.reference);
        svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" class="reference"/><text x="{0:.1f}" y="{3:.1f}" class="reference-label">{4}</text>)",
                           x, kTop - 4, kTop + plot_height + 4, kTop + plot_height + 30, xml_escape(chart.reference_label));
    }
    return svg + "</svg>";
}

}  // namespace parkgis::report
