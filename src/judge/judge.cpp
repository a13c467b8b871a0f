#include "parkgis/judge/judge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "parkgis/measure/parcels.hpp"

namespace parkgis {

namespace {

struct Actual {
    std::optional<double> value;
    Why missing;
};

const ParcelMetricDefinition* parcel_metric_definition(const std::string& id) {
    const int i = parcel_metric_index(id);
    return i < 0 ? nullptr : &parcel_metric_definitions()[static_cast<size_t>(i)];
}

std::optional<double> parcel_metric(const ParcelMetrics& m, const std::string& id) {
    const int i = parcel_metric_index(id);
    return i < 0 || static_cast<size_t>(i) >= m.values.size() ? std::nullopt : m.values[static_cast<size_t>(i)];
}

bool uses_buildings(const std::string& id) {
    const ParcelMetricDefinition* m = parcel_metric_definition(id);
    return m && m->from_buildings;
}

// The parcel field a metric needs, to say what is missing.
Why missing_parcel_input(const ParcelRecord& p, const std::string& id) {
    if (p.area_m2 <= 0) return {"地块面积为零", "the parcel has no area"};
    const ParcelMetricDefinition* m = parcel_metric_definition(id);
    if (!m || m->input.empty()) return {"缺少计算所需数据", "the data this metric needs is missing"};
    return {fmt::format("地块未填写{}（{}）", m->input_zh, m->input),
            fmt::format("the parcel has no {} ({}); fill it in the parcels layer", m->input, m->input_zh)};
}

const StatisticDefinition* find_statistic(const RuleSet& set, const std::string& id) {
    auto it = set.statistics.find(id);
    return it == set.statistics.end() ? nullptr : &it->second;
}

Actual zone_actual(const Dataset& d, const RuleSet& set, const std::string& scope_id, const std::string& id) {
    if (id == kRuleSetCompletion) {
        size_t judged = 0, met = 0;
        for (const auto& o : d.compliance) {
            const JudgedRule& r = d.judged_rules[o.rule];
            if (!o.zone_subject || o.subject_id != scope_id || r.rule_set != set.id || r.indicator == kRuleSetCompletion)
                continue;
            ++judged;
            met += o.status == RuleOutcome::Status::pass ? 1 : 0;
        }
        if (judged == 0)
            return {std::nullopt, {"该规则集在此范围没有其他已判定的指标", "no other target of the rule set was judged on this scope"}};
        return {100.0 * static_cast<double>(met) / static_cast<double>(judged), {}};
    }
    if (const StatisticDefinition* s = find_statistic(set, id)) {
        const auto found = d.zone_stats_row(scope_id);
        if (!found.row) return {std::nullopt, {fmt::format("缺少{}的园区统计数据（zone_stats）", scope_id), found.reason}};
        const auto num = found.row->number(s->numerator);
        if (!num)
            return {std::nullopt,
                    {fmt::format("园区统计表第 {} 行缺少 {} 列的数值", found.row_id, s->numerator),
                     fmt::format("zone_stats row {} has no number in column {}; add the column", found.row_id,
                                 s->numerator)}};
        if (s->denominator.empty()) return {*num * s->scale, {}};
        const auto den = found.row->number(s->denominator);
        if (!den)
            return {std::nullopt,
                    {fmt::format("园区统计表第 {} 行缺少 {} 列的数值", found.row_id, s->denominator),
                     fmt::format("zone_stats row {} has no number in column {}; add the column", found.row_id,
                                 s->denominator)}};
        if (*den == 0)
            return {std::nullopt,
                    {fmt::format("园区统计表第 {} 行 {} 为零", found.row_id, s->denominator),
                     fmt::format("zone_stats row {}: {} is zero", found.row_id, s->denominator)}};
        return {*num / *den * s->scale, {}};
    }
    const IndicatorRow* row = d.indicator(scope_id, id);
    if (!row) return {std::nullopt, {"未计算该指标（缺少地块图层）", "the indicator was not computed (no parcels input)"}};
    if (!row->value || row->status == ValueStatus::not_available)
        return {std::nullopt, {fmt::format("指标无法计算：{}", row->reason), row->reason}};
    return {row->value, {}};
}

bool prefix_of(const std::string& prefix, const std::string& s) { return s.compare(0, prefix.size(), prefix) == 0; }

const ThresholdTable::Row* table_row(const ThresholdTable& t, const std::string& code) {
    const ThresholdTable::Row* best = nullptr;
    size_t best_len = 0;
    for (const auto& r : t.rows)
        for (const auto& c : r.industry_codes)
            if (prefix_of(c, code) && c.size() > best_len) {
                best = &r;
                best_len = c.size();
            }
    return best;
}

enum class Applies { no, yes, unknown };

struct Decision {
    Applies applies = Applies::yes;
    Why why;
};

Decision zone_level_applies(const Rule& rule, const JudgeContext& ctx) {
    if (rule.when.zone_levels.empty()) return {};
    if (ctx.settings->zone_level.empty())
        return {Applies::unknown,
                {"项目文件未指定申报级别 judge.zone_level（municipal 市级 / provincial 省级 / national 国家级）",
                 "the rule depends on the zone level: set judge.zone_level (municipal, provincial or national)"}};
    const auto& l = rule.when.zone_levels;
    return {std::find(l.begin(), l.end(), ctx.settings->zone_level) != l.end() ? Applies::yes : Applies::no, {}};
}

Decision zone_type_applies(const Rule& rule, const JudgeContext& ctx) {
    const auto& t = rule.when.zone_types;
    if (t.empty()) return {};
    return {ctx.zone_type && std::find(t.begin(), t.end(), label(*ctx.zone_type).id) != t.end() ? Applies::yes : Applies::no, {}};
}

// Everything but the industry condition (which the caller memoises per code).
Decision parcel_applies(const Rule& rule, const ParcelRecord& p, const std::string& zone_group,
                             const JudgeContext& ctx) {
    const auto& w = rule.when;
    auto any_prefix = [](const std::vector<std::string>& prefixes, const std::string& s) {
        return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& x) { return prefix_of(x, s); });
    };
    if (!w.tdt_classes.empty() && (p.tdt_class.empty() || !any_prefix(w.tdt_classes, p.tdt_class))) return {Applies::no, {}};
    if (!w.landuse_prefixes.empty() && !any_prefix(w.landuse_prefixes, p.landuse_code)) return {Applies::no, {}};
    if (!w.zone_kinds.empty() &&
        std::find(w.zone_kinds.begin(), w.zone_kinds.end(), zone_group) == w.zone_kinds.end())
        return {Applies::no, {}};
    return zone_type_applies(rule, ctx);
}

