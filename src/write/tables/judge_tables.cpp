// The judge stage's tables: every rule outcome (compliance), the counts per scope and the rule sets applied.
#include "parkgis/judge/judge.hpp"
#include "parkgis/write/tables.hpp"

namespace parkgis::output {

namespace {

using T = ColumnType;

}  // namespace

ComplianceView compliance_view(const Dataset& d, size_t index) {
    const RuleOutcome& o = d.compliance[index];
    auto [zh, en] = outcome_message(d, o);
    return {&o, &d.judged_rules[o.rule], std::move(zh), std::move(en)};
}

const Table<ComplianceView>& compliance_table() {
    using R = ComplianceView;
    static const Table<R> table{
        "compliance",
        "规则判定结果",
        "every rule judged on every parcel and zone it applies to",
        {
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return Cell{r.rule->rule_set}; }},
            {{"rule_id", T::text, "规则编号", ""}, [](const R& r) { return Cell{r.rule->rule_id}; }},
            {{"rule_name", T::text, "规则名称", ""}, [](const R& r) { return Cell{r.rule->name_zh}; }},
            {{"scope", T::text, "对象类型（地块/区块）", ""}, [](const R& r) { return Cell{r.rule->scope}; }},
            {{"subject_layer", T::text, "对象图层", ""},
             [](const R& r) { return Cell{std::string(r.outcome->zone_subject ? "zones" : "parcels")}; }},
            {{"subject_id", T::text, "对象编号", ""}, [](const R& r) { return Cell{r.outcome->subject_id}; }},
            {{"zone_id", T::text, "所在区块", ""}, [](const R& r) { return Cell{r.outcome->zone_id}; }},
            {{"status", T::text, "结果（pass合格/fail不合格/not_available无法判定）", ""},
             [](const R& r) { return Cell{std::string(status_name(r.outcome->status))}; }},
            {{"indicator", T::text, "指标", ""}, [](const R& r) { return Cell{r.rule->indicator}; }},
            {{"comparison", T::text, "比较", ""}, [](const R& r) { return Cell{r.rule->comparison}; }},
            {{"actual", T::real, "实际值", ""}, [](const R& r) { return real(r.outcome->actual); }},  // unit: the unit column
            {{"threshold", T::real, "阈值", ""}, [](const R& r) { return real(r.outcome->threshold); }},
            {{"threshold_max", T::real, "阈值上限", ""}, [](const R& r) { return real(r.outcome->threshold_max); }},
            {{"unit", T::text, "单位", ""}, [](const R& r) { return Cell{r.rule->unit}; }},
            {{"margin", T::real, "余量（负值为差距）", ""}, [](const R& r) { return real(r.outcome->margin); }},
            {{"margin_pct", T::real, "余量占阈值(%)", "%"}, [](const R& r) { return real(r.outcome->margin_pct); }},
            {{"threshold_source", T::text, "阈值来源", ""}, [](const R& r) { return Cell{r.outcome->threshold_source}; }},
            {{"severity", T::text, "严重程度", ""}, [](const R& r) { return Cell{std::string(severity_name(r.rule->severity))}; }},
            {{"binding", T::text, "约束性/推荐性", ""}, [](const R& r) { return Cell{r.rule->binding}; }},
            {{"confidence", T::text, "依据可信度", ""}, [](const R& r) { return Cell{r.rule->confidence}; }},
            {{"citation", T::text, "依据条款", ""}, [](const R& r) { return Cell{r.rule->citation}; }},
            {{"message_zh", T::text, "说明", ""}, [](const R& r) { return Cell{r.message_zh}; }},
            {{"message_en", T::text, "Message", ""}, [](const R& r) { return Cell{r.message_en}; }},
        }};
    return table;
}

const Table<ComplianceCount>& compliance_summary_table() {
    using R = ComplianceCount;
    static const Table<R> table{
        "compliance_summary",
        "规则判定汇总",
        "compliance per zone, core, expansion and total, by rule set",
        {
            {{"scope_id", T::text, "范围", ""}, [](const R& r) { return text(r.scope_id); }},
            {{"scope_name", T::text, "名称", ""}, [](const R& r) { return text(r.scope_name); }},
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.rule_set); }},
            {{"parcels_judged", T::integer, "参评地块数", ""}, [](const R& r) { return integer(r.parcels_judged); }},
            {{"parcels_pass", T::integer, "合格地块数", ""}, [](const R& r) { return integer(r.parcels_pass); }},
            {{"parcels_fail", T::integer, "不合格地块数", ""}, [](const R& r) { return integer(r.parcels_fail); }},
            {{"parcels_not_available", T::integer, "无法判定地块数", ""},
             [](const R& r) { return integer(r.parcels_not_available); }},
            {{"zone_rules_pass", T::integer, "区块指标达标数", ""}, [](const R& r) { return integer(r.zone_rules_pass); }},
            {{"zone_rules_fail", T::integer, "区块指标未达标数", ""}, [](const R& r) { return integer(r.zone_rules_fail); }},
            {{"zone_rules_not_available", T::integer, "区块指标无法判定数", ""},
             [](const R& r) { return integer(r.zone_rules_not_available); }},
        }};
    return table;
}


const Table<AppliedRuleSet>& rule_sets_table() {
    using R = AppliedRuleSet;
    static const Table<R> table{
        "rule_sets",
        "规则集",
        "rule sets applied, with the project's overrides",
        {
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return text(r.id); }},
            {{"version", T::text, "版本", ""}, [](const R& r) { return text(r.version); }},
            {{"title", T::text, "名称", ""}, [](const R& r) { return text(r.title); }},
            {{"document", T::text, "文件", ""}, [](const R& r) { return text(r.document); }},
            {{"file", T::text, "规则文件", ""}, [](const R& r) { return text(r.file); }},
            {{"sha256", T::text, "规则文件校验和", ""}, [](const R& r) { return text(r.sha256); }},
            {{"rules", T::integer, "规则数", ""}, [](const R& r) { return integer(r.rules); }},
            {{"rules_switched_off", T::integer, "停用规则数", ""}, [](const R& r) { return integer(r.rules_switched_off); }},
            {{"overrides", T::text, "项目调整（原因）", ""},
             [](const R& r) {
                 std::string overrides;
                 for (const auto& o : r.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
                 return text(overrides);
             }},
        }};
    return table;
}

}  // namespace parkgis::output
