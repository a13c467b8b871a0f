#pragma once
#include <memory>

#include "parkgis/judge/industry_codes.hpp"
#include "parkgis/judge/rule_set.hpp"
#include "parkgis/stage.hpp"

namespace parkgis {

// judge: the project's rule sets on every parcel and zone scope → pass / fail / not available with
// actual, threshold, margin and clause; failures and gaps become findings (docs/architecture.md, docs/judge.md).
class JudgeStage : public Stage {
public:
    std::string name() const override { return "judge"; }
    std::string description() const override {
        return "judge parcels and zones against the project's rule sets (工业项目建设用地控制指标, TD/T 1029, "
               "高新区 targets)";
    }
    // Zone rules read the indicators and 职住比; parcel rules the parcel metrics.
    std::vector<std::string> needs() const override { return {"indicators", "jobs-housing"}; }
    void prepare(const Project& project, const RunOptions& options) override;
    void run(Dataset& dataset, const RunOptions& options) override;

private:
    std::vector<RuleSet> m_sets;
    std::shared_ptr<const IndustryCrosswalk> m_crosswalk;
};

// Findings from the outcomes: each failure, and each reason a rule could not be judged (parcels
// grouped by rule and reason, so one missing threshold is one finding, not hundreds).
void add_judge_findings(Dataset& d);

}  // namespace parkgis
