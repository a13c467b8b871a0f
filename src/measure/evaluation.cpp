#include "parkgis/measure/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "../core/yaml_reader.hpp"
#include "parkgis/errors.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "measure";
using Reader = detail::YamlReader;

void check_sum(const Reader& r, const YAML::Node& at, double sum, const std::string& what) {
    if (std::abs(sum - 1.0) > 1e-6) r.fail(at, fmt::format("the weights of {} add up to {:.4f}, not 1", what, sum));
}

std::vector<EvaluationGoal> parse_goals(const Reader& r, const YAML::Node& list, const std::string& where) {
    if (!list.IsSequence()) r.fail(list, fmt::format("{} must be a list of goals", where));
    std::vector<EvaluationGoal> goals;
    double goal_sum = 0;
    for (const auto& g : list) {
        r.only_keys(g, {"id", "name", "weight", "subgoals"}, where);
        EvaluationGoal goal;
        goal.id = r.text(g["id"], "id");
        goal.name = r.text(g["name"], "name");
        goal.weight = r.non_negative(g["weight"], "weight");
        goal_sum += goal.weight;
        double sub_sum = 0;
        if (!g["subgoals"] || !g["subgoals"].IsSequence()) r.fail(g, fmt::format("goal {} needs a list of subgoals", goal.id));
        for (const auto& s : g["subgoals"]) {
            r.only_keys(s, {"id", "name", "weight", "indicators"}, where + "." + goal.id);
            EvaluationSubgoal sub;
            sub.id = r.text(s["id"], "id");
            sub.name = r.text(s["name"], "name");
            sub.weight = r.non_negative(s["weight"], "weight");
            sub_sum += sub.weight;
            if (!s["indicators"] || !s["indicators"].IsMap())
                r.fail(s, fmt::format("subgoal {} needs indicators: {{indicator_id: weight, …}}", sub.id));
            double ind_sum = 0;
            for (const auto& kv : s["indicators"]) {
                sub.indicators.emplace_back(r.key(kv.first), r.non_negative(kv.second, r.key(kv.first)));
                ind_sum += sub.indicators.back().second;
            }
            check_sum(r, s, ind_sum, "subgoal " + sub.id);
            goal.subgoals.push_back(std::move(sub));
        }
        check_sum(r, g, sub_sum, "goal " + goal.id);
        goals.push_back(std::move(goal));
    }
    check_sum(r, list, goal_sum, where);
    return goals;
}

}  // namespace

Evaluation load_evaluation(const std::string& path) {
    const Reader r(kStage, path);
    const YAML::Node root = Reader::load_file(kStage, path);
    r.only_keys(root,
                {"id", "title", "citation", "confidence", "inverse_indicators", "area_weights", "zone_type_rule",
                 "weights"},
                "the evaluation file");
    Evaluation e;
    e.file = path;
    for (const char* key : {"id", "title", "citation", "weights"})
        if (!root[key]) r.fail(root, fmt::format("the evaluation file needs '{}'", key));
    e.id = r.text(root["id"], "id");
    e.title = r.text(root["title"], "title");
    e.citation = r.text(root["citation"], "citation");
    if (root["confidence"]) e.confidence = r.text(root["confidence"], "confidence");
    if (const auto& inv = root["inverse_indicators"]) {
        if (!inv.IsSequence()) r.fail(inv, "inverse_indicators must be a list of indicator ids");
        for (const auto& i : inv) e.inverse_indicators.insert(r.text(i, "inverse_indicators"));
    }
    if (const auto& w = root["area_weights"]) {
        r.only_keys(w, {"main", "direction"}, "area_weights");
        e.main_weight = r.non_negative(w["main"], "main");
        e.direction_weight = r.non_negative(w["direction"], "direction");
        check_sum(r, w, e.main_weight + e.direction_weight, "area_weights");
    }
    if (const auto& z = root["zone_type_rule"]) {
        r.only_keys(z, {"industrial_rate_over_pct", "residential_rate_under_pct"}, "zone_type_rule");
        e.industrial_rate_over_pct = r.non_negative(z["industrial_rate_over_pct"], "industrial_rate_over_pct");
        e.residential_rate_under_pct = r.non_negative(z["residential_rate_under_pct"], "residential_rate_under_pct");
    }
    const auto& weights = root["weights"];
    r.only_keys(weights, {"industrial_led", "integrated"}, "weights");
    for (const auto& type : weights) {
        const auto t = r.key(type.first);
        r.only_keys(type.second, {"main", "direction"}, "weights." + t);
        for (const auto& area : type.second) {
            const auto a = r.key(area.first);
            e.weights[t][a] = parse_goals(r, area.second, "weights." + t + "." + a);
        }
    }
    return e;
}