// The rule's industry condition for a parcel's industry code, then its zone level.
Decision industry_applies(const Rule& rule, const std::string& industry_code, const JudgeContext& ctx) {
    const auto& w = rule.when;
    if (!w.industry_codes.empty()) {
        if (industry_code.empty())
            return {Applies::unknown,
                    {"地块未填写行业代码（industry_code），无法确定是否适用", "the parcel has no industry_code, so the "
                                                                               "rule's industry condition cannot be decided"}};
        const auto c = ctx.crosswalk->convert(industry_code, ctx.settings->industry_code_edition, w.industry_edition);
        if (c.code.empty()) return {Applies::unknown, {fmt::format("行业代码无法换算：{}", c.reason), c.reason}};
        if (std::none_of(w.industry_codes.begin(), w.industry_codes.end(),
                         [&](const std::string& x) { return prefix_of(x, c.code); }))
            return {Applies::no, {}};
    }
    return zone_level_applies(rule, ctx);
}

// How a result reads in a message: zh, en.
std::pair<const char*, const char*> status_words(RuleOutcome::Status s) {
    switch (s) {
        case RuleOutcome::Status::pass: return {"满足", "met"};
        case RuleOutcome::Status::fail: return {"不满足", "not met"};
        case RuleOutcome::Status::not_available: break;
    }
    return {"无法判定", "not available"};
}

struct Settled {
    RuleOutcome::Status status = RuleOutcome::Status::not_available;
    std::optional<double> actual, threshold, threshold_max, margin, margin_pct;
    std::string threshold_source;
    Why why;
};

