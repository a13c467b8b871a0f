#pragma once
// One vocabulary: the domain words every stage, writer and the report use, as types. Each value has the id
// stored in tables (English, stable: rule sets, QGIS styles and scripts filter on it) and its Chinese and
// English labels, all from one table (src/core/vocabulary.cpp), so a dossier calls each thing by one name.
//
// The names of the scopes follow the application tables of a 扩区 dossier: each 区块 by its own name, then
// 核心区 and 扩区 (each kind's zones together), then 合计 (the whole application, core and expansion). 合计 is
// the row those tables end with; 总计 and 核心区+扩区 are no longer used.
#include <optional>
#include <string>
#include <string_view>

namespace parkgis {

struct Label {
    std::string_view id;  // stored in tables
    std::string_view zh;
    std::string_view en;
};

// What a row of a per-scope table covers: one zone, one kind's zones together, or every zone.
enum class ScopeLevel : unsigned char { zone, kind, total };
const Label& label(ScopeLevel level);  // zone 区块, kind 核心区/扩区, total 合计

// The kind a zone counts towards: the core park (核心区) or the expansion (扩区, its clusters).
enum class ZoneGroup : unsigned char { core, expansion };
const Label& label(ZoneGroup group);  // core 核心区, expansion 扩区
// The scope of a kind's zones together: its id is the group's ("core", "expansion").
// The scope of every zone together: id "total", 合计.
const Label& whole_application();
// The name of a kind or total scope row: 核心区, 扩区, 合计.
std::string scope_name(ScopeLevel level, ZoneGroup group);

// TD/T 1029-2014 evaluates 主区 and 发展方向区 separately (the core and the expansion), and both together.
enum class EvaluationArea : unsigned char { main, direction, combined };
const Label& label(EvaluationArea area);  // main 主区, direction 发展方向区, combined 主区＋发展方向区
EvaluationArea evaluation_area(ZoneGroup group);

enum class Severity : unsigned char { info, warning, error };
const Label& label(Severity severity);  // info 提示, warning 警告, error 错误
const char* severity_name(Severity s);  // the id

// How far a computed value could be computed (indicator and jobs-housing rows).
enum class ValueStatus : unsigned char { ok, partial, not_available, not_scored };
const Label& label(ValueStatus status);

// A zone's boundary QA result.
enum class QaStatus : unsigned char { ok, warning, error };
const Label& label(QaStatus status);

// A jh_grid cell's 职住比 over its moving window: none (nobody works or lives within reach: no row), ok,
// partial (the inputs cover too little of the window), jobs_only (no resident workers), homes_only (no jobs).
enum class GridCellStatus : unsigned char { none, ok, partial, jobs_only, homes_only };
const Label& label(GridCellStatus status);

// 开发区类型 (TD/T 1029-2014 4.3): decides which indicators a zone is scored on.
enum class ZoneType : unsigned char { industrial_led, integrated, other };
const Label& label(ZoneType type);
std::optional<ZoneType> zone_type_of(std::string_view id);  // by its id; empty for any other text

// The value stored in a table as `id`, for reading a written GeoPackage back; empty for any other text.
std::optional<ScopeLevel> scope_level_of(std::string_view id);
std::optional<Severity> severity_of(std::string_view id);
std::optional<ValueStatus> value_status_of(std::string_view id);
std::optional<QaStatus> qa_status_of(std::string_view id);
std::optional<ZoneGroup> zone_group_of(std::string_view id);
std::optional<EvaluationArea> evaluation_area_of(std::string_view id);

}  // namespace parkgis