ZoneTypeDecision decide_zone_type(std::optional<double> industrial, std::optional<double> residential,
                                  const Evaluation& e, const std::string& configured) {
    if (configured != "auto")  // the project file checked it is one of the two
        return {zone_type_of(configured).value_or(ZoneType::other),
                fmt::format("set in the project file (evaluation.zone_type: {})", configured)};
    if (!industrial || !residential)
        return {ZoneType::other, "the core has no built land (A), so the 2014 rule cannot be applied"};
    const double i = *industrial, r = *residential;
    const std::string facts = fmt::format("core 工业用地率 A2/A = {:.2f} %, 住宅用地率 A1/A = {:.2f} %", i, r);
    if (i > e.industrial_rate_over_pct && r < e.residential_rate_under_pct)
        return {ZoneType::industrial_led, fmt::format("{} (> {} % and < {} %: 工业主导型)", facts, e.industrial_rate_over_pct,
                                              e.residential_rate_under_pct)};
    if (i <= e.industrial_rate_over_pct && r >= e.residential_rate_under_pct)
        return {ZoneType::integrated, fmt::format("{} (≤ {} % and ≥ {} %: 产城融合型)", facts, e.industrial_rate_over_pct,
                                          e.residential_rate_under_pct)};
    return {ZoneType::other, fmt::format("{}: neither 工业主导型 nor 产城融合型 by the 2014 rule", facts)};
}

double realization_degree(double value, double ideal, std::optional<double> worst, bool inverse) {
    if (!inverse) return std::min(100.0, value / ideal * 100.0);
    const double s = (*worst - value) / (*worst - ideal);
    return 100.0 * std::clamp(s, 0.0, 1.0);
}

IndicatorRow score_row(const IndicatorRow& base, const std::string& id, const std::string& name_zh,
                       const std::string& name_en, const std::string& formula_id, const std::string& formula,
                       const Evaluation& e) {
    IndicatorRow s;
    s.scope = base.scope;
    s.scope_id = base.scope_id;
    s.scope_name = base.scope_name;
    s.area_type = base.area_type;
    s.indicator_id = id;
    s.name_zh = name_zh;
    s.name_en = name_en;
    s.category = "score";
    s.unit = "分";
    s.formula_id = formula_id;
    s.formula = formula;
    s.source = e.citation;
    s.rule_set = e.id;
    return s;
}

std::pair<double, double> area_weights(const Evaluation& e, const EvaluationSettings& s) {
    if (s.main_weight && s.direction_weight) return {*s.main_weight, *s.direction_weight};
    return {e.main_weight, e.direction_weight};
}