Settled settle(const Condition& c, const Actual& actual, const ResolvedThreshold& th) {
    Settled s;
    s.actual = actual.value;
    s.threshold = th.value;
    s.threshold_max = th.max;
    s.threshold_source = th.source;
    if (!actual.value) {
        s.why = actual.missing;
        return s;
    }
    if (!th.value) {
        s.why = th.missing;
        return s;
    }
    const double hi = th.max.value_or(0);
    s.margin = margin_of(c.comparison, *actual.value, *th.value, hi);
    double reference = *th.value;
    if (c.comparison == Comparison::between && *actual.value > hi) reference = hi;
    if (reference != 0) s.margin_pct = *s.margin / std::abs(reference) * 100.0;
    s.status = passes(c.comparison, *actual.value, *th.value, hi) ? RuleOutcome::Status::pass : RuleOutcome::Status::fail;
    return s;
}

void apply(RuleOutcome& o, const Settled& s, Dataset& d) {
    o.status = s.status;
    o.actual = s.actual;
    o.threshold = s.threshold;
    o.threshold_max = s.threshold_max;
    o.margin = s.margin;
    o.margin_pct = s.margin_pct;
    o.threshold_source = s.threshold_source;
    if (s.status == RuleOutcome::Status::not_available) o.reason = d.outcome_text(s.why.zh, s.why.en);
}

ResolvedThreshold with_override(ResolvedThreshold th, const JudgedRule& jr) {
    if (!jr.override_threshold) return th;
    th.value = jr.override_threshold;
    th.source = fmt::format("project override ({})", jr.override_reason);
    return th;
}

std::string indicator_name(const RuleSet& set, const std::string& id, bool zh) {
    if (const auto* s = find_statistic(set, id)) return zh ? s->name_zh : s->name_en;
    for (const auto& i : zone_indicator_catalogue())
        if (i.id == id) return zh ? i.name_zh : i.name_en;
    for (const auto& i : parcel_metric_catalogue())
        if (i.id == id) return zh ? i.name_zh : i.name_en;
    return id;
}

}  // namespace

