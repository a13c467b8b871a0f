#pragma once
// Judging rule sets on parcels and zones: applicability, the actual value, the threshold (scalar,
// range, industry × region-tier table, project parameter or 理想值), the comparison and the margin.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parkgis/dataset.hpp"
#include "parkgis/judge/industry_codes.hpp"
#include "parkgis/judge/rule_set.hpp"
#include "parkgis/project.hpp"

namespace parkgis {

// The facts about the application a rule may depend on.
struct JudgeContext {
    const JudgeSettings* settings = nullptr;
    const EvaluationSettings* evaluation = nullptr;
    const IndustryCrosswalk* crosswalk = nullptr;
    std::optional<ZoneType> zone_type;  // from the indicators stage
};

// A reason in both languages.
struct Why {
    std::string zh, en;
};

// Whether actual satisfies the comparison (a relative 1e-9 tolerance absorbs rounding).
bool passes(Comparison c, double actual, double threshold, double threshold_max = 0);
// Inside (+) or outside (−) the limit, in the indicator's unit.
double margin_of(Comparison c, double actual, double threshold, double threshold_max = 0);

struct ResolvedThreshold {
    std::optional<double> value, max;
    std::string source;  // where the number came from
    Why missing;         // when there is no number
};
// The threshold of a condition for a subject with this industry code ("" for zones).
ResolvedThreshold resolve_threshold(const Condition& c, const JudgeContext& ctx, const std::string& industry_code);

// Judges every rule of the set on every subject it applies to; appends to d.judged_rules and
// d.compliance. Rules switched off by the project are skipped (the caller records them).
void judge_rule_set(const RuleSet& set, Dataset& d, const JudgeContext& ctx);

// The message of an outcome in Chinese and English.
std::pair<std::string, std::string> outcome_message(const Dataset& d, const RuleOutcome& o);

// Numbers as people write them: 0.7, 4400, 2.42.
std::string format_number(double v);
// A number with its unit: "12%", "0.8", "300 亿元".
std::string with_unit(double v, const std::string& unit);
// A limit: "≥ 300 亿元", "∈ [0.8, 1.5]", "≥ ?" when there is no number.
std::string format_limit(Comparison c, std::optional<double> threshold, std::optional<double> threshold_max,
                         const std::string& unit);

}  // namespace parkgis

namespace parkgis {

// What the judge stage keeps beside the outcomes (Dataset::parcel_compliance, compliance_summary,
// zone_judgements), made from d.compliance once every rule set was judged.
std::vector<ParcelCompliance> summarise_parcel_compliance(const Dataset& d);
std::vector<ComplianceCount> count_compliance_by_scope(const Dataset& d);
std::vector<ZoneJudgement> count_failures_by_zone(const Dataset& d);

}  // namespace parkgis