std::optional<double> score_scope(std::vector<IndicatorRow>& rows, const std::string& scope_id,
                                  EvaluationArea area, ZoneType zone_type, const Evaluation& e,
                                  const EvaluationSettings& settings) {
    auto find = [&](const std::string& id) -> IndicatorRow* {
        for (auto& r : rows)
            if (r.scope_id == scope_id && r.indicator_id == id) return &r;
        return nullptr;
    };
    const IndicatorRow* any = nullptr;
    for (const auto& r : rows)
        if (r.scope_id == scope_id) any = &r;
    if (!any) return std::nullopt;
    const IndicatorRow base = *any;

    // 实现度 wherever a 理想值 is given, weighted or not.
    for (auto& r : rows) {
        if (r.scope_id != scope_id || r.category != "indicator") continue;
        auto ideal = settings.ideal_values.find(r.indicator_id);
        if (ideal == settings.ideal_values.end()) continue;
        r.target = ideal->second;
        const bool inverse = e.inverse_indicators.count(r.indicator_id) > 0;
        auto worst = settings.worst_values.find(r.indicator_id);
        if (r.value && (!inverse || worst != settings.worst_values.end()))
            r.realization = realization_degree(*r.value, ideal->second,
                                               worst == settings.worst_values.end() ? std::nullopt
                                                                                    : std::optional<double>(worst->second),
                                               inverse);
    }

    // 其他 is scored with the 工业主导型 weights (MEASURE-ZONE-TYPE-OTHER says so).
    const ZoneType scored_as = zone_type == ZoneType::integrated ? ZoneType::integrated : ZoneType::industrial_led;
    const std::string type(label(scored_as).id);
    const std::string area_type(label(area).id);  // the evaluation file's key: main, direction
    auto t = e.weights.find(type);
    std::vector<std::string> missing;
    std::vector<IndicatorRow> score_rows;
    double total = 0;
    const std::vector<EvaluationGoal>* goals = nullptr;
    if (t != e.weights.end()) {
        auto a = t->second.find(area_type);
        if (a != t->second.end()) goals = &a->second;
    }
    if (!goals) missing.push_back(fmt::format("{} has no weights for {} / {}",
                                                 std::filesystem::path(e.file).filename().string(), type, area_type));
    for (const auto& g : goals ? *goals : std::vector<EvaluationGoal>{}) {
        double goal_score = 0;
        std::vector<std::string> goal_missing;
        for (const auto& sub : g.subgoals) {
            for (const auto& [id, w] : sub.indicators) {
                IndicatorRow* r = find(id);
                if (!r) {
                    goal_missing.push_back(id + " (unknown indicator)");
                    continue;
                }
                r->weight = g.weight * sub.weight * w;
                if (r->realization) {
                    goal_score += sub.weight * w * *r->realization;
                } else if (!r->value) {
                    goal_missing.push_back(fmt::format("{} (no value: {})", id, r->reason));
                } else if (!r->target) {
                    goal_missing.push_back(fmt::format("{} (no 理想值: set evaluation.ideal_values.{})", id, id));
                } else {
                    goal_missing.push_back(fmt::format("{} (inverse: give ideal_values.{}: {{ideal, worst}})", id, id));
                }
            }
        }
        IndicatorRow s = score_row(base, "score." + g.id, g.name + "分值", "Score: " + g.id, e.id + ".goal",
                                   "Σ w_sub × Σ w_k × S_k", e);
        s.weight = g.weight;
        if (goal_missing.empty()) {
            s.value = goal_score;
            s.status = ValueStatus::ok;
            s.reason.clear();
            total += g.weight * goal_score;
        } else {
            s.value.reset();
            s.status = ValueStatus::not_available;
            std::string list;
            for (const auto& m : goal_missing) list += (list.empty() ? "" : "; ") + m;
            s.reason = list;
            missing.insert(missing.end(), goal_missing.begin(), goal_missing.end());
        }
        score_rows.push_back(std::move(s));
    }
    IndicatorRow s = score_row(base, "score", "集约度分值", "Intensity score", e.id + ".area", "Σ w_goal × F_goal", e);
    std::optional<double> result;
    if (missing.empty()) {
        s.value = total;
        s.status = ValueStatus::ok;
        s.reason = fmt::format("{}, {} ({}); weights illustrative, see {}", label(scored_as).zh,
                               label(area).zh, type,
                               std::filesystem::path(e.file).filename().string());
        result = total;
    } else {
        s.value.reset();
        s.status = ValueStatus::not_available;
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : "; ") + m;
        s.reason = list;
    }
    score_rows.push_back(std::move(s));
    rows.insert(rows.end(), score_rows.begin(), score_rows.end());
    return result;
}

}  // namespace parkgis