std::string format_number(double v) {
    if (!std::isfinite(v)) return "?";
    const double a = std::abs(v);
    std::string s = a >= 1000 ? fmt::format("{:.0f}", v)
                    : a >= 100 ? fmt::format("{:.1f}", v)
                    : a >= 1   ? fmt::format("{:.2f}", v)
                               : fmt::format("{:.3f}", v);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

namespace {

// "%" sticks to the number; other units follow a space.
std::string unit_suffix(const std::string& unit) { return unit.empty() || unit == "%" ? unit : " " + unit; }

}  // namespace

std::string with_unit(double v, const std::string& unit) { return format_number(v) + unit_suffix(unit); }

std::string format_limit(Comparison c, std::optional<double> t, std::optional<double> hi, const std::string& unit) {
    if (!t) return fmt::format("{} ?", comparison_symbol(c));
    if (c == Comparison::between)
        return fmt::format("∈ [{}, {}]{}", format_number(*t), format_number(hi.value_or(0)), unit_suffix(unit));
    return fmt::format("{} {}", comparison_symbol(c), with_unit(*t, unit));
}

bool passes(Comparison c, double actual, double threshold, double threshold_max) {
    const double eps = 1e-9 * std::max(1.0, std::abs(threshold));
    switch (c) {
        case Comparison::at_least: return actual >= threshold - eps;
        case Comparison::more_than: return actual > threshold + eps;
        case Comparison::at_most: return actual <= threshold + eps;
        case Comparison::less_than: return actual < threshold - eps;
        case Comparison::between:
            return actual >= threshold - eps && actual <= threshold_max + 1e-9 * std::max(1.0, std::abs(threshold_max));
        case Comparison::any_of: return false;
    }
    return false;
}

double margin_of(Comparison c, double actual, double threshold, double threshold_max) {
    switch (c) {
        case Comparison::at_least:
        case Comparison::more_than: return actual - threshold;
        case Comparison::at_most:
        case Comparison::less_than: return threshold - actual;
        case Comparison::between: return std::min(actual - threshold, threshold_max - actual);
        case Comparison::any_of: return 0;
    }
    return 0;
}

ResolvedThreshold resolve_threshold(const Condition& c, const JudgeContext& ctx, const std::string& industry_code) {
    ResolvedThreshold r;
    const Threshold& t = c.threshold;
    switch (t.kind) {
        case Threshold::Kind::value:
            r.value = t.value;
            r.source = "rule";
            return r;
        case Threshold::Kind::range:
            r.value = t.value;
            r.max = t.max;
            r.source = "rule";
            return r;
        case Threshold::Kind::project_parameter: {
            auto it = ctx.settings->parameters.find(t.key);
            if (it == ctx.settings->parameters.end()) {
                r.missing = {fmt::format("阈值由地方确定，项目文件未给出 judge.parameters.{}", t.key),
                             fmt::format("the threshold is set locally: give judge.parameters.{} in the project file", t.key)};
                return r;
            }
            r.value = it->second * t.factor;
            r.source = t.factor == 1 ? fmt::format("judge.parameters.{}", t.key)
                                     : fmt::format("{} × judge.parameters.{} ({})", format_number(t.factor), t.key,
                                                   format_number(it->second));
            return r;
        }
        case Threshold::Kind::ideal_value: {
            auto it = ctx.evaluation->ideal_values.find(t.key);
            if (it == ctx.evaluation->ideal_values.end()) {
                r.missing = {fmt::format("项目文件未给出理想值 evaluation.ideal_values.{}", t.key),
                             fmt::format("no 理想值: set evaluation.ideal_values.{} in the project file", t.key)};
                return r;
            }
            r.value = it->second;
            r.source = fmt::format("evaluation.ideal_values.{}", t.key);
            return r;
        }
        case Threshold::Kind::table: break;
    }
    const ThresholdTable& table = t.table;
    const ThresholdTable::Row* row = &table.rows.front();
    std::string where;
    if (table.by_industry) {
        if (industry_code.empty()) {
            r.missing = {"地块未填写行业代码（industry_code），阈值按行业确定",
                         "the threshold depends on the industry and the parcel has no industry_code"};
            return r;
        }
        const auto converted =
            ctx.crosswalk->convert(industry_code, ctx.settings->industry_code_edition, table.industry_edition);
        if (converted.code.empty()) {
            r.missing = {fmt::format("行业代码无法换算：{}", converted.reason), converted.reason};
            return r;
        }
        row = table_row(table, converted.code);
        if (!row) {
            r.missing = {fmt::format("阈值表中没有行业 {}（{}）", converted.code, table.industry_edition),
                         fmt::format("the table has no row for industry {} ({}; parcel code {} in {})", converted.code,
                                     table.industry_edition, industry_code, ctx.settings->industry_code_edition)};
            return r;
        }
        where = fmt::format("industry {}{}", converted.code, row->label.empty() ? "" : " " + row->label);
    }
    std::optional<double> cell = row->values.front();
    if (table.by_region_tier) {
        if (!ctx.settings->region_tier) {
            r.missing = {"项目文件未给出地区分类 judge.region_tier（1–7，按土地等别，国土资发〔2008〕308号）",
                         "the threshold depends on the region tier: set judge.region_tier (地区分类 1–7 by 土地等别, "
                         "国土资发〔2008〕308号)"};
            return r;
        }
        const int tier = *ctx.settings->region_tier;
        if (tier > table.tiers) {
            r.missing = {fmt::format("阈值表只有 {} 类地区", table.tiers),
                         fmt::format("the table has {} region tiers, not {}", table.tiers, tier)};
            return r;
        }
        cell = row->values[static_cast<size_t>(tier - 1)];
        where += fmt::format("{}tier {}", where.empty() ? "" : ", ", tier);
    }
    if (!cell) {
        r.missing = {fmt::format("阈值表该格为空（{}；{}）：请按正式文本补全，本工具不推测数值", where, row->where),
                     fmt::format("the table cell for {} is empty ({}): complete it from the official table; parkgis "
                                 "never invents a threshold",
                                 where, row->where)};
        return r;
    }
    r.value = *cell;
    r.source = fmt::format("table: {} ({})", where, row->where);
    return r;
}

void judge_rule_set(const RuleSet& set, Dataset& d, const JudgeContext& ctx) {
    std::map<std::string, std::string> zone_group;
    for (const auto& z : d.zones) zone_group[z.zone_id] = std::string(label(z.group).id);  // as rules name it
    bool has_core = false, has_expansion = false;
    for (const auto& z : d.zones) {
        has_core = has_core || z.group == ZoneGroup::core;
        has_expansion = has_expansion || z.group == ZoneGroup::expansion;
    }

    // The measure stage's metrics; made here for a dataset that did not pass through measure (tests).
    std::vector<ParcelMetrics> computed;
    if (d.parcel_metrics.size() != d.parcels.size())
        for (const auto& p : d.parcels) computed.push_back(parcel_metrics(p));
    const std::vector<ParcelMetrics>& metrics = computed.empty() ? d.parcel_metrics : computed;

    // Bad floors under-count floor area: a FAR failure on such a parcel is not a finding to trust.
    std::map<std::string, int> floors_missing;
    for (const auto& b : d.buildings)
        if ((b.floors_source == FloorsSource::missing || b.floors_source == FloorsSource::implausible) &&
            b.parcel < d.parcels.size())
            ++floors_missing[d.parcels[b.parcel].parcel_id];

    for (const Rule& rule : set.rules) {
        const auto ov = ctx.settings->overrides.find(rule.id);
        if (ov != ctx.settings->overrides.end() && ov->second.enabled && !*ov->second.enabled) continue;
        JudgedRule jr;
        jr.rule_set = set.id;
        jr.rule_id = rule.id;
        jr.name_zh = rule.name_zh;
        jr.name_en = rule.name_en;
        jr.scope = rule.scope;
        jr.comparison = comparison_name(rule.condition.comparison);
        if (rule.condition.comparison == Comparison::any_of) {
            for (const auto& alt : rule.any_of) jr.indicator += (jr.indicator.empty() ? "" : " | ") + alt.indicator;
        } else {
            jr.indicator = rule.condition.indicator;
            jr.unit = rule.condition.unit;
        }
        jr.severity = rule.severity;
        jr.citation = rule.citation.document + " " + rule.citation.clause;
        jr.confidence = rule.confidence;
        jr.binding = rule.binding;
        if (ov != ctx.settings->overrides.end() && ov->second.threshold) {
            jr.override_threshold = ov->second.threshold;
            jr.override_reason = ov->second.reason;
        }
        const size_t index = d.judged_rules.size();
        d.judged_rules.push_back(jr);

        if (rule.scope == "parcel") {
            // Both depend on the parcel only through its industry code, and parcels share few codes.
            std::map<std::string, Decision> applies_by_code;
            std::map<std::string, ResolvedThreshold> threshold_by_code;
            for (size_t i = 0; i < d.parcels.size(); ++i) {
                const ParcelRecord& p = d.parcels[i];
                auto group = zone_group.find(p.zone_id);
                auto a = parcel_applies(rule, p, group == zone_group.end() ? "" : group->second, ctx);
                if (a.applies == Applies::no) continue;
                auto by_code = applies_by_code.find(p.industry_code);
                if (by_code == applies_by_code.end())
                    by_code = applies_by_code.emplace(p.industry_code, industry_applies(rule, p.industry_code, ctx)).first;
                a = by_code->second;
                if (a.applies == Applies::no) continue;
                RuleOutcome o;
                o.rule = index;
                o.subject_id = p.parcel_id;
                o.parcel = i;
                o.zone_id = p.zone_id;
                if (a.applies == Applies::unknown) {
                    o.reason = d.outcome_text(a.why.zh, a.why.en);
                    d.compliance.push_back(std::move(o));
                    continue;
                }
                Actual actual{parcel_metric(metrics[i], rule.condition.indicator), {}};
                if (!actual.value) actual.missing = missing_parcel_input(p, rule.condition.indicator);
                if (p.building_count == 0 && uses_buildings(rule.condition.indicator)) {
                    // A built parcel without buildings is a gap in the buildings layer, not a 容积率 of 0.
                    actual.value.reset();
                    actual.missing = {"已建成地块在建筑图层中没有建筑，请核对建筑图层",
                                      "a built parcel with no buildings in the buildings layer; check that layer"};
                }
                auto th = threshold_by_code.find(p.industry_code);
                if (th == threshold_by_code.end())
                    th = threshold_by_code
                             .emplace(p.industry_code,
                                      with_override(resolve_threshold(rule.condition, ctx, p.industry_code), jr))
                             .first;
                Settled s = settle(rule.condition, actual, th->second);
                const bool far = rule.condition.indicator == "far" || rule.condition.indicator == "far_control";
                auto missing = floors_missing.find(p.parcel_id);
                if (far && s.status == RuleOutcome::Status::fail && missing != floors_missing.end()) {
                    s.status = RuleOutcome::Status::not_available;
                    s.why = {fmt::format("{} 栋建筑缺少层数或层数不合理，容积率 {} 偏低，无法判定；请补全层数", missing->second,
                                         format_number(*s.actual)),
                             fmt::format("{} building(s) on the parcel have no usable floors, so the FAR {} is "
                                         "understated; fill in their floors",
                                         missing->second, format_number(*s.actual))};
                }
                apply(o, s, d);
                if (rule.condition.indicator == "building_coefficient_pct" && !p.yard_m2) {
                    o.detail = d.outcome_text("未填写堆场面积，按建筑占地计", "no yard_area_m2: buildings only");
                }
                d.compliance.push_back(std::move(o));
            }
            continue;
        }

        std::vector<std::string> subjects;
        for (const auto& s : rule.when.scopes) {
            if (s == "zones")
                for (const auto& z : d.zones) subjects.push_back(z.zone_id);
            else if ((s == "core" && has_core) || (s == "expansion" && has_expansion) || s == "total")
                subjects.push_back(s);
        }
        const auto level = zone_level_applies(rule, ctx);
        if (level.applies == Applies::no || zone_type_applies(rule, ctx).applies == Applies::no) continue;
        for (const auto& subject : subjects) {
            RuleOutcome o;
            o.rule = index;
            o.zone_subject = true;
            o.subject_id = subject;
            o.zone_id = subject;
            if (level.applies == Applies::unknown) {
                o.reason = d.outcome_text(level.why.zh, level.why.en);
                d.compliance.push_back(std::move(o));
                continue;
            }
            if (rule.condition.comparison != Comparison::any_of) {
                const auto th = with_override(resolve_threshold(rule.condition, ctx, ""), jr);
                apply(o, settle(rule.condition, zone_actual(d, set, subject, rule.condition.indicator), th), d);
                d.compliance.push_back(std::move(o));
                continue;
            }
            // any_of: passes when one alternative passes; the outcome shows the deciding alternative.
            std::vector<Settled> alts;
            for (const auto& alt : rule.any_of)
                alts.push_back(settle(alt, zone_actual(d, set, subject, alt.indicator),
                                      resolve_threshold(alt, ctx, "")));
            size_t shown = 0;
            bool any_pass = false, any_na = false;
            for (size_t i = 0; i < alts.size(); ++i) {
                if (alts[i].status == RuleOutcome::Status::pass && !any_pass) {
                    any_pass = true;
                    shown = i;
                }
                any_na = any_na || alts[i].status == RuleOutcome::Status::not_available;
            }
            apply(o, alts[shown], d);
            o.status = any_pass ? RuleOutcome::Status::pass
                                : any_na ? RuleOutcome::Status::not_available : RuleOutcome::Status::fail;
            if (o.status == RuleOutcome::Status::not_available && alts[shown].status != RuleOutcome::Status::not_available) {
                for (const auto& a : alts)
                    if (a.status == RuleOutcome::Status::not_available) {
                        o.reason = d.outcome_text(a.why.zh, a.why.en);
                        break;
                    }
            }
            std::string detail_zh, detail_en;
            for (size_t i = 0; i < alts.size(); ++i) {
                const auto& c = rule.any_of[i];
                const auto& a = alts[i];
                const auto [mark_zh, mark_en] = status_words(a.status);
                const std::string value = a.actual ? with_unit(*a.actual, c.unit) : "?";
                const std::string limit = format_limit(c.comparison, a.threshold, a.threshold_max, c.unit);
                detail_zh += fmt::format("{}{} {} {}（{}）", i ? "；" : "", indicator_name(set, c.indicator, true), value,
                                         limit, mark_zh);
                detail_en += fmt::format("{}{} {} {} ({})", i ? "; " : "", indicator_name(set, c.indicator, false), value,
                                         limit, mark_en);
            }
            o.detail = d.outcome_text(detail_zh, detail_en);
            d.compliance.push_back(std::move(o));
        }
    }
}

std::pair<std::string, std::string> outcome_message(const Dataset& d, const RuleOutcome& o) {
    const JudgedRule& r = d.judged_rules[o.rule];
    const auto& reason = d.text_of(o.reason);
    const auto& detail = d.text_of(o.detail);
    std::string zh, en;
    const Comparison c = comparison_from_name(r.comparison).value_or(Comparison::at_least);
    if (c == Comparison::any_of) {
        const auto [zh_status, en_status] = status_words(o.status);
        zh = fmt::format("{}：{}（{}）", r.name_zh, zh_status, detail.zh);
        en = fmt::format("{}: {} ({})", r.name_en, en_status, detail.en);
        if (o.status == RuleOutcome::Status::not_available && !reason.en.empty()) {
            zh += "：" + reason.zh;
            en += ": " + reason.en;
        }
        return {zh, en};
    }
    const std::string limit = format_limit(c, o.threshold, o.threshold_max, r.unit);
    const std::string value = o.actual ? with_unit(*o.actual, r.unit) : "";
    switch (o.status) {
        case RuleOutcome::Status::pass:
            zh = fmt::format("{} {}，满足 {}", r.name_zh, value, limit);
            en = fmt::format("{} {} meets {}", r.name_en, value, limit);
            break;
        case RuleOutcome::Status::fail: {
            const bool lower = c == Comparison::at_least || c == Comparison::more_than ||
                               (c == Comparison::between && o.actual && o.threshold && *o.actual < *o.threshold);
            const std::string gap = o.margin ? with_unit(std::abs(*o.margin), r.unit) : "";
            zh = fmt::format("{} {}，不满足 {}（{} {}）", r.name_zh, value, limit, lower ? "低于下限" : "超过上限", gap);
            en = fmt::format("{} {} fails {} ({} by {})", r.name_en, value, limit, lower ? "short" : "over", gap);
            break;
        }
        case RuleOutcome::Status::not_available:
            zh = fmt::format("{}无法判定：{}", r.name_zh, reason.zh);
            en = fmt::format("{} not available: {}", r.name_en, reason.en);
            break;
    }
    if (!detail.en.empty()) {
        zh += "（" + detail.zh + "）";
        en += " (" + detail.en + ")";
    }
    return {zh, en};
}

}  // namespace parkgis

