#pragma once
// The output tables declared so far (table.hpp), one function each; the rest are still written by hand in
// src/write/*_layers.cpp (issue 21 moves them here one by one).
#include "parkgis/dataset.hpp"
#include "parkgis/write/table.hpp"

namespace parkgis::output {

const Table<AreaSummaryRow>& area_summary_table();
const Table<ZoneTotal>& zone_totals_table();
const Table<ComplianceCount>& compliance_summary_table();
const Table<AppliedRuleSet>& rule_sets_table();
const Table<JobsHousingBasis::Activity>& jh_basis_table();

// Every subject of a finding that stands for many (Finding::subjects), one row each.
struct FindingSubject {
    long long finding_id = 0;  // the findings table's finding_id
    std::string subject_layer, subject_id;
};
const Table<FindingSubject>& finding_subjects_table();
std::vector<FindingSubject> finding_subjects(const std::vector<Finding>& findings);

}  // namespace parkgis::output
