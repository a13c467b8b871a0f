// The list of declared tables, and what a column's type is called (for the table writer's messages).
#include "parkgis/write/tables.hpp"

namespace parkgis::output {

const char* column_type_name(ColumnType type) {
    switch (type) {
        case ColumnType::text: return "text";
        case ColumnType::integer: return "integer";
        case ColumnType::integer64: return "integer64";
        case ColumnType::real: return "real";
    }
    return "?";
}


const std::vector<TableInfo>& declared_tables() {
    static const std::vector<TableInfo> tables = {
        info(zones_table()),          info(boundary_points_table()),    info(boundary_rings_table()),
        info(findings_table()),
        info(qa_issues_table()),      info(finding_subjects_table()),   info(constraints_table()),
        info(area_summary_table()),   info(parcels_table()),            info(zone_totals_table()),
        info(buildings_table()),      info(indicators_table()),         info(expansion_comparison_table()),
        info(compliance_table()),     info(rules_table()),              info(compliance_summary_table()),
        info(reasons_table()),        info(rule_sets_table()),
        info(jobs_housing_table()),   info(jh_grid_table()),            info(jh_basis_table()),
    };
    return tables;
}

std::string table_title(const std::string& name) {
    for (const auto& t : declared_tables())
        if (t.name == name) return t.title_zh;
    return name;
}

}  // namespace parkgis::output
