// Times the jh_grid computation (binning people into cells, the moving-window sums by summed-area
// table, the 职住比 class of every cell) on a synthetic region, for scripts/bench. Not a test: it
// asserts nothing about time; it prints one JSON line per run.
//
// usage: parkgis_grid_bench <extent km> <cell m> <window radius m> [square|circle] [repeats]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/resource.h>

#include "parkgis/measure/jobs_housing.hpp"

using namespace parkgis;

int main(int argc, char** argv) {
    if (argc < 4) {
        fmt::print(stderr, "usage: {} <extent km> <cell m> <window radius m> [square|circle] [repeats]\n", argv[0]);
        return 2;
    }
    const double extent_m = std::atof(argv[1]) * 1000, cell = std::atof(argv[2]), radius = std::atof(argv[3]);
    const WindowShape shape = argc > 4 && std::string(argv[4]) == "circle" ? WindowShape::circle : WindowShape::square;
    const int repeats = argc > 5 ? std::atoi(argv[5]) : 3;

    // One place per cell on average, as buildings would be; workplaces grow from 15 % of the places in
    // the west to 65 % in the east, so every class of 职住比 occurs.
    const size_t cells = static_cast<size_t>(extent_m / cell) * static_cast<size_t>(extent_m / cell);
    std::mt19937_64 rng(20261121);
    std::uniform_real_distribution<double> where(0, extent_m), people(1, 400), kind(0, 1);
    std::vector<ActivityPoint> points(cells);
    for (auto& p : points) {
        p.x = 500000 + where(rng);
        p.y = 3200000 + where(rng);
        if (kind(rng) < 0.15 + 0.5 * (p.x - 500000) / extent_m) p.jobs = people(rng);
        else {
            p.residents = people(rng);
            p.resident_workers = 0.53 * p.residents;
        }
    }
    std::vector<JobsHousingBand> bands = {
        {"housing_severe", "严重居住倾向", "", std::nullopt, 0.5, false}, {"housing_mild", "轻微居住倾向", "", 0.5, 0.8, false},
        {"balanced", "基本平衡", "", 0.8, 1.2, true},                   {"jobs_mild", "轻微就业倾向", "", 1.2, 1.5, false},
        {"jobs_severe", "严重就业倾向", "", 1.5, std::nullopt, false}};

    double best = 1e300;
    size_t balanced = 0, grid_cells = 0;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const JobsHousingGrid g = grid_of(points, 500000, 3200000, 500000 + extent_m, 3200000 + extent_m, cell, radius,
                                          shape);
        size_t in_band = 0;
        for (size_t i = 0; i < g.size(); ++i)
            if (g.window_workers[i] > 0 && band_of(g.window_jobs[i] / g.window_workers[i], bands).balanced) ++in_band;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, seconds);
        balanced = in_band;
        grid_cells = g.size();
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("{{\"extent_km\": {}, \"cell_m\": {}, \"radius_m\": {}, \"window\": \"{}\", \"cells\": {}, \"points\": {}, "
               "\"seconds\": {:.4f}, \"ns_per_cell\": {:.1f}, \"balanced_cells\": {}, \"peak_rss_mib\": {:.0f}}}\n",
               extent_m / 1000, cell, radius, shape == WindowShape::square ? "square" : "circle", grid_cells,
               points.size(), best, 1e9 * best / grid_cells, balanced, usage.ru_maxrss / 1024.0);
    return 0;
}
