#include "parkgis/judge/judge_stage.hpp"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <set>

#include "parkgis/errors.hpp"
#include "parkgis/judge/judge.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "judge";

}  // namespace

void JudgeStage::prepare(const Project& project, const RunOptions&) {
    m_crosswalk = std::make_shared<const IndustryCrosswalk>(
        IndustryCrosswalk::load(bundled_data_path("judge/gbt4754_crosswalk.csv")));
    m_sets.clear();
    std::map<std::string, std::string> rule_home;  // rule id → rule set id
    std::set<std::string> set_ids;
    for (const auto& id : project.judge.rule_sets) {
        RuleSet set = load_rule_set(rule_set_file(id));
        show_public_paths(set, project.folder);
        if (!set_ids.insert(set.id).second)
            throw RuleError(kStage, fmt::format("{}: rule set {} is listed twice in judge.rule_sets", project.file, set.id));
        for (const auto& r : set.rules) {
            auto [it, added] = rule_home.emplace(r.id, set.id);
            if (!added)
                throw RuleError(kStage, fmt::format("{}: rule id {} is in both {} and {}; rule ids must be unique across "
                                                    "the rule sets of a project",
                                                    r.where, r.id, it->second, set.id));
        }
        m_sets.push_back(std::move(set));
    }
    for (const auto& [id, ov] : project.judge.overrides) {
        const Rule* rule = nullptr;
        for (const auto& s : m_sets)
            for (const auto& r : s.rules)
                if (r.id == id) rule = &r;
        if (!rule)
            throw InputError(kStage, fmt::format("{}: judge.overrides names rule {}, which is in none of the project's rule "
                                                 "sets; `parkgis rules show <set>` lists the ids",
                                                 ov.yaml_location, id));
        if (ov.threshold && (rule->condition.comparison == Comparison::any_of ||
                             rule->condition.comparison == Comparison::between))
            throw InputError(kStage, fmt::format("{}: rule {} compares with {}; a single threshold cannot replace it — "
                                                 "copy the rule set and edit the rule instead",
                                                 ov.yaml_location, id, comparison_name(rule->condition.comparison)));
    }
}

void JudgeStage::run(Dataset& d, const RunOptions& options) {
    JudgeContext ctx;
    ctx.settings = &d.project->judge;
    ctx.evaluation = &d.project->evaluation;
    ctx.crosswalk = m_crosswalk.get();
    d.industry_crosswalk = m_crosswalk;
    ctx.zone_type = d.zone_type;
    for (size_t i = 0; i < m_sets.size(); ++i) {
        const RuleSet& set = m_sets[i];
        if (options.progress) options.progress(static_cast<double>(i) / m_sets.size(), "judge: " + set.id);
        AppliedRuleSet applied{set.id, set.version, set.title, set.document, set.file, set.sha256,
                               static_cast<int>(set.rules.size()), 0, {}};
        for (const auto& r : set.rules) {
            auto ov = ctx.settings->overrides.find(r.id);
            if (ov == ctx.settings->overrides.end()) continue;
            if (ov->second.enabled && !*ov->second.enabled) {
                ++applied.rules_switched_off;
                applied.overrides.push_back(fmt::format("{}: switched off ({}; {})", r.id, ov->second.reason,
                                                        ov->second.yaml_location));
            } else if (ov->second.threshold) {
                applied.overrides.push_back(fmt::format("{}: threshold {} instead of the rule's ({}; {})", r.id,
                                                        format_number(*ov->second.threshold), ov->second.reason,
                                                        ov->second.yaml_location));
            }
        }
        d.rule_sets.push_back(applied);
        judge_rule_set(set, d, ctx);
    }
    d.parcel_compliance = summarise_parcel_compliance(d);
    d.compliance_summary = count_compliance_by_scope(d);
    d.zone_judgements = count_failures_by_zone(d);
    add_judge_findings(d);
    if (options.progress) options.progress(1.0, "judge: done");
}

void add_judge_findings(Dataset& d) {
    struct Gap {
        size_t rule;
        std::uint32_t reason;
        std::vector<std::string> subjects;
    };
    std::vector<Gap> gaps;
    std::map<std::tuple<size_t, std::string, std::uint32_t>, size_t> gap_index;  // rule, zone subject, reason
    for (const auto& o : d.compliance) {
        const JudgedRule& r = d.judged_rules[o.rule];
        const char* layer = o.zone_subject ? "zones" : "parcels";
        if (o.status == RuleOutcome::Status::fail) {
            auto [zh, en] = outcome_message(d, o);
            d.add({r.rule_id, r.severity, layer, o.subject_id, o.actual, o.threshold, r.unit, zh, en, r.citation, {}});
        } else if (o.status == RuleOutcome::Status::not_available) {
            auto key = std::make_tuple(o.rule, o.zone_subject ? o.subject_id : std::string(), o.reason);
            auto [it, added] = gap_index.emplace(std::move(key), gaps.size());
            if (added) gaps.push_back({o.rule, o.reason, {}});
            gaps[it->second].subjects.push_back(o.subject_id);
        }
    }
    for (const auto& g : gaps) {
        const JudgedRule& r = d.judged_rules[g.rule];
        const bool zone = r.scope == "zone";
        const std::string ids = first_subjects(g.subjects);
        const auto& reason = d.text_of(g.reason);
        const std::string zh = zone ? fmt::format("{}无法判定：{}", r.name_zh, reason.zh)
                                    : fmt::format("{}：{} 个地块无法判定：{}", r.name_zh, g.subjects.size(), reason.zh);
        const std::string en = zone ? fmt::format("{} not available: {}", r.name_en, reason.en)
                                    : fmt::format("{}: {} parcel(s) not judged: {}", r.name_en, g.subjects.size(), reason.en);
        // The subjects stay in the compliance table (status not_available, one row each): listing them again in
        // finding_subjects cost 400 000 rows and 5 s of writing at 1 M buildings.
        d.add({r.rule_id, Severity::info, zone ? "zones" : "parcels", ids, {}, {}, r.unit, zh, en, r.citation, {}});
    }
}

}  // namespace parkgis
