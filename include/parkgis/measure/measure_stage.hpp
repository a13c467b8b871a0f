#pragma once
#include <optional>

#include "parkgis/measure/evaluation.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/measure/overlay.hpp"
#include "parkgis/measure/parcels.hpp"
#include "parkgis/stage.hpp"

namespace parkgis {

// measure: building → parcel and parcel → zone overlays apportioned by intersection area, parcel metrics
// and zone totals (docs/architecture.md). The --lean job stops here and writes the overlay's tables.
class MeasureStage : public Stage {
public:
    std::string name() const override { return "measure"; }
    std::string description() const override {
        return "overlay buildings on parcels and parcels on zones by intersection area; parcel metrics and zone "
               "totals";
    }
    std::vector<std::string> needs() const override { return {"check"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    LanduseTable m_table;
};

// indicators: the TD/T 1029 indicators of every zone, kind and the whole application, the zone type and
// the weighted scores, from the parcels measure overlaid.
class IndicatorStage : public Stage {
public:
    std::string name() const override { return "indicators"; }
    std::string description() const override {
        return "TD/T 1029 indicators per zone, kind and the whole application; zone type and scores";
    }
    std::vector<std::string> needs() const override { return {"measure"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    Evaluation m_evaluation;
};

// jobs-housing: jobs and resident workers per zone, catchment and grid cell, 职住比 and its class
// (docs/jobs-housing.md). Nothing when the project turns jobs_housing off.
class JobsHousingStage : public Stage {
public:
    std::string name() const override { return "jobs-housing"; }
    std::string description() const override {
        return "职住平衡: jobs and resident workers per zone, catchment and grid cell; 职住比 and its class";
    }
    std::vector<std::string> needs() const override { return {"measure"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    std::optional<ActivityTables> m_activities;  // empty when jobs_housing.enabled is false
};

// The indicator rows of every scope plus zone type and scores, from parcels already overlaid.
// Separate from the stage so tests can drive it with in-memory parcels.
void compute_zone_indicators(Dataset& dataset, const std::vector<ZoneShare>& shares, const Evaluation& evaluation);

}  // namespace parkgis
