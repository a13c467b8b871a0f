#pragma once
// Rule sets (docs/judge.md): versioned YAML files, one per source document, each rule with its
// applicability, indicator, comparison, threshold, unit, severity, citation and confidence.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// The zone indicator a plan's completion rule names: the share of the rule set's targets met on the scope
// (the set's zone rules judged before it; an unjudged target counts as not met, so the share is a lower bound).
inline constexpr const char* kRuleSetCompletion = "rule_set_completion_pct";

enum class Comparison { at_least, more_than, at_most, less_than, between, any_of };
const char* comparison_name(Comparison c);    // at_least …
const char* comparison_symbol(Comparison c);  // ≥ > ≤ < …
std::optional<Comparison> comparison_from_name(const std::string& name);

// A threshold that depends on the industry (GB/T 4754 code) and/or the region tier (地区分类 1–7).
struct ThresholdTable {
    bool by_industry = false, by_region_tier = false;
    std::string industry_edition;  // edition of the codes in the rows
    int tiers = 0;                 // number of region tiers (columns) when by_region_tier
    struct Row {
        std::vector<std::string> industry_codes;   // code prefixes (divisions, groups …)
        std::string label;                          // industry name
        std::vector<std::optional<double>> values;  // one value, or one per tier; empty cell = not known
        std::string where;                          // file:line
    };
    std::vector<Row> rows;
};

struct Threshold {
    enum class Kind { value, range, table, project_parameter, ideal_value } kind = Kind::value;
    double value = 0, max = 0;  // range: [value, max]
    ThresholdTable table;
    std::string key;    // project_parameter: judge.parameters key; ideal_value: evaluation.ideal_values key
    double factor = 1;  // project_parameter × factor (e.g. 3 × the provincial average)
};

// One comparison of an indicator with a threshold; a rule holds one, or several under any_of.
struct Condition {
    std::string indicator;
    Comparison comparison = Comparison::at_least;
    Threshold threshold;
    std::string unit;
    std::string where;
};

// When a rule applies. Empty lists do not restrict.
struct Applicability {
    std::vector<std::string> tdt_classes;       // parcel: TD/T 1029 class (A2 …)
    std::vector<std::string> landuse_prefixes;  // parcel: prefixes of the parcel's own land-use code (M, M1 …)
    std::vector<std::string> industry_codes;    // parcel: GB/T 4754 code prefixes …
    std::string industry_edition;               // … in this edition
    std::vector<std::string> zone_kinds;        // parcel: the kind (core, expansion) of the parcel's zone
    std::vector<std::string> scopes;            // zone rules: zones (each zone), core, expansion, total
    std::vector<std::string> zone_levels;       // municipal, provincial, national (judge.zone_level)
    std::vector<std::string> zone_types;        // industrial_led, integrated (TD/T 1029 zone type)
};

struct Citation {
    std::string document, clause, url;
};

struct Rule {
    std::string id, name_zh, name_en;
    std::string scope;  // parcel or zone
    Applicability when;
    Condition condition;              // the rule's comparison (comparison any_of: unused)
    std::vector<Condition> any_of;    // passes when any alternative passes
    Severity severity = Severity::warning;
    Citation citation;
    std::string confidence;  // verified, secondary source
    std::string binding;     // binding, recommended
    std::string note;
    std::string where;  // file:line
};

// A zone statistic computed from zone_stats columns: numerator [/ denominator] × scale.
struct StatisticDefinition {
    std::string id, name_zh, name_en, unit;
    std::string numerator, denominator;
    double scale = 1;
    std::string definition;  // the convention it follows, with its source
};

struct RuleSet {
    std::string id, title, title_en, document, version, issued, status, note;
    std::vector<std::string> sources;
    std::string file, sha256;
    std::vector<Rule> rules;
    std::map<std::string, StatisticDefinition> statistics;  // bundled ones plus the set's own
};

// What a rule's indicator can be: a parcel metric, a measured zone indicator or a zone statistic.
struct IndicatorInfo {
    std::string id, name_zh, name_en, unit;
    std::string kind;  // parcel_metric, zone_indicator, zone_statistic
};

const std::vector<IndicatorInfo>& parcel_metric_catalogue();
std::vector<IndicatorInfo> zone_indicator_catalogue();  // from the measure stage's indicator definitions

// Loads and validates one rule set. Every problem is a RuleError naming file:line.
RuleSet load_rule_set(const std::string& path);
// The rule set's file and every file:line in it as outputs show them (public_path): errors while loading
// name the file as given; what the outputs carry names no machine path.
void show_public_paths(RuleSet& set, const std::string& project_folder);
// The same for a rule file's text (no sha256); path names it in messages.
RuleSet parse_rule_set(const std::string& text, const std::string& path);

// A bundled id (layers/rules/<id>.yaml) or a path → the file; RuleError when neither exists.
std::string rule_set_file(const std::string& id_or_path);
// Every bundled rule-set file, sorted.
std::vector<std::string> bundled_rule_set_files();

}  // namespace parkgis
