#pragma once
// The wall time of a stage's own steps, beside the stages' (--timings, scripts/bench): "measure.classify",
// "jobs-housing.grid". Internal to libparkgis.
#include <chrono>

#include "parkgis/dataset.hpp"

namespace parkgis::detail {

class StepClock {
public:
    explicit StepClock(Dataset& d) : m_d(d), m_start(std::chrono::steady_clock::now()) {}
    // Records the time since the last lap (or since the clock was made) under `step`.
    void lap(const char* step) {
        const auto now = std::chrono::steady_clock::now();
        m_d.stage_seconds.emplace_back(step, std::chrono::duration<double>(now - m_start).count());
        m_start = now;
    }

private:
    Dataset& m_d;
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace parkgis::detail
