#pragma once
// Bar charts as inline SVG: vector, searchable text, drawn with the page's own CJK font, no script
// and no image library. Internal to libparkgis.
#include <optional>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"
#include "parkgis/judge/industry_codes.hpp"

namespace parkgis::report {

struct BarSeries {
    std::string name;    // legend text
    std::string colour;  // CSS colour
};

struct BarGroup {
    std::string label;                        // left of the bars
    std::vector<std::optional<double>> values;  // one per series; empty: no bar ("n/a" shown)
    std::vector<std::string> value_labels;    // printed after each bar ("" = the value itself)
    std::optional<double> marker;             // a tick across the group (e.g. the control value)
    std::string marker_label;
};

struct BarChart {
    std::string axis_label;  // under the axis, with unit
    std::vector<BarSeries> series;
    std::vector<BarGroup> groups;
    std::optional<double> reference;  // a vertical line across the chart (e.g. 100 % 实现度)
    std::string reference_label;
    std::string marker_legend;        // what the group markers are; "" when none
};

// "Nice" axis end: the smallest 1, 2, 2.5 or 5 × 10^k not below v (v > 0).
double nice_ceiling(double v);

// Horizontal grouped bars, one row block per group, 900 px wide.
std::string bar_chart_svg(const BarChart& chart);

}  // namespace parkgis::report

// The report's two charts, built from the run's results (report_charts.cpp).
namespace parkgis::report {

struct ReportChart {
    std::string id, title_zh, title_en, note;  // note: what is drawn and where it comes from
    std::optional<BarChart> chart;              // empty: nothing to draw (note says why)
};

// 实现度 of every indicator with a target, per kind scope (core, expansion) and the total; a zone
// without kinds shows its zones. The 100 % line is the target.
ReportChart indicator_chart(const Dataset& d);

// 容积率 of industrial parcels by GB/T 4754 division (Σ floor area ÷ Σ land area), with the control
// value of the first 容积率 rule that has one (工业项目建设用地控制指标) as a marker.
ReportChart far_by_industry_chart(const Dataset& d, const IndustryCrosswalk& crosswalk);

}  // namespace parkgis::report
