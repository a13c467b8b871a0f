#include "parkgis/measure/measure_stage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>

#include "../core/step_clock.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/measure/indicators.hpp"
#include "parkgis/units.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

std::string table_path(const Project& p) {
    return p.measure.landuse_table.empty() ? bundled_data_path("measure/landuse_classes.csv") : p.measure.landuse_table;
}

std::string evaluation_path(const Project& p) {
    return p.evaluation.file.empty() ? bundled_data_path("evaluation/tdt1029-2014.yaml") : p.evaluation.file;
}

// 常住人口 of a scope from its zone_stats row (Dataset::zone_stats_row).
void attach_population(LandAccounts& a, const Dataset& d) {
    const std::string field = d.project->evaluation.population_field;
    const auto found = d.zone_stats_row(a.scope_id);
    if (!found.row) {
        a.population_source = found.reason;
        return;
    }
    if (auto v = found.row->number(field)) {
        a.population = *v;
        a.population_source = fmt::format("zone_stats row {}, column {}", found.row_id, field);
    } else {
        a.population_source = fmt::format("zone_stats row {} has no number in column {}", found.row_id, field);
    }
}

// Each parcel counted wholly in the zone holding its largest part (ParcelRecord::zone_id).
std::vector<ZoneTotal> zone_totals_by_largest_part(const Dataset& d) {
    std::vector<ZoneTotal> out(d.zones.size());
    std::unordered_map<std::string, size_t> index;
    for (size_t z = 0; z < d.zones.size(); ++z) {
        out[z].zone_id = d.zones[z].zone_id;
        index.emplace(d.zones[z].zone_id, z);
    }
    for (const auto& p : d.parcels) {
        if (p.zone_id.empty()) continue;
        ZoneTotal& t = out[index.at(p.zone_id)];
        ++t.parcel_count;
        t.land_m2 += p.area_m2;
        t.footprint_m2 += p.footprint_m2;
        t.gfa_m2 += p.gfa_m2;
        if (p.is_industrial()) {
            t.industrial_land_m2 += p.area_m2;
            t.industrial_invest_10k_cny += p.invest_10k_cny.value_or(0.0);
        }
    }
    for (auto& t : out) {
        if (t.land_m2 > 0) {
            t.far = t.gfa_m2 / t.land_m2;
            t.building_density_pct = 100 * t.footprint_m2 / t.land_m2;
        }
        if (t.industrial_land_m2 > 0) t.industrial_invest_10k_cny_per_ha = t.industrial_invest_10k_cny / units::ha(t.industrial_land_m2);
    }
    return out;
}

}  // namespace

void MeasureStage::prepare(const Project& project, const RunOptions&) {
    m_table = LanduseTable::load(table_path(project));
}

void IndicatorStage::prepare(const Project& project, const RunOptions&) {
    m_evaluation = load_evaluation(evaluation_path(project));
}

void JobsHousingStage::prepare(const Project& project, const RunOptions&) {
    const auto& jh = project.jobs_housing;
    if (!jh.enabled) return;
    auto bundled = [](const std::string& path, const char* name) {
        return path.empty() ? bundled_data_path(std::string("measure/") + name) : path;
    };
    m_activities = ActivityTables::load(bundled(jh.activity_table, "activity_classes.csv"),
                                        bundled(jh.density_table, "employment_density.csv"));
}

