#pragma once
// TD/T 1029 (2014) scoring: zone type, 实现度 against 理想值, weighted scores per 主区 / 发展方向区 and
// their combination (domain-spec §1.3, §1.5).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

struct EvaluationSubgoal {
    std::string id, name;
    double weight = 0;
    std::vector<std::pair<std::string, double>> indicators;  // indicator id, weight
};

struct EvaluationGoal {
    std::string id, name;
    double weight = 0;
    std::vector<EvaluationSubgoal> subgoals;
};

struct Evaluation {
    std::string file, id, title, citation, confidence;
    std::set<std::string> inverse_indicators;
    double main_weight = 0.8, direction_weight = 0.2;
    double industrial_rate_over_pct = 30, residential_rate_under_pct = 25;
    // zone type (industrial_led, integrated) → area type (main, direction) → goals
    std::map<std::string, std::map<std::string, std::vector<EvaluationGoal>>> weights;
};

// Loads and checks an evaluation file (weights sum to 1 at every level). Throws InputError with file:line.
Evaluation load_evaluation(const std::string& path);

// 工业主导型 / 产城融合型 / 其他 from the core's 工业用地率 and 住宅用地率 (or the project's choice).
struct ZoneTypeDecision {
    ZoneType type = ZoneType::other;
    std::string reason;
};
ZoneTypeDecision decide_zone_type(std::optional<double> industrial_rate_pct, std::optional<double> residential_rate_pct,
                                  const Evaluation& evaluation, const std::string& configured);

// 实现度 of one value: positive min(100, X/T×100); inverse linear between ideal (100) and worst (0).
double realization_degree(double value, double ideal, std::optional<double> worst, bool inverse);

// Fills target, 实现度 and weight on the indicator rows of one scope and appends its score rows
// (one per goal and the total, 集约度分值). Returns the score, or nothing when an indicator it needs
// has no value or no 理想值 (the score row says which).
std::optional<double> score_scope(std::vector<IndicatorRow>& rows, const std::string& scope_id,
                                  EvaluationArea area_type, ZoneType zone_type,
                                  const Evaluation& evaluation, const EvaluationSettings& settings);

// The weight of 主区 and 发展方向区 (project over file).
std::pair<double, double> area_weights(const Evaluation& evaluation, const EvaluationSettings& settings);

// A score row for the scope of `base` (scope fields kept, every indicator field cleared).
IndicatorRow score_row(const IndicatorRow& base, const std::string& id, const std::string& name_zh,
                       const std::string& name_en, const std::string& formula_id, const std::string& formula,
                       const Evaluation& evaluation);

}  // namespace parkgis
