#include "parkgis/check/check_stage.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "parkgis/check/boundary_points.hpp"
#include "parkgis/check/boundary_qa.hpp"
#include "parkgis/check/four_bounds.hpp"

namespace parkgis {

void CheckStage::prepare(const Project&, const RunOptions&) {}

void CheckStage::run(Dataset& dataset, const RunOptions& options) {
    const auto& settings = dataset.project->checks;
    auto report = [&](double f, const char* what) {
        if (options.progress) options.progress(f, what);
    };
    report(0.0, "check: zones");
    dataset.zones = assemble_zones(*dataset.layer("zones"), dataset.findings);
    measure_zone_areas(dataset.zones, dataset.working_crs);
    for (const auto& z : dataset.zones)
        if (auto f = check_declared_area(z, settings.area_tolerance_pct)) dataset.add(std::move(*f));
    report(0.3, "check: overlaps and gaps");
    for (auto& f : find_overlaps(dataset.zones, settings.min_report_area_m2)) dataset.add(std::move(f));
    for (auto& f : find_gaps(dataset.zones, settings.sliver_width_m, settings.min_report_area_m2)) dataset.add(std::move(f));
    for (auto& f : find_slivers(dataset.zones, settings.sliver_width_m)) dataset.add(std::move(f));
    for (auto& f : list_holes(dataset.zones)) dataset.add(std::move(f));
    report(0.6, "check: constraints");
    for (auto& f : check_constraints(dataset.zones, dataset.layers_of("constraints"), settings.min_report_area_m2))
        dataset.add(std::move(f));
    dataset.area_summary = summarise_areas(dataset.zones, dataset.working_crs);

    report(0.8, "check: boundary points");
    const BoundaryPointProjector projector(dataset.working_crs, dataset.prefixed_epsg);
    const Neighbours neighbours(dataset.layers_of("neighbours"));
    int records = 0;  // the coordinate file's 地块 records so far: one per part of each zone
    for (auto& z : dataset.zones) {
        auto points = number_boundary_points(z.zone_id, z.name, *z.geometry, projector);
        int parts = 0;
        for (auto& p : points) {
            p.record = records + p.part;
            parts = std::max(parts, p.part);
        }
        records += parts;
        std::vector<const BoundaryPoint*> mine;
        for (const auto& p : points) mine.push_back(&p);
        z.four_bounds = four_bounds(mine, neighbours, settings.four_bounds_distance_m);
        z.boundary_point_count = static_cast<int>(points.size());
        dataset.boundary_points.insert(dataset.boundary_points.end(), points.begin(), points.end());
    }
    dataset.boundary_rings = boundary_rings(dataset.boundary_points);
    // A zone's QA status is its worst finding (pairs like "A|B" count for both zones).
    std::unordered_map<std::string_view, std::vector<ZoneRecord*>> by_id;  // a vector: ids need not be unique here
    for (auto& z : dataset.zones) by_id[z.zone_id].push_back(&z);
    for (const auto& f : dataset.findings) {
        if (f.subject_layer != "zones" || f.severity == Severity::info) continue;
        std::string_view ids = f.subject_id;
        auto raise = [&](const std::vector<ZoneRecord*>& zones) {
            for (ZoneRecord* z : zones)
                if (f.severity == Severity::error) z->qa_status = QaStatus::error;
                else if (z->qa_status == QaStatus::ok) z->qa_status = QaStatus::warning;
        };
        if (auto whole = by_id.find(ids); whole != by_id.end()) {  // an id that itself holds a '|'
            raise(whole->second);
            continue;
        }
        for (size_t start = 0; start <= ids.size();) {
            const size_t bar = std::min(ids.find('|', start), ids.size());
            if (auto it = by_id.find(ids.substr(start, bar - start)); it != by_id.end()) raise(it->second);
            start = bar + 1;
        }
    }
    report(1.0, "check: done");
}

}  // namespace parkgis
