#pragma once
// Every output table of the GeoPackage, declared once (table.hpp), one function each, in the files of
// src/write/tables/ named after the stage whose results they show. A table whose rows are not a Dataset
// vector as such has a view: the row as the table sees it, made by the function beside it.
#include "parkgis/dataset.hpp"
#include "parkgis/write/table.hpp"

namespace parkgis::output {

// Every table a full run may write, in the order the write stage writes them (--lean writes
// lean_parcels_table() and zone_totals_table() alone).
const std::vector<TableInfo>& declared_tables();
std::string table_title(const std::string& name);  // its title_zh; the name itself for a table not declared

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

// --- check: zones, 界址点, findings and where they are, constraint layers, areas (check_tables.cpp)

extern const char* const kAreaMethod;  // how areas are measured: the zones table and the provenance say it

struct ZoneView {
    const Dataset* d = nullptr;
    size_t index = 0;
    const JobsHousingRow* jobs_housing = nullptr;  // the zone's row inside its boundary (radius 0), if any
    const ZoneRecord& zone() const { return d->zones[index]; }
};
const Table<ZoneView>& zones_table();
std::vector<ZoneView> zone_views(const Dataset& d);

const Table<BoundaryPoint>& boundary_points_table();
const Table<BoundaryRing>& boundary_rings_table();  // Dataset::boundary_rings

struct FindingView {
    const Finding* finding = nullptr;
    long long finding_id = 0;  // 1-based, in Dataset::findings order
    double area_m2 = 0;        // qa_issues: the area of where it is
};
const Table<FindingView>& findings_table();
std::vector<FindingView> finding_views(const Dataset& d);
const Table<FindingView>& qa_issues_table();
std::vector<FindingView> qa_issue_views(const Dataset& d);  // the findings with a polygonal place

struct ConstraintView {
    const Layer* layer = nullptr;
    const Feature* feature = nullptr;
    double area_m2 = 0;
};
const Table<ConstraintView>& constraints_table();
std::vector<ConstraintView> constraint_views(const Dataset& d);  // every polygon of the constraint layers

const Table<AreaSummaryRow>& area_summary_table();
// --lean: the overlay job's parcel columns only.
const Table<ParcelView>& lean_parcels_table();

// A building as the buildings table sees it, by its index in Dataset::buildings.
struct BuildingView {
    const Dataset* d = nullptr;
    const Layer* source = nullptr;  // the buildings layer
    size_t index = 0;
    const BuildingRecord& record() const { return d->buildings[index]; }
    const Feature& feature() const { return source->features[record().feature]; }
};
const Table<BuildingView>& buildings_table();

const Table<IndicatorRow>& indicators_table();
const Table<ZoneTotal>& zone_totals_table();

// 扩区: an indicator of the whole application beside the core's and the expansion's.
struct ExpansionComparisonRow {
    const IndicatorRow* total = nullptr;
    const IndicatorRow* core = nullptr;
    const IndicatorRow* expansion = nullptr;
};
const Table<ExpansionComparisonRow>& expansion_comparison_table();
// Empty when the run has no core or no total land account (nothing to compare).
std::vector<ExpansionComparisonRow> expansion_comparison_rows(const Dataset& d);

// --- judge (judge_tables.cpp)

// Why outcomes could not be judged, each distinct reason once, numbered from 1 in the order the outcomes first
// give it: a city's 390 000 unjudged outcomes share a handful of reasons ("the parcel has no industry_code").
struct OutcomeReason {
    long long reason_id = 0;
    std::string reason_zh, reason_en;
};
struct OutcomeReasons {
    std::vector<OutcomeReason> rows;
    std::vector<long long> of_outcome;  // per Dataset::compliance row: its reason_id, 0 for none
};
OutcomeReasons outcome_reasons(const Dataset& d);
const Table<OutcomeReason>& reasons_table();

// One rule outcome as the compliance table sees it. The message in words is kept for failures only: a
// pass is its actual value against the rule's limit, and an unjudged outcome names its reason by reason_id.
struct ComplianceView {
    const RuleOutcome* outcome = nullptr;
    const JudgedRule* rule = nullptr;
    long long reason_id = 0;
    std::string detail_zh, detail_en;  // any_of: each alternative's result
    std::string message_zh, message_en;
};
const Table<ComplianceView>& compliance_table();
const Table<JudgedRule>& rules_table();  // Dataset::judged_rules
ComplianceView compliance_view(const Dataset& d, size_t index, const OutcomeReasons& reasons);  // of d.compliance[index]

const Table<ComplianceCount>& compliance_summary_table();
const Table<AppliedRuleSet>& rule_sets_table();

// --- jobs-housing (jobs_housing_tables.cpp)

const Table<JobsHousingRow>& jobs_housing_table();

// A cell of the 职住比 grid that holds anything (status other than none).
struct GridCellView {
    const JobsHousingGrid* grid = nullptr;
    const std::vector<JobsHousingBand>* bands = nullptr;
    int column = 0, row = 0;
    size_t index = 0;  // row-major
};
const Table<GridCellView>& jh_grid_table();
std::vector<GridCellView> grid_cell_views(const Dataset& d);

const Table<JobsHousingBasis::Activity>& jh_basis_table();

// Every subject of a finding that stands for many (Finding::subjects), one row each.
struct FindingSubject {
    long long finding_id = 0;  // the findings table's finding_id
    std::string subject_layer, subject_id;
};
const Table<FindingSubject>& finding_subjects_table();
std::vector<FindingSubject> finding_subjects(const std::vector<Finding>& findings);

}  // namespace parkgis::output
