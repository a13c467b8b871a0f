#pragma once
#include "parkgis/stage.hpp"

namespace parkgis {

// normalize: choose the working CRS, check that coordinates fit their declared CRS, reproject,
// and make geometry 2D, linear, finite and valid (repair logged per feature, or refused).
class NormalizeStage : public Stage {
public:
    std::string name() const override { return "normalize"; }
    std::string description() const override {
        return "choose the working Gauss-Krüger CRS, reproject, repair invalid geometry";
    }
    std::vector<StageOption> options() const override {
        return {{"repair", "true", "repair invalid geometry with GEOS MakeValid, each repair a finding; false refuses it "
                                   "(parkgis run --no-repair)"}};
    }
    std::vector<std::string> needs() const override { return {"read"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

// Throws CrsError when a layer's coordinates cannot be in its declared CRS (metres declared as
// degrees and the reverse, or far outside the CRS's area of use).
void check_coordinates_fit_crs(const Layer& layer);

}  // namespace parkgis
