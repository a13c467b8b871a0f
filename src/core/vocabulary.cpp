// The one table of the vocabulary's labels (include/parkgis/vocabulary.hpp).
#include "parkgis/vocabulary.hpp"

#include <iterator>

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

EvaluationArea evaluation_area(ZoneGroup group) {
    return group == ZoneGroup::core ? EvaluationArea::main : EvaluationArea::direction;
}

}  // namespace parkgis
