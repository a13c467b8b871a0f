#pragma once
#include "parkgis/stage.hpp"

namespace parkgis {

// read: opens every input of the project and maps its fields to the canonical ones.
class ReadStage : public Stage {
public:
    std::string name() const override { return "read"; }
    std::string description() const override {
        return "open each input (any OGR source) and map its fields to the canonical model";
    }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;
};

// Reads one input into a Layer (exposed for tests).
Layer read_input(const InputSpec& spec, const std::string& project_folder = "");

}  // namespace parkgis
