// The one table of the vocabulary's labels (include/parkgis/vocabulary.hpp).
#include "parkgis/vocabulary.hpp"

#include <iterator>
#include <map>

#include "parkgis/value_labels.hpp"

namespace parkgis {

namespace {

template <typename Enum, size_t N>
const Label& from(const Label (&table)[N], Enum value) {
    const auto i = static_cast<size_t>(value);
    static_assert(N > 0);
    return table[i < N ? i : N - 1];
}

constexpr Label kScopeLevels[] = {
    {"zone", "区块", "zone"},
    {"kind", "核心区/扩区", "core / expansion"},
    {"total", "合计", "total"},
};
constexpr Label kZoneGroups[] = {
    {"core", "核心区", "core"},
    {"expansion", "扩区", "expansion"},
};
constexpr Label kWholeApplication = {"total", "合计", "total"};
constexpr Label kEvaluationAreas[] = {
    {"main", "主区", "main area"},
    {"direction", "发展方向区", "development-direction area"},
    {"combined", "主区＋发展方向区", "main and direction areas"},
};
constexpr Label kSeverities[] = {
    {"info", "提示", "info"},
    {"warning", "警告", "warning"},
    {"error", "错误", "error"},
};
constexpr Label kValueStatuses[] = {
    {"ok", "已计算", "computed"},
    {"partial", "部分数据", "partial data"},
    {"not_available", "缺数据", "not available"},
    {"not_scored", "不计分", "not scored"},
};
constexpr Label kGridCellStatuses[] = {
    {"", "", ""},
    {"ok", "完整", "ok"},
    {"partial", "部分数据", "partial data"},
    {"jobs_only", "仅岗位", "jobs only"},
    {"homes_only", "仅居住", "homes only"},
};
constexpr Label kQaStatuses[] = {
    {"ok", "通过", "ok"},
    {"warning", "警告", "warning"},
    {"error", "错误", "error"},
};
constexpr Label kZoneTypes[] = {
    {"industrial_led", "工业主导型", "industry-led"},
    {"integrated", "产城融合型", "industry-city integrated"},
    {"other", "其他", "other"},
};

}  // namespace

const Label& label(ScopeLevel level) { return from(kScopeLevels, level); }
const Label& label(ZoneGroup group) { return from(kZoneGroups, group); }
const Label& whole_application() { return kWholeApplication; }
const Label& label(EvaluationArea area) { return from(kEvaluationAreas, area); }
const Label& label(Severity severity) { return from(kSeverities, severity); }
const Label& label(ValueStatus status) { return from(kValueStatuses, status); }
const Label& label(QaStatus status) { return from(kQaStatuses, status); }
const Label& label(GridCellStatus status) { return from(kGridCellStatuses, status); }
const Label& label(ZoneType type) { return from(kZoneTypes, type); }

const char* severity_name(Severity s) { return label(s).id.data(); }

namespace {

template <typename Enum, size_t N>
std::optional<Enum> by_id(const Label (&table)[N], std::string_view id) {
    for (size_t i = 0; i < N; ++i)
        if (table[i].id == id) return static_cast<Enum>(i);
    return std::nullopt;
}

}  // namespace

std::optional<ZoneType> zone_type_of(std::string_view id) { return by_id<ZoneType>(kZoneTypes, id); }
std::optional<ScopeLevel> scope_level_of(std::string_view id) { return by_id<ScopeLevel>(kScopeLevels, id); }
std::optional<Severity> severity_of(std::string_view id) { return by_id<Severity>(kSeverities, id); }
std::optional<ValueStatus> value_status_of(std::string_view id) { return by_id<ValueStatus>(kValueStatuses, id); }
std::optional<QaStatus> qa_status_of(std::string_view id) { return by_id<QaStatus>(kQaStatuses, id); }
std::optional<ZoneGroup> zone_group_of(std::string_view id) { return by_id<ZoneGroup>(kZoneGroups, id); }
std::optional<EvaluationArea> evaluation_area_of(std::string_view id) {
    return by_id<EvaluationArea>(kEvaluationAreas, id);
}

std::string scope_name(ScopeLevel level, ZoneGroup group) {
    return std::string(level == ScopeLevel::total ? whole_application().zh : label(group).zh);
}

namespace {

// Codes stored as text that have no enum of their own: a rule outcome (judge), a parcel's overall result,
// a ring of the 界址点 table, a rule's comparison, binding, confidence and subject, an estimate's basis.
constexpr Label kOutcomeStatuses[] = {
    {"pass", "合格", "pass"}, {"fail", "不合格", "fail"}, {"not_available", "无法判定", "not available"}};
constexpr Label kParcelCompliance[] = {{"pass", "合格", "pass"},
                                       {"fail", "不合格", "fail"},
                                       {"not_available", "无法判定", "not available"},
                                       {"not_applicable", "不适用", "not applicable"}};
constexpr Label kRingKinds[] = {{"outer", "外环", "outer ring"}, {"hole", "内环（扣除）", "hole"}};
constexpr Label kComparisons[] = {{"at_least", "≥（不低于）", "at least"}, {"more_than", ">（高于）", "more than"},
                                  {"at_most", "≤（不高于）", "at most"},   {"less_than", "<（低于）", "less than"},
                                  {"between", "区间内", "between"},        {"any_of", "任一满足", "any of"}};
constexpr Label kBindings[] = {{"binding", "约束性", "binding"}, {"recommended", "推荐性", "recommended"}};
constexpr Label kConfidences[] = {{"verified", "已核对原文", "verified"}, {"secondary source", "转引", "secondary source"}};
constexpr Label kRuleScopes[] = {{"parcel", "地块", "parcel"}, {"zone", "区块", "zone"}};
constexpr Label kEstimateBases[] = {
    {"checked", "核对原文", "checked"}, {"assumption", "假设", "assumption"}, {"proxy", "借用", "proxy"}};

template <size_t N>
std::vector<Label> list(const Label (&table)[N]) {
    return {std::begin(table), std::end(table)};
}

const std::map<std::string_view, std::vector<Label>>& vocabularies() {
    static const std::map<std::string_view, std::vector<Label>> all = {
        {"scope_level", list(kScopeLevels)},       {"zone_group", list(kZoneGroups)},
        {"severity", list(kSeverities)},           {"value_status", list(kValueStatuses)},
        {"qa_status", list(kQaStatuses)},          {"zone_type", list(kZoneTypes)},
        {"grid_cell_status", list(kGridCellStatuses)}, {"evaluation_area", list(kEvaluationAreas)},
        {"outcome_status", list(kOutcomeStatuses)}, {"parcel_compliance", list(kParcelCompliance)},
        {"ring_kind", list(kRingKinds)},           {"comparison", list(kComparisons)},
        {"binding", list(kBindings)},              {"confidence", list(kConfidences)},
        {"rule_scope", list(kRuleScopes)},         {"estimate_basis", list(kEstimateBases)},
        // A scope's id in a per-scope table: a zone's own id stays; core, expansion and total read 核心区,
        // 扩区 and 合计.
        {"scope_id", {kZoneGroups[0], kZoneGroups[1], kWholeApplication}},
    };
    return all;
}

}  // namespace

const std::vector<Label>* value_labels(std::string_view vocabulary) {
    const auto it = vocabularies().find(vocabulary);
    return it == vocabularies().end() ? nullptr : &it->second;
}

std::vector<std::string> value_label_vocabularies() {
    std::vector<std::string> names;
    for (const auto& [name, labels] : vocabularies()) names.emplace_back(name);
    return names;
}

EvaluationArea evaluation_area(ZoneGroup group) {
    return group == ZoneGroup::core ? EvaluationArea::main : EvaluationArea::direction;
}

}  // namespace parkgis