namespace parkgis {

namespace {

// fail beats not_available beats pass.
void merge_status(std::optional<RuleOutcome::Status>& into, RuleOutcome::Status s) {
    using S = RuleOutcome::Status;
    if (s == S::fail) into = S::fail;
    else if (s == S::not_available && into != S::fail) into = S::not_available;
    else if (!into) into = S::pass;
}

void append_id(std::string& list, const std::string& id) {
    if (("," + list + ",").find("," + id + ",") == std::string::npos) list += (list.empty() ? "" : ",") + id;
}

}  // namespace

std::vector<ParcelCompliance> summarise_parcel_compliance(const Dataset& d) {
    std::vector<ParcelCompliance> out(d.parcels.size());
    for (const auto& o : d.compliance) {
        if (o.zone_subject) continue;
        auto& pc = out[o.parcel];
        merge_status(pc.status, o.status);
        if (o.status == RuleOutcome::Status::fail) append_id(pc.failed_rules, d.judged_rules[o.rule].rule_id);
        if (o.status == RuleOutcome::Status::not_available) append_id(pc.unjudged_rules, d.judged_rules[o.rule].rule_id);
    }
    return out;
}

std::vector<ZoneJudgement> count_failures_by_zone(const Dataset& d) {
    std::vector<ZoneJudgement> out(d.zones.size());
    std::unordered_map<std::string, size_t> zone_index;
    for (size_t z = 0; z < d.zones.size(); ++z) zone_index.emplace(d.zones[z].zone_id, z);
    for (size_t p = 0; p < d.parcel_compliance.size() && p < d.parcels.size(); ++p)
        if (d.parcel_compliance[p].status == RuleOutcome::Status::fail)
            if (auto z = zone_index.find(d.parcels[p].zone_id); z != zone_index.end()) ++out[z->second].parcels_failing;
    for (const auto& o : d.compliance)
        if (o.zone_subject && o.status == RuleOutcome::Status::fail)
            if (auto z = zone_index.find(o.subject_id); z != zone_index.end()) ++out[z->second].zone_rules_failing;
    return out;
}

std::vector<ComplianceCount> count_compliance_by_scope(const Dataset& d) {
    // Rows: every zone, core, expansion and total, each × rule set, in that order.
    std::vector<std::pair<std::string, std::string>> scopes;  // id, name
    std::map<std::string, size_t> scope_index;
    for (const Scope& s : d.scopes()) scopes.emplace_back(s.id, s.name);
    for (size_t i = 0; i < scopes.size(); ++i) scope_index.emplace(scopes[i].first, i);
    std::map<std::string, std::string> group;  // zone id → its kind scope's id
    for (const auto& z : d.zones) group[z.zone_id] = std::string(label(z.group).id);
    std::map<std::string, size_t> set_index;
    for (size_t i = 0; i < d.rule_sets.size(); ++i) set_index.emplace(d.rule_sets[i].id, i);
    std::vector<size_t> set_of_rule;
    for (const auto& r : d.judged_rules) set_of_rule.push_back(set_index.at(r.rule_set));

    std::vector<ComplianceCount> out;
    for (const auto& [id, name] : scopes)
        for (const auto& s : d.rule_sets) out.push_back({id, name, s.id});
    auto row = [&](size_t scope, size_t set) -> ComplianceCount& { return out[scope * d.rule_sets.size() + set]; };

    // A parcel's status per rule set, with the zone it lies in; then counted in that zone, its kind and the total.
    // (set, parcel) → status, zone
    std::map<std::pair<size_t, size_t>, std::pair<std::optional<RuleOutcome::Status>, std::string>> parcels;
    for (const auto& o : d.compliance) {
        const size_t set = set_of_rule[o.rule];
        if (o.zone_subject) {
            auto scope = scope_index.find(o.subject_id);
            if (scope == scope_index.end()) continue;
            auto& c = row(scope->second, set);
            (o.status == RuleOutcome::Status::pass   ? c.zone_rules_pass
             : o.status == RuleOutcome::Status::fail ? c.zone_rules_fail
                                                     : c.zone_rules_not_available)++;
            continue;
        }
        auto& entry = parcels[{set, o.parcel}];
        merge_status(entry.first, o.status);
        entry.second = o.zone_id;
    }
    for (const auto& [key, value] : parcels) {
        const auto& [status, zone_id] = value;
        std::vector<std::string> in = {std::string(whole_application().id)};
        if (!zone_id.empty()) in.push_back(zone_id);
        if (auto g = group.find(zone_id); g != group.end()) in.push_back(g->second);
        for (const auto& scope_id : in) {
            auto scope = scope_index.find(scope_id);
            if (scope == scope_index.end()) continue;
            auto& c = row(scope->second, key.first);
            ++c.parcels_judged;
            (status == RuleOutcome::Status::pass   ? c.parcels_pass
             : status == RuleOutcome::Status::fail ? c.parcels_fail
                                                   : c.parcels_not_available)++;
        }
    }
    return out;
}

}  // namespace parkgis
