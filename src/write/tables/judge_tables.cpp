// The judge stage's tables: every rule outcome (compliance), the rules judged, the counts per scope and the
// rule sets applied.
#include "parkgis/judge/judge.hpp"
#include "parkgis/write/tables.hpp"

#include <cstdint>
#include <tuple>

namespace parkgis::output {

namespace {

using T = ColumnType;

}  // namespace

OutcomeReasons outcome_reasons(const Dataset& d) {
    OutcomeReasons out;
    out.of_outcome.assign(d.compliance.size(), 0);
    // The Dataset holds each text once already; the table numbers the reasons in the order outcomes give them.
    std::vector<long long> id_of_text(d.outcome_texts.size(), 0);
    for (size_t i = 0; i < d.compliance.size(); ++i) {
        const std::uint32_t reason = d.compliance[i].reason;
        if (reason == 0) continue;
        long long& id = id_of_text.at(reason);
        if (id == 0) {
            id = static_cast<long long>(out.rows.size()) + 1;
            out.rows.push_back({id, d.text_of(reason).zh, d.text_of(reason).en});
        }
        out.of_outcome[i] = id;
    }
    return out;
}

const Table<OutcomeReason>& reasons_table() {
    using R = OutcomeReason;
    static const Table<R> table{
        "reasons",
        "无法判定原因",
        "why rule outcomes could not be judged, each reason once (compliance rows name it by reason_id)",
        {
            {{"reason_id", T::integer64, "原因编号", ""}, [](const R& r) { return Cell{r.reason_id}; }},
            {{"reason_zh", T::text, "无法判定原因", ""}, [](const R& r) { return Cell{r.reason_zh}; }},
            {{"reason_en", T::text, "Reason not judged", ""}, [](const R& r) { return Cell{r.reason_en}; }},
        }};
    return table;
}

ComplianceView compliance_view(const Dataset& d, size_t index, const OutcomeReasons& reasons) {
    const RuleOutcome& o = d.compliance[index];
    ComplianceView v{&o, &d.judged_rules[o.rule], reasons.of_outcome[index], d.text_of(o.detail).zh, d.text_of(o.detail).en,
                     {}, {}};
    if (o.status == RuleOutcome::Status::fail) std::tie(v.message_zh, v.message_en) = outcome_message(d, o);
    return v;
}

// One row per outcome: what was judged and how it came out. The rule's own description (name, indicator,
// comparison, unit, severity, citation …) is in `rules`, once per rule, joined by rule_id, and the reason an
// outcome was not judged in `reasons`: repeated on every row they were most of the table (a city has
// hundreds of thousands of outcomes, a few dozen rules and a handful of reasons).
const Table<ComplianceView>& compliance_table() {
    using R = ComplianceView;
    static const Table<R> table{
        "compliance",
        "规则判定结果",
        "every rule judged on every parcel and zone it applies to; the rule itself is in rules (by rule_id), why it "
        "could not be judged in reasons (by reason_id)",
        {
            {{"rule_id", T::text, "规则编号", ""}, [](const R& r) { return Cell{r.rule->rule_id}; }},
            {{"subject_layer", T::text, "对象图层", ""},
             [](const R& r) { return Cell{std::string(r.outcome->zone_subject ? "zones" : "parcels")}; }},
            {{"subject_id", T::text, "对象编号", ""}, [](const R& r) { return Cell{r.outcome->subject_id}; }},
            {{"zone_id", T::text, "所在区块", ""}, [](const R& r) { return text(r.outcome->zone_id); }},
            {{"status", T::text, "结果（pass合格/fail不合格/not_available无法判定）", "", "outcome_status"},
             [](const R& r) { return Cell{std::string(status_name(r.outcome->status))}; }},
            {{"actual", T::real, "实际值", ""}, [](const R& r) { return real(r.outcome->actual); }},  // unit: rules.unit
            {{"threshold", T::real, "阈值", ""}, [](const R& r) { return real(r.outcome->threshold); }},
            {{"threshold_max", T::real, "阈值上限", ""}, [](const R& r) { return real(r.outcome->threshold_max); }},
            {{"margin", T::real, "余量（负值为差距）", ""}, [](const R& r) { return real(r.outcome->margin); }},
            {{"margin_pct", T::real, "余量占阈值(%)", "%"}, [](const R& r) { return real(r.outcome->margin_pct); }},
            {{"threshold_source", T::text, "阈值来源", ""}, [](const R& r) { return text(r.outcome->threshold_source); }},
            {{"reason_id", T::integer64, "原因编号", ""},
             [](const R& r) { return r.reason_id > 0 ? Cell{r.reason_id} : Cell{}; }},
            {{"detail_zh", T::text, "分项结果", ""}, [](const R& r) { return text(r.detail_zh); }},
            {{"detail_en", T::text, "Alternatives", ""}, [](const R& r) { return text(r.detail_en); }},
            {{"message_zh", T::text, "不合格说明", ""}, [](const R& r) { return text(r.message_zh); }},
            {{"message_en", T::text, "Failure", ""}, [](const R& r) { return text(r.message_en); }},
        },
        Geometry::none,
        {},
        {Join{"rules", "rule_id"}, Join{"reasons", "reason_id"}}};
    return table;
}

const Table<JudgedRule>& rules_table() {
    using R = JudgedRule;
    static const Table<R> table{
        "rules",
        "判定规则",
        "each rule judged in this run: what it compares, its severity and the clause it cites (compliance rows name it "
        "by rule_id)",
        {
            {{"rule_id", T::text, "规则编号", ""}, [](const R& r) { return Cell{r.rule_id}; }},
            {{"rule_set", T::text, "规则集", ""}, [](const R& r) { return Cell{r.rule_set}; }},
            {{"rule_name", T::text, "规则名称", ""}, [](const R& r) { return Cell{r.name_zh}; }},
            {{"rule_name_en", T::text, "Rule", ""}, [](const R& r) { return text(r.name_en); }},
            {{"scope", T::text, "对象类型（地块/区块）", "", "rule_scope"}, [](const R& r) { return Cell{r.scope}; }},
            {{"indicator", T::text, "指标", ""}, [](const R& r) { return Cell{r.indicator}; }},
            {{"comparison", T::text, "比较", "", "comparison"}, [](const R& r) { return Cell{r.comparison}; }},
            {{"unit", T::text, "单位", ""}, [](const R& r) { return text(r.unit); }},
            {{"severity", T::text, "严重程度", "", "severity"}, [](const R& r) { return Cell{std::string(severity_name(r.severity))}; }},
            {{"binding", T::text, "约束性/推荐性", "", "binding"}, [](const R& r) { return text(r.binding); }},
            {{"confidence", T::text, "依据可信度", "", "confidence"}, [](const R& r) { return text(r.confidence); }},
            {{"citation", T::text, "依据条款", ""}, [](const R& r) { return Cell{r.citation}; }},
            {{"override_threshold", T::real, "项目调整阈值", ""}, [](const R& r) { return real(r.override_threshold); }},
            {{"override_reason", T::text, "调整原因", ""}, [](const R& r) { return text(r.override_reason); }},
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
