#include "parkgis/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <set>

namespace parkgis {

FieldName::FieldName(std::string_view name) {
    static std::mutex mutex;
    static std::set<std::string, std::less<>> pool;  // nodes never move: the pointers stay valid
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = pool.find(name);
    if (it == pool.end()) it = pool.emplace(name).first;
    m_name = &*it;
}

std::uint32_t Dataset::outcome_text(const std::string& zh, const std::string& en) {
    if (zh.empty() && en.empty()) return 0;
    std::string key = zh;
    key += '\0';
    key += en;
    const auto [it, added] = outcome_text_index.try_emplace(std::move(key), static_cast<std::uint32_t>(outcome_texts.size()));
    if (added) outcome_texts.push_back({zh, en});
    return it->second;
}

std::optional<std::string> Feature::text(const std::string& field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return std::nullopt;
    if (auto s = std::get_if<std::string>(&it->second)) return *s;
    if (auto i = std::get_if<long long>(&it->second)) return std::to_string(*i);
    if (auto d = std::get_if<double>(&it->second)) return fmt::format("{}", *d);
    return std::nullopt;
}

std::optional<double> Feature::number(const std::string& field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return std::nullopt;
    if (auto d = std::get_if<double>(&it->second)) return *d;
    if (auto i = std::get_if<long long>(&it->second)) return static_cast<double>(*i);
    return std::nullopt;
}

std::string Layer::describe() const {
    const std::string& path = public_path.empty() ? source_path : public_path;
    return source_layer.empty() ? path : fmt::format("{}, layer '{}'", path, source_layer);
}

const char* floors_source_name(FloorsSource s) {
    switch (s) {
        case FloorsSource::none: return "";
        case FloorsSource::floors: return "floors";
        case FloorsSource::height: return "height";
        case FloorsSource::gfa: return "gfa";
        case FloorsSource::assumed_one: return "assumed_one";
        case FloorsSource::missing: return "missing";
        case FloorsSource::implausible: return "implausible";
        case FloorsSource::implausible_assumed_one: return "implausible_assumed_one";
    }
    return "?";
}

const char* status_name(RuleOutcome::Status s) {
    switch (s) {
        case RuleOutcome::Status::pass: return "pass";
        case RuleOutcome::Status::fail: return "fail";
        case RuleOutcome::Status::not_available: return "not_available";
    }
    return "?";
}

std::string first_subjects(const std::vector<std::string>& ids) {
    std::string out;
    for (size_t i = 0; i < ids.size() && i < 5; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > 5) out += fmt::format(" … ({} in all)", ids.size());
    return out;
}

std::vector<JobsHousingBasis::Activity> JobsHousingBasis::rows() const {
    std::vector<Activity> out = activities;
    out.insert(out.end(), not_estimated.begin(), not_estimated.end());
    return out;
}

std::vector<Scope> Dataset::scopes() const {
    std::vector<Scope> out;
    for (size_t i = 0; i < zones.size(); ++i)
        out.push_back({ScopeLevel::zone, zones[i].zone_id, zones[i].name, evaluation_area(zones[i].group), {i}});
    for (const ZoneGroup group : {ZoneGroup::core, ZoneGroup::expansion}) {
        Scope s{ScopeLevel::kind, std::string(label(group).id), scope_name(ScopeLevel::kind, group),
                evaluation_area(group), {}};
        for (size_t i = 0; i < zones.size(); ++i)
            if (zones[i].group == group) s.zones.push_back(i);
        if (!s.zones.empty()) out.push_back(std::move(s));
    }
    Scope total{ScopeLevel::total, std::string(whole_application().id), std::string(whole_application().zh),
                EvaluationArea::combined, {}};
    for (size_t i = 0; i < zones.size(); ++i) total.zones.push_back(i);
    out.push_back(std::move(total));
    return out;
}

Layer* Dataset::layer(const std::string& role) {
    for (auto& l : layers)
        if (l.role == role) return &l;
    return nullptr;
}

const Layer* Dataset::layer(const std::string& role) const {
    for (const auto& l : layers)
        if (l.role == role) return &l;
    return nullptr;
}

std::vector<const Layer*> Dataset::layers_of(const std::string& role) const {
    std::vector<const Layer*> out;
    for (const auto& l : layers)
        if (l.role == role) out.push_back(&l);
    return out;
}

const IndicatorRow* Dataset::indicator(const std::string& scope_id, const std::string& indicator_id) const {
    if (indicator_index_rows != indicators.size() || indicators.empty()) {
        indicator_index.clear();
        for (size_t i = 0; i < indicators.size(); ++i)  // emplace keeps the first row of a key, as a search would
            indicator_index.emplace(indicators[i].scope_id + '\x1f' + indicators[i].indicator_id, i);
        indicator_index_rows = indicators.size();
    }
    const auto it = indicator_index.find(scope_id + '\x1f' + indicator_id);
    return it == indicator_index.end() ? nullptr : &indicators[it->second];
}

Dataset::ZoneStatsRow Dataset::zone_stats_row(const std::string& scope_id) const {
    ZoneStatsRow out;
    const Layer* stats = layer("zone_stats");
    if (!stats) {
        out.reason = "no zone_stats input (inputs.zone_stats)";
        return out;
    }
    std::vector<std::string> ids;
    if (project) {
        auto configured = project->evaluation.zone_stats_rows.find(scope_id);
        if (configured != project->evaluation.zone_stats_rows.end()) ids.push_back(configured->second);
    }
    ids.push_back(scope_id);
    std::vector<std::string> cores, parents;
    for (const auto& z : zones) {
        if (z.group == ZoneGroup::core) cores.push_back(z.zone_id);
        if (z.group == ZoneGroup::expansion && !z.parent_id.empty() &&
            std::find(parents.begin(), parents.end(), z.parent_id) == parents.end())
            parents.push_back(z.parent_id);
    }
    if (scope_id == "core" && cores.size() == 1) ids.push_back(cores[0]);
    if (scope_id == "expansion" && parents.size() == 1) ids.push_back(parents[0]);
    if (scope_id == "total") ids.insert(ids.end(), {"ALL", "TOTAL", "合计", "总计"});
    for (const auto& id : ids)
        for (const auto& f : stats->features)
            if (f.id == id) {
                out.row = &f;
                out.row_id = id;
                return out;
            }
    out.reason = fmt::format("zone_stats has no row for {} (map one with evaluation.zone_stats_rows)", scope_id);
    return out;
}

}  // namespace parkgis
