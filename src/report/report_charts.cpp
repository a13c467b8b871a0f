// The data behind the report's charts (charts.hpp draws them).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "charts.hpp"

namespace parkgis::report {

namespace {

std::string value_text(double v, const std::string& unit) {
    const std::string n = std::fabs(v) >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
    return unit.empty() ? n : n + " " + unit;
}

}  // namespace

ReportChart indicator_chart(const Dataset& d) {
    ReportChart out{"indicators", "指标实现度（现状值 ÷ 理想值）", "Indicators against their targets (realization)", "", {}};
    std::vector<std::pair<std::string, std::string>> scopes;  // id, name
    std::set<std::string> seen;
    for (const auto& r : d.indicators)
        if ((r.scope == ScopeLevel::kind || r.scope == ScopeLevel::total) && seen.insert(r.scope_id).second)
            scopes.emplace_back(r.scope_id, r.scope_name);
    if (scopes.empty())
        for (const auto& r : d.indicators)
            if (r.scope == ScopeLevel::zone && seen.insert(r.scope_id).second) scopes.emplace_back(r.scope_id, r.scope_name);
    // A scope the evaluation does not score (e.g. the total, when only 主区 and 发展方向区 are) has no bars.
    scopes.erase(std::remove_if(scopes.begin(), scopes.end(),
                                [&](const auto& s) {
                                    return std::none_of(d.indicators.begin(), d.indicators.end(), [&](const IndicatorRow& r) {
                                        return r.scope_id == s.first && r.realization.has_value();
                                    });
                                }),
                 scopes.end());
    seen.clear();
    for (const auto& s : scopes) seen.insert(s.first);
    std::vector<std::string> ids;
    std::map<std::string, std::string> names;
    for (const auto& r : d.indicators)
        if (r.target && seen.count(r.scope_id) && !names.count(r.indicator_id)) {
            ids.push_back(r.indicator_id);
            names[r.indicator_id] = r.name_zh;
        }
    if (ids.empty()) {
        out.note = "没有带理想值的指标（评价未运行或缺少输入） / no indicator has a target (no evaluation, or inputs missing)";
        return out;
    }
    static const std::vector<std::string> palette = {"#c0392b", "#2471a3", "#7f8c8d", "#d68910", "#229954", "#7d3c98"};
    BarChart chart;
    chart.axis_label = "实现度 Realization (%)";
    chart.reference = 100;
    chart.reference_label = "理想值 target";
    for (size_t i = 0; i < scopes.size(); ++i) chart.series.push_back({scopes[i].second, palette[i % palette.size()]});
    for (const auto& id : ids) {
        BarGroup g;
        g.label = names[id];
        for (const auto& [scope_id, name] : scopes) {
            const IndicatorRow* r = d.indicator(scope_id, id);
            if (r && r->realization && r->value && r->target) {
                g.values.push_back(*r->realization);
                g.value_labels.push_back(fmt::format("{:.0f}%（{} / {}）", *r->realization, value_text(*r->value, r->unit),
                                                     value_text(*r->target, "")));
            } else {
                g.values.push_back(std::nullopt);
                g.value_labels.push_back(r && !r->reason.empty() ? "无数据 n/a" : "");
            }
        }
        chart.groups.push_back(std::move(g));
    }
    out.chart = std::move(chart);
    out.note = "条形为实现度（%），括号内为现状值 / 理想值；理想值与权重见评价文件（TD/T 1029）及所用规则集。"
               " Bars are realization (%); in brackets actual / target, from the evaluation file and rule sets.";
    return out;
}

ReportChart far_by_industry_chart(const Dataset& d, const IndustryCrosswalk& crosswalk) {
    ReportChart out{"far_by_industry", "工业用地容积率（按行业大类）", "Industrial floor-area ratio by industry division", "", {}};
    struct Sum {
        double area = 0, gfa = 0, far_gfa = 0;
        int parcels = 0;
        std::optional<double> threshold;
    };
    std::map<std::string, Sum> by_division;
    std::vector<std::string> division_of_parcel(d.parcels.size());  // by parcel index; empty: not industrial
    for (size_t i = 0; i < d.parcels.size(); ++i) {
        const ParcelRecord& p = d.parcels[i];
        if (!p.is_industrial() || p.area_m2 <= 0) continue;
        const std::string code = IndustryCrosswalk::normalise(p.industry_code);
        const std::string division = code.size() >= 2 ? code.substr(0, 2) : "";
        auto& s = by_division[division];
        s.area += p.area_m2;
        s.gfa += p.gfa_m2;
        s.far_gfa += p.far_gfa_m2;
        ++s.parcels;
        division_of_parcel[i] = division;
    }
    if (by_division.empty()) {
        out.note = "没有工业用地地块（A2） / no industrial (A2) parcels";
        return out;
    }
    // The first 容积率 rule that has a control value gives the markers: its lowest value per division.
    std::string marker_rule;
    for (size_t i = 0; i < d.judged_rules.size() && marker_rule.empty(); ++i) {
        if (d.judged_rules[i].indicator != "far_control" || d.judged_rules[i].scope != "parcel") continue;
        for (const auto& o : d.compliance) {
            if (o.rule != i || o.zone_subject || !o.threshold) continue;
            if (!d.parcels[o.parcel].is_industrial() || d.parcels[o.parcel].area_m2 <= 0) continue;
            auto& t = by_division[division_of_parcel[o.parcel]].threshold;
            t = t ? std::min(*t, *o.threshold) : *o.threshold;
            marker_rule = d.judged_rules[i].rule_id + "（" + d.judged_rules[i].citation + "）";
        }
    }
    BarChart chart;
    chart.axis_label = "容积率 Floor-area ratio";
    chart.series = {{"容积率（实际建筑面积）", "#7f8c8d"}, {"容积率（控制指标口径，层高>8m加倍）", "#a0522d"}};
    if (!marker_rule.empty()) chart.marker_legend = "控制值（下限）";
    const std::string edition = d.project ? d.project->judge.industry_code_edition : "GB/T 4754-2017";
    for (const auto& [division, s] : by_division) {
        BarGroup g;
        const std::string name = division.empty() ? "" : crosswalk.name_of(division, edition);
        g.label = division.empty() ? "行业代码缺失" : (name.empty() ? division : division + " " + name);
        g.label += fmt::format("（{}宗）", s.parcels);
        g.values = {s.gfa / s.area, s.far_gfa / s.area};
        g.value_labels = {fmt::format("{:.2f}", s.gfa / s.area), fmt::format("{:.2f}", s.far_gfa / s.area)};
        if (s.threshold) {
            g.marker = *s.threshold;
            g.marker_label = fmt::format("控制值 ≥ {:g}", *s.threshold);
            g.value_labels[1] += fmt::format("（控制值 ≥ {:g}）", *s.threshold);
        }
        chart.groups.push_back(std::move(g));
    }
    out.chart = std::move(chart);
    out.note = fmt::format(
        "工业用地（A2）地块按行业代码（{}）前两位归入大类；容积率 = Σ建筑面积 ÷ Σ用地面积。{}"
        " Industrial parcels grouped by the first two digits of their industry code; FAR = Σ floor area ÷ Σ land area.",
        edition, marker_rule.empty() ? "" : "黑线为 " + marker_rule + " 的容积率控制值（各地块中最低者）。");
    return out;
}

}  // namespace parkgis::report
