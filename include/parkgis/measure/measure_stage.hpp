#pragma once
#include <optional>

#include "parkgis/measure/evaluation.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/measure/overlay.hpp"
#include "parkgis/measure/parcels.hpp"
#include "parkgis/stage.hpp"

namespace parkgis {

// measure: building → parcel and parcel → zone overlays, parcel metrics, TD/T 1029 indicators per
// zone, kind and total, zone type and scores; jobs-housing balance (DESIGN.md §1).
class MeasureStage : public Stage {
public:
    std::string name() const override { return "measure"; }
    std::string description() const override {
        return "overlay buildings on parcels and parcels on zones; TD/T 1029 indicators and scores; 职住平衡";
    }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    LanduseTable m_table;
    Evaluation m_evaluation;
    std::optional<ActivityTables> m_activities;  // empty when jobs_housing.enabled is false
};

// The indicator rows of every scope plus zone type and scores, from parcels already overlaid.
// Separate from the stage so tests can drive it with in-memory parcels.
void compute_zone_indicators(Dataset& dataset, const std::vector<ZoneShare>& shares, const Evaluation& evaluation);

}  // namespace parkgis
