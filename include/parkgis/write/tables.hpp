#pragma once
// The output tables declared so far (table.hpp), one function each; the rest are still written by hand in
// src/write/*_layers.cpp and write_stage.cpp (docs/architecture.md).
#include "parkgis/dataset.hpp"
#include "parkgis/write/table.hpp"

namespace parkgis::output {

// A parcel as the parcels table sees it: its record, metrics and compliance, by its index in the Dataset.
struct ParcelView {
    const Dataset* d = nullptr;
    const Layer* source = nullptr;  // the parcels layer (the geometry), found once, not once per parcel
    size_t index = 0;
    const ParcelRecord& record() const { return d->parcels[index]; }
    const ParcelMetrics& metrics() const { return d->parcel_metrics[index]; }
    const ParcelCompliance* compliance() const {
        return index < d->parcel_compliance.size() ? &d->parcel_compliance[index] : nullptr;
    }
};
const Table<ParcelView>& parcels_table();
std::vector<ParcelView> parcel_views(const Dataset& d);  // every parcel, once measure has made its metrics

const Table<AreaSummaryRow>& area_summary_table();
const Table<IndicatorRow>& indicators_table();
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
