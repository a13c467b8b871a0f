#pragma once
// TD/T 1029 land accounts and indicators for one scope (a zone, a kind total or the whole), from
// parcels apportioned by intersection area (domain-spec §1.2, §1.4).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// A money amount summed over parcels, with the land it covers and the land that lacks it.
struct MoneySum {
    double value_10k_cny = 0;
    double covered_m2 = 0;
    double missing_m2 = 0;
    void add(const std::optional<double>& v, double area_m2);
};

struct LandAccounts {
    ScopeLevel scope = ScopeLevel::zone;
    std::string scope_id, scope_name;
    EvaluationArea area_type = EvaluationArea::main;
    double zone_area_m2 = 0;  // measured area of the zone(s)
    double parcel_m2 = 0;     // Σ parcel area × share
    int parcel_count = 0;
    std::map<std::string, double> class_m2;  // by TD/T class; "" = unclassified
    double supplied_m2 = 0, available_m2 = 0, unsuppliable_m2 = 0;  // D, E, F
    double idle_m2 = 0, high_tech_m2 = 0;                             // G, H
    double gfa_built_m2 = 0, footprint_built_m2 = 0;                  // on A
    double gfa_industrial_m2 = 0, footprint_industrial_m2 = 0;        // on A2
    double yard_industrial_m2 = 0, yard_missing_industrial_m2 = 0;
    MoneySum invest_industrial, tax_industrial, output_industrial, tax_all, output_high_tech;
    std::optional<double> population;  // 常住人口
    std::string population_source;

    double cls(const std::string& prefix) const;  // Σ of the classes starting with prefix (A, A3, B2 …)
    void add(const ParcelRecord& p, double share);
};

// Every account and indicator row of one scope, in a fixed order. Values that cannot be computed
// are rows with status not_available and the reason, never zeros.
std::vector<IndicatorRow> compute_indicators(const LandAccounts& a);

// Id, names and unit of every row compute_indicators() gives (the judge stage checks rule files
// against it).
struct IndicatorDefinitionInfo {
    std::string id, name_zh, name_en, unit, category;
};
std::vector<IndicatorDefinitionInfo> indicator_definitions();

}  // namespace parkgis