void compute_zone_indicators(Dataset& d, const std::vector<ZoneShare>& shares, const Evaluation& evaluation) {
    const auto& zones = d.zones;
    // Each zone's shares, in their order: a scope visits only its zones' shares, never every share or every
    // parcel (one pass over all of them per scope was quadratic in the zones).
    std::vector<std::vector<size_t>> shares_of_zone(zones.size());
    for (size_t i = 0; i < shares.size(); ++i) shares_of_zone[shares[i].zone].push_back(i);
    std::vector<double> share(d.parcels.size(), 0.0);  // scratch, zero between scopes
    auto accounts_for = [&](const Scope& scope, double zone_area_m2) {
        LandAccounts a;
        a.scope = scope.level;
        a.scope_id = scope.id;
        a.scope_name = scope.name;
        a.area_type = scope.area;
        a.zone_area_m2 = zone_area_m2;
        // In share order, then parcel order: the sums come out bit for bit as one pass over everything gave.
        std::vector<size_t> in_scope;
        for (size_t z : scope.zones) in_scope.insert(in_scope.end(), shares_of_zone[z].begin(), shares_of_zone[z].end());
        std::sort(in_scope.begin(), in_scope.end());
        std::vector<size_t> touched;
        for (size_t i : in_scope) {
            if (share[shares[i].parcel] == 0) touched.push_back(shares[i].parcel);
            share[shares[i].parcel] += shares[i].share;
        }
        std::sort(touched.begin(), touched.end());
        for (size_t p : touched) {
            if (share[p] > 0) a.add(d.parcels[p], std::min(1.0, share[p]));
            share[p] = 0;
        }
        return a;
    };
    // The area of a kind or of the whole is that of the union (check: area_summary), not the sum.
    auto scope_area = [&](const Scope& scope) {
        if (scope.level == ScopeLevel::zone) return zones[scope.zones.front()].area.planar_m2;
        for (const auto& r : d.area_summary)
            if (r.scope == scope.level && r.id == scope.id) return r.area.planar_m2;
        return 0.0;
    };

    std::vector<std::pair<std::string, EvaluationArea>> scored;  // scope id, area type: every scope but the total
    bool has_core = false, has_expansion = false;
    for (const Scope& scope : d.scopes()) {
        auto a = accounts_for(scope, scope_area(scope));
        attach_population(a, d);
        auto rows = compute_indicators(a);
        d.indicators.insert(d.indicators.end(), rows.begin(), rows.end());
        if (scope.level != ScopeLevel::total) scored.emplace_back(scope.id, scope.area);
        if (scope.level == ScopeLevel::kind) {
            has_core = has_core || scope.id == label(ZoneGroup::core).id;
            has_expansion = has_expansion || scope.id == label(ZoneGroup::expansion).id;
        }
    }
    const std::string core_id(label(ZoneGroup::core).id), expansion_id(label(ZoneGroup::expansion).id),
        total_id(whole_application().id);

    // Zone type by the 2014 rule on the 主区 (the core); the whole when there is no core.
    const std::string basis = has_core ? core_id : total_id;
    auto rate = [&](const char* id) -> std::optional<double> {
        const IndicatorRow* r = d.indicator(basis, id);
        return r ? r->value : std::nullopt;
    };
    const auto decision = decide_zone_type(rate("industrial_land_rate"), rate("residential_land_rate"), evaluation,
                                           d.project->evaluation.zone_type);
    d.zone_type = decision.type;
    d.zone_type_reason = decision.reason;
    if (decision.type == ZoneType::other) {
        d.add({"MEASURE-ZONE-TYPE-OTHER", Severity::warning, "zones", basis, {}, {}, "",
               fmt::format("开发区类型无法按2014年规则判定（{}），评分按工业主导型权重计算；可在项目文件 "
                           "evaluation.zone_type 中指定",
                           decision.reason),
               fmt::format("the zone type cannot be decided by the 2014 rule ({}); scored with the 工业主导型 "
                           "weights. Set evaluation.zone_type in the project file",
                           decision.reason),
               "TD/T 1029（2014年度试行）开发区类型判定 (zone-type rule)", {}});
    }

    std::map<std::string, std::optional<double>> scores;
    for (const auto& [id, area_type] : scored)
        scores[id] = score_scope(d.indicators, id, area_type, decision.type, evaluation, d.project->evaluation);

    // F = w_主 × F_主区 + w_发 × F_发展方向区 (domain-spec §1.5).
    const auto [w_main, w_dir] = area_weights(evaluation, d.project->evaluation);
    IndicatorRow total = score_row(*d.indicator(total_id, "area_zone"), "score", "集约度分值", "Intensity score",
                                   evaluation.id + ".zone", fmt::format("{} × F_主区 + {} × F_发展方向区", w_main, w_dir),
                                   evaluation);
    const std::optional<double> core = has_core ? scores[core_id] : std::nullopt;
    const std::optional<double> expansion = has_expansion ? scores[expansion_id] : std::nullopt;
    total.status = ValueStatus::ok;
    if (core && expansion) {
        const double c = *core, x = *expansion;
        total.value = w_main * c + w_dir * x;
        total.reason = fmt::format("{} × {:.2f} + {} × {:.2f}", w_main, c, w_dir, x);
    } else if (core && !has_expansion) {
        total.value = core;
        total.reason = "no expansion zone: the 主区 score alone";
    } else if (expansion && !has_core) {
        total.value = expansion;
        total.reason = "no core zone: the 发展方向区 score alone";
    } else {
        total.status = ValueStatus::not_available;
        total.reason = "the 主区 or 发展方向区 score is not available (see their score rows)";
    }
    d.indicators.push_back(std::move(total));
}

void MeasureStage::run(Dataset& d, const RunOptions& options) {
    auto report = [&](double f, const char* what) {
        if (options.progress) options.progress(f, what);
    };
    detail::StepClock clock(d);
    const Layer* parcels = d.layer("parcels");
    if (!parcels) {
        d.add({"MEASURE-NO-PARCELS", Severity::info, "parcels", "", {}, {}, "",
               "未提供地块图层（inputs.parcels），不计算土地集约利用指标",
               "no parcels input (inputs.parcels): land-use intensity indicators are not computed", "parkgis measure",
               {}});
        return;
    }
    report(0.0, "measure: classify parcels");
    d.parcels = classify_parcels(*parcels, m_table, d.project->measure, d.findings);
    clock.lap("measure.classify");
    if (const Layer* buildings = d.layer("buildings")) {
        report(0.1, "measure: buildings on parcels");
        d.buildings = overlay_buildings(*buildings, *parcels, d.parcels, d.project->measure, d.findings);
        clock.lap("measure.buildings_on_parcels");
    }
    d.parcel_metrics.reserve(d.parcels.size());
    for (const auto& p : d.parcels) d.parcel_metrics.push_back(parcel_metrics(p));
    report(0.8, "measure: parcels in zones");
    d.parcel_zone_shares = apportion_parcels_to_zones(d.zones, *parcels, d.parcels, d.project->measure, d.findings);
    clock.lap("measure.parcels_in_zones");
    d.zone_totals = zone_totals_by_largest_part(d);
    report(1.0, "measure: done");
}

void IndicatorStage::run(Dataset& d, const RunOptions& options) {
    if (!d.layer("parcels")) return;  // measure said so (MEASURE-NO-PARCELS)
    if (options.progress) options.progress(0.0, "indicators");
    compute_zone_indicators(d, d.parcel_zone_shares, m_evaluation);
}

void JobsHousingStage::run(Dataset& d, const RunOptions& options) {
    if (!m_activities) return;
    if (options.progress) options.progress(0.0, "jobs-housing");
    compute_jobs_housing(d, *m_activities);
}

}  // namespace parkgis
