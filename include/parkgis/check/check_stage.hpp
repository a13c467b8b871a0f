#pragma once
#include "parkgis/stage.hpp"

namespace parkgis {

// check: zone areas (planar and ellipsoidal), boundary QA, constraint overlaps, 界址点.
class CheckStage : public Stage {
public:
    std::string name() const override { return "check"; }
    std::string description() const override {
        return "measure zone areas, check boundaries and constraints, number the 界址点";
    }
    std::vector<std::string> needs() const override { return {"normalize"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

}  // namespace parkgis
