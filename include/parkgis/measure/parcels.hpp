#pragma once
// Parcels: land-use code → TD/T 1029 (2014) accounting class, and per-parcel ratios (domain-spec
// §1.2, §2.1, §4).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

struct LanduseClass {
    std::string system, code, name_zh, tdt_class, status;
    std::string map_class;  // planning-map colour group (R A B M W S U G H E1 E), for the parcels style
};

// The code → class table (layers/measure/landuse_classes.csv, or the project's own).
class LanduseTable {
public:
    // Throws InputError naming file:line for a malformed row.
    static LanduseTable load(const std::string& path);

    // Exact code first, then its longest prefix in the table (R21 → R2, 100101 → 1001); nullptr when none.
    const LanduseClass* find(const std::string& system, const std::string& code) const;

    void add(LanduseClass c);

private:
    std::map<std::pair<std::string, std::string>, LanduseClass> m_rows;
};

// The code system of one code: the configured one, or GB50137-2011 for letter codes under "auto".
// Empty when it cannot be told (numeric codes under "auto": 用地用海 2023 and 三调 share numbers).
std::string landuse_system_of(const std::string& code, const std::string& configured);

// 供应状况 from the supply_status text: D (已供应), E (尚可供应), F (不可供应), "" unknown;
// ready_to_supply tells 已达/未达供地条件 for E.
struct SupplyStatus {
    std::string code;
    bool ready_to_supply = false;
};
SupplyStatus parse_supply_status(const std::string& text);

// One ParcelRecord per parcel feature with its class, supply state and attributes. Unknown codes and
// contradictory flags become findings; no parcel is dropped.
std::vector<ParcelRecord> classify_parcels(const Layer& parcels, const LanduseTable& table,
                                           const MeasureSettings& settings, std::vector<Finding>& findings);

// A per-parcel ratio, declared once: the parcels table gets a column, rule sets an indicator of this id, and
// the judge says which input is missing, all from this declaration (parcel_metric_definitions()).
struct ParcelMetricDefinition {
    std::string id;                 // as rule sets and the parcels table name it
    std::string name_zh, name_en;   // as rules print it
    std::string unit;               // as rules print it: "%", "万元/ha", "" for a ratio
    std::string column_zh;          // the parcels table's Chinese alias, with its unit
    std::string input, input_zh;    // the parcel field it needs besides the area ("" when from buildings)
    bool from_buildings = false;    // from the buildings on the parcel: a parcel with none is not judged
    std::function<std::optional<double>(const ParcelRecord&)> formula;  // called only when the area is > 0
};
const std::vector<ParcelMetricDefinition>& parcel_metric_definitions();
int parcel_metric_index(const std::string& id);  // its position in the list, -1 for none

// Ratios of one parcel (工业项目建设用地控制指标 definitions: per project land area).
ParcelMetrics parcel_metrics(const ParcelRecord& p);

}  // namespace parkgis
