#pragma once
// 职住平衡 (jobs-housing balance, domain-spec §3): jobs and resident workers from enterprise employees,
// building floor area by activity and a population layer; 职住比 per zone scope, within Euclidean
// catchments and over a moving-window grid; the housing (or jobs) that would restore the balance; and
// self-containment from a commuting table.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parkgis/dataset.hpp"
#include "parkgis/measure/indicators.hpp"
#include "parkgis/measure/moving_window.hpp"

namespace parkgis {

struct EmploymentDensity {
    std::string activity;
    double m2_per_job = 0;
    double net_to_gross = 1;  // floor area the density is quoted on ÷ gross floor area
    std::string basis, source, status;
};

// What floor area holds (layers/measure/activity_classes.csv) and how many jobs it holds
// (layers/measure/employment_density.csv), or the project's own tables.
class ActivityTables {
public:
    // Throws InputError naming file:line for a malformed row, an unknown activity, or a job activity
    // without a density.
    static ActivityTables load(const std::string& activity_csv, const std::string& density_csv);

    std::string activity_of_use(const std::string& use) const;  // keyword, any case; "" when unknown
    // Exact code, then its longest prefix; "" when unknown.
    std::string activity_of_code(const std::string& system, const std::string& code) const;
    const EmploymentDensity* density(const std::string& activity) const;
    const std::vector<EmploymentDensity>& densities() const { return m_densities; }

    void add_use(const std::string& keyword, const std::string& activity);
    void add_code(const std::string& system, const std::string& code, const std::string& activity);
    void add_density(EmploymentDensity d);

private:
    std::map<std::string, std::string> m_uses;
    std::map<std::pair<std::string, std::string>, std::string> m_codes;
    std::vector<EmploymentDensity> m_densities;
};

// Activities besides the job ones in the density table.
inline bool is_residential(const std::string& activity) { return activity == "residential"; }
inline bool holds_no_one(const std::string& activity) { return activity == "none"; }

// People at one place: an enterprise, a building or a population feature.
struct ActivityPoint {
    double x = 0, y = 0;
    double jobs = 0, jobs_enterprise = 0;  // jobs_enterprise: the part reported by enterprises
    double residents = 0, resident_workers = 0, households = 0;
};

// Every ActivityPoint of the dataset (after the building overlay): enterprise employees, building floor
// area ÷ density or ÷ floor area per resident, population features. Fills `basis`; buildings of unknown
// activity and enterprises off every parcel become findings.
std::vector<ActivityPoint> estimate_activity(const Dataset& d, const ActivityTables& tables, JobsHousingBasis& basis,
                                             std::vector<Finding>& findings);

// The class of a ratio: bands hold their lower edge, the balanced band both edges.
const JobsHousingBand& band_of(double ratio, const std::vector<JobsHousingBand>& bands);
const JobsHousingBand& balanced_band(const std::vector<JobsHousingBand>& bands);

// What it takes to bring jobs ÷ resident workers into the balanced band [lo, hi]: above hi, the resident
// workers J / hi − W and the residents, floor area and dwellings that house them; below lo, the jobs
// lo × W − J. All zero inside the band.
struct BalanceNeed {
    double workers = 0, residents = 0, floor_area_m2 = 0, dwellings = 0, jobs = 0;
};
BalanceNeed balance_need(double jobs, double resident_workers, const JobsHousingSettings& s);

// Commuting flows (home id → work id, count) seen from a set of area ids.
struct CommutingFlows {
    double local = 0;      // home and work inside
    double from_home = 0;  // home inside (employed residents in the table)
    double to_work = 0;    // work inside (jobs in the table)
};
CommutingFlows commuting_flows(const Layer& commuting, const std::set<std::string>& ids);

// Bins points into square cells aligned to multiples of cell_m that cover [min, max] and sums jobs and
// resident workers over each cell's moving window (covered_m2 and its window sums are left zero).
// Each cell's window 职住比, band, coverage and status from the window sums (settings: bands and
// complete_coverage_pct).
void classify_grid_cells(JobsHousingGrid& grid, const JobsHousingSettings& settings);

JobsHousingGrid grid_of(const std::vector<ActivityPoint>& points, double min_x, double min_y, double max_x,
                        double max_y, double cell_m, double window_radius_m, WindowShape shape);

// The measure stage's jobs-housing step: d.jobs_housing, d.jh_grid, d.jh_basis, indicator rows and
// findings. Needs the zones (check) and, when given, the building overlay.
void compute_jobs_housing(Dataset& d, const ActivityTables& tables);

// Id, names and unit of the indicator rows compute_jobs_housing() adds (for the rule-set catalogue).
std::vector<IndicatorDefinitionInfo> jobs_housing_indicator_definitions();

}  // namespace parkgis
