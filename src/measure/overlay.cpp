#include "parkgis/measure/overlay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <cmath>
#include <map>

#include "convex_clip.hpp"
#include "envelope_index.hpp"
#include "geos_handle.hpp"
#include "../core/parallel.hpp"
#include "parkgis/errors.hpp"

namespace parkgis {

namespace {

using detail::GeosHandle;
using detail::GeosPtr;

struct Piece {
    size_t item, target;
    double area;
    bool operator<(const Piece& o) const { return item != o.item ? item < o.item : target < o.target; }
};

// Area of a ∩ b where `prepared` is b prepared: all of a when b covers it, nothing when disjoint.
// Returns nullopt when GEOS cannot compute the intersection.
std::optional<double> intersection_area(GeosHandle& h, const GEOSGeometry* a, double a_area,
                                        const GeosHandle::Cached& b) {
    if (!b.prepared) return std::nullopt;
    if (GEOSPreparedCovers_r(h.ctx(), b.prepared, a) == 1) return a_area;
    if (GEOSPreparedIntersects_r(h.ctx(), b.prepared, a) != 1) return 0.0;
    GeosPtr cut(GEOSIntersection_r(h.ctx(), a, b.geometry), {h.ctx()});
    if (!cut) return std::nullopt;
    return h.area(cut.get());
}

bool is_industrial_use(const std::string& use, const MeasureSettings& s) {
    return std::find(s.industrial_uses.begin(), s.industrial_uses.end(), use) != s.industrial_uses.end();
}

}  // namespace

FloorResolution resolve_floors(std::optional<double> floors, std::optional<double> height_m,
                               std::optional<double> gfa_m2, std::optional<double> storey_height_m, bool industrial,
                               const MeasureSettings& s) {
    FloorResolution r;
    if (height_m && !(*height_m > 0)) height_m.reset();
    if (gfa_m2 && !(*gfa_m2 > 0)) gfa_m2.reset();
    bool implausible = false;
    if (floors && !(*floors > 0 && *floors <= s.floors_max_plausible)) {
        implausible = true;
        floors.reset();
    }
    if (floors) {
        r.floors = *floors;
        r.source = "floors";
    } else if (height_m) {
        const double storey = storey_height_m && *storey_height_m > 0
                                  ? *storey_height_m
                                  : (industrial ? s.storey_height_industrial_m : s.storey_height_other_m);
        r.floors = std::max(1.0, std::round(*height_m / storey));
        r.source = "height";
    }
    // 工业项目建设用地控制指标: 层高超过 8 米的，在计算容积率时该层建筑面积加倍计算.
    if (r.floors && height_m && *height_m / *r.floors > s.double_count_storey_over_m) r.far_factor = 2;
    if (gfa_m2) {
        r.gfa_m2 = gfa_m2;
        if (!r.floors) r.source = "gfa";
    }
    if (!r.floors && !r.gfa_m2) {
        r.source = implausible ? "implausible" : "missing";
        if (s.missing_floors == "one_floor") {
            r.floors = 1;
            r.source = implausible ? "implausible_assumed_one" : "assumed_one";
        }
    }
    return r;
}

std::vector<BuildingRecord> overlay_buildings(const Layer& buildings, const Layer& parcels_layer,
                                              std::vector<ParcelRecord>& parcels, const MeasureSettings& settings,
                                              std::vector<Finding>& findings) {
    const size_t n = buildings.features.size();
    const size_t np = parcels.size();
    const unsigned workers = detail::worker_count();
    // Convex single-ring parcels take the fast path (convex_clip.hpp); the rest GEOS. This thread finds the
    // rings and packs the parcel index while another makes the building records: first touching their
    // pages (176 bytes a building) is serial work as long as the other two together (profile: a fifth of the
    // step on 2 threads when it came after them).
    std::vector<BuildingRecord> out;
    auto records_made = std::async(workers > 1 ? std::launch::async : std::launch::deferred, [&] { out.resize(n); });
    std::vector<detail::Ring> convex(np);
    for (size_t p = 0; p < np; ++p)
        if (const OGRGeometry* g = parcels_layer.features[parcels[p].feature].geometry.get())
            convex[p] = detail::convex_ring_of(*g);
    detail::EnvelopeIndex index(np, [&](size_t i) { return parcels_layer.features[parcels[i].feature].geometry.get(); });
    records_made.get();
    // Pieces per chunk of buildings: chunks are fixed ranges, so concatenating them in chunk order gives the
    // pieces in building order whatever the thread timing (no sort; deterministic sums).
    constexpr size_t kChunk = 512;
    std::vector<std::vector<Piece>> pieces((n + kChunk - 1) / kChunk);
    std::vector<char> failed(n, 0);  // reported in building order below, once per building
    std::vector<std::unique_ptr<GeosHandle>> handles;
    for (unsigned w = 0; w < workers; ++w) handles.push_back(std::make_unique<GeosHandle>());
    detail::parallel_chunks(n, kChunk, workers, [&](size_t begin, size_t end, unsigned w) {
        GeosHandle& h = *handles[w];
        std::vector<size_t> candidates;
        std::vector<double> bx, by, cx, cy;
        std::vector<Piece>& chunk = pieces[begin / kChunk];
        for (size_t b = begin; b < end; ++b) {
            const Feature& f = buildings.features[b];
            BuildingRecord& rec = out[b];
            rec.feature = b;
            rec.building_id = f.id;
            if (!f.geometry || f.geometry->IsEmpty()) continue;
            const detail::Ring ring = detail::single_ring_of(*f.geometry);
            GeosPtr geom(nullptr, {h.ctx()});  // converted only when a pair needs GEOS
            auto geos_geometry = [&]() -> const GEOSGeometry* {
                if (!geom) geom.reset(h.convert(*f.geometry));
                return geom.get();
            };
            if (!ring.empty()) {
                rec.footprint_m2 = detail::ring_area(ring);
            } else if (geos_geometry()) {
                rec.footprint_m2 = h.area(geom.get());
            } else {
                failed[b] = 1;
                continue;
            }
            OGREnvelope env;
            f.geometry->getEnvelope(&env);
            index.query(env, candidates);
            std::sort(candidates.begin(), candidates.end());  // parcel order: ties go to the first parcel
            const size_t first = chunk.size();
            for (size_t p : candidates) {
                std::optional<double> area;
                if (!ring.empty() && !convex[p].empty()) {
                    bool covered = false;
                    const double a = detail::clipped_area(ring, convex[p], covered, bx, by, cx, cy);
                    area = covered ? rec.footprint_m2 : a;
                } else if (geos_geometry()) {
                    const auto& cached = h.cached(p, *parcels_layer.features[parcels[p].feature].geometry, np);
                    area = intersection_area(h, geom.get(), rec.footprint_m2, cached);
                }
                if (!area) {
                    failed[b] = 1;
                    continue;
                }
                if (*area > 0) chunk.push_back({b, p, *area});
            }
            // The building's own results, here on the worker: its parts, main parcel and floors.
            double inside = 0, largest = 0;
            size_t main_parcel = np;
            for (size_t k = first; k < chunk.size(); ++k) {
                inside += chunk[k].area;
                if (chunk[k].area > largest) {
                    largest = chunk[k].area;
                    main_parcel = chunk[k].target;
                }
            }
            rec.parcel_count = static_cast<int>(chunk.size() - first);
            rec.outside_m2 = std::max(0.0, rec.footprint_m2 - inside);
            if (main_parcel < np) rec.parcel_id = parcels[main_parcel].parcel_id;
            const auto use = f.text("use");
            rec.industrial = (use && is_industrial_use(*use, settings)) ||
                             (main_parcel < np && parcels[main_parcel].is_industrial());
            const auto fr = resolve_floors(f.number("floors"), f.number("height_m"), f.number("gfa_m2"),
                                           f.number("storey_height_m"), rec.industrial, settings);
            rec.floors = fr.floors;
            rec.floors_source = fr.source;
            rec.far_factor = fr.far_factor;
            // Floor area of the whole building; each piece takes its share of the footprint.
            rec.gfa_m2 = fr.gfa_m2 ? *fr.gfa_m2 : (fr.floors ? *fr.floors * rec.footprint_m2 : 0.0);
            rec.far_gfa_m2 = rec.gfa_m2 * fr.far_factor;
        }
    });
    handles.clear();

    auto add_finding = [&](const BuildingRecord& b, const char* id, Severity sev, std::optional<double> actual,
                           std::string unit, std::string zh, std::string en, const char* source) {
        findings.push_back({id, sev, "buildings", b.building_id, actual, {}, std::move(unit), std::move(zh), std::move(en),
                            source, {}});
    };

    // Pieces into parcels: each thread owns a range of parcels and takes their pieces in building order, so
    // every parcel's sums are the same whatever the number of threads (profile: this loop was a tenth of the
    // step on 2 threads when serial).
    detail::parallel_chunks(workers, 1, workers, [&](size_t w, size_t, unsigned) {
        const size_t lo = np * w / workers, hi = np * (w + 1) / workers;
        for (const auto& chunk : pieces) {
            for (const Piece& piece : chunk) {
                if (piece.target < lo || piece.target >= hi) continue;
                const BuildingRecord& rec = out[piece.item];
                ParcelRecord& p = parcels[piece.target];
                const double share = rec.footprint_m2 > 0 ? piece.area / rec.footprint_m2 : 0.0;
                p.footprint_m2 += piece.area;
                p.gfa_m2 += rec.gfa_m2 * share;
                p.far_gfa_m2 += rec.far_gfa_m2 * share;
                p.building_count += 1;
            }
        }
    });

    for (size_t b = 0; b < n; ++b) {
        BuildingRecord& rec = out[b];
        const Feature& f = buildings.features[b];
        const std::string& source = rec.floors_source;
        if (source == "missing" || source == "assumed_one" || source == "implausible" ||
            source == "implausible_assumed_one") {
            const bool assumed = source.find("assumed_one") != std::string::npos;
            const bool bad = source.rfind("implausible", 0) == 0;
            const std::string what_zh = bad ? fmt::format("层数 {} 不合理（上限 {}）", f.text("floors").value_or("?"),
                                                          settings.floors_max_plausible)
                                            : "缺少层数、高度和建筑面积";
            const std::string what_en = bad ? fmt::format("floor count {} is implausible (limit {})",
                                                          f.text("floors").value_or("?"), settings.floors_max_plausible)
                                            : "has no floors, height or gfa";
            add_finding(rec, bad ? "MEASURE-BUILDING-FLOORS-IMPLAUSIBLE" : "MEASURE-BUILDING-NO-FLOORS",
                        Severity::warning, f.number("floors"), "层",
                        fmt::format("建筑 {} {}；{}（基底 {:.1f} m² 计入建筑密度）", rec.building_id, what_zh,
                                    assumed ? "按一层计建筑面积" : "不计建筑面积", rec.footprint_m2),
                        fmt::format("building {} {}; {} (its {:.1f} m² footprint still counts for coverage). Set "
                                    "measure.missing_floors to change this",
                                    rec.building_id, what_en,
                                    assumed ? "assumed one storey" : "no floor area counted", rec.footprint_m2),
                        "parkgis measure policy (measure.missing_floors)");
        }
        if (failed[b])
            add_finding(rec, "MEASURE-OVERLAY-FAILED", Severity::error, std::nullopt, "",
                        fmt::format("建筑 {} 与地块求交失败（几何拓扑错误），该建筑未完整计入", rec.building_id),
                        fmt::format("building {}: GEOS could not intersect it with a parcel (topology error); it is not "
                                    "fully counted. Check its geometry and its parcel's",
                                    rec.building_id),
                        "parkgis measure");
        if (rec.footprint_m2 > 0 && rec.parcel_count == 0) {
            add_finding(rec, "MEASURE-BUILDING-OUTSIDE-PARCELS", Severity::warning, rec.footprint_m2, "m²",
                        fmt::format("建筑 {}（基底 {:.1f} m²）不在任何地块内，未计入地块和区块指标", rec.building_id,
                                    rec.footprint_m2),
                        fmt::format("building {} ({:.1f} m² footprint) lies outside every parcel; it counts in no "
                                    "parcel or zone indicator",
                                    rec.building_id, rec.footprint_m2),
                        "parkgis measure");
        } else if (rec.footprint_m2 > 0 && rec.outside_m2 > 0.01 * rec.footprint_m2) {
            add_finding(rec, "MEASURE-BUILDING-PARTLY-OUTSIDE", Severity::info, rec.outside_m2, "m²",
                        fmt::format("建筑 {} 有 {:.1f} m²（{:.1f}%）基底在地块之外，该部分未计入", rec.building_id,
                                    rec.outside_m2, 100 * rec.outside_m2 / rec.footprint_m2),
                        fmt::format("building {}: {:.1f} m² ({:.1f} %) of its footprint lies outside every parcel and "
                                    "is not counted",
                                    rec.building_id, rec.outside_m2, 100 * rec.outside_m2 / rec.footprint_m2),
                        "parkgis measure");
        }
    }
    return out;
}

std::vector<ZoneShare> apportion_parcels_to_zones(const std::vector<ZoneRecord>& zones, const Layer& parcels_layer,
                                                  std::vector<ParcelRecord>& parcels, const MeasureSettings& settings,
                                                  std::vector<Finding>& findings) {
    const size_t np = parcels.size(), nz = zones.size();
    std::vector<OGREnvelope> zone_env(nz);
    for (size_t z = 0; z < nz; ++z)
        if (zones[z].geometry) zones[z].geometry->getEnvelope(&zone_env[z]);

    const unsigned workers = detail::worker_count();
    std::vector<std::unique_ptr<GeosHandle>> handles;
    for (unsigned w = 0; w < workers; ++w) handles.push_back(std::make_unique<GeosHandle>());
    std::vector<std::vector<ZoneShare>> shares_of(np);
    std::vector<char> failed(np, 0);

    detail::parallel_chunks(np, 256, workers, [&](size_t begin, size_t end, unsigned w) {
        GeosHandle& h = *handles[w];
        for (size_t p = begin; p < end; ++p) {
            const OGRGeometry* pg = parcels_layer.features[parcels[p].feature].geometry.get();
            if (!pg || pg->IsEmpty() || parcels[p].area_m2 <= 0) continue;
            OGREnvelope env;
            pg->getEnvelope(&env);
            GeosPtr geom(nullptr, {h.ctx()});
            double geom_area = 0;  // GEOS area of the same geometry, so a covered parcel's share is exactly 1
            for (size_t z = 0; z < nz; ++z) {
                if (!zones[z].geometry || !zone_env[z].Intersects(env)) continue;
                if (!geom) {
                    geom.reset(h.convert(*pg));
                    geom_area = h.area(geom.get());
                }
                const auto& cz = h.cached(z, *zones[z].geometry, nz);
                auto area = geom ? intersection_area(h, geom.get(), geom_area, cz) : std::nullopt;
                if (!area) {
                    failed[p] = 1;
                    continue;
                }
                const double share = std::min(1.0, *area / geom_area);
                if (share > 0) shares_of[p].push_back({p, z, share});
            }
        }
    });
    handles.clear();

    std::vector<ZoneShare> out;
    const double tolerance = settings.split_report_pct / 100.0;
    for (size_t p = 0; p < np; ++p) {
        ParcelRecord& rec = parcels[p];
        double largest = 0, total = 0;
        for (const auto& s : shares_of[p]) {
            total += s.share;
            if (s.share > largest) {
                largest = s.share;
                rec.zone_id = zones[s.zone].zone_id;
            }
            out.push_back(s);
        }
        rec.zone_share = largest;
        rec.zoned_share = std::min(1.0, total);
        auto finding = [&](const char* id, Severity sev, std::optional<double> actual, std::string zh, std::string en) {
            findings.push_back({id, sev, "parcels", rec.parcel_id, actual, {}, "%", std::move(zh), std::move(en),
                                "parkgis measure: parcels apportioned to zones by intersection area", {}});
        };
        if (failed[p]) {
            finding("MEASURE-OVERLAY-FAILED", Severity::error, std::nullopt,
                    fmt::format("地块 {} 与区块求交失败（几何拓扑错误），该地块未完整计入区块指标", rec.parcel_id),
                    fmt::format("parcel {}: GEOS could not intersect it with a zone (topology error); it is not fully "
                                "counted in zone indicators",
                                rec.parcel_id));
        } else if (shares_of[p].empty()) {
            finding("MEASURE-PARCEL-OUTSIDE-ZONES", Severity::info, 0.0,
                    fmt::format("地块 {} 不在任何区块内，不计入区块指标", rec.parcel_id),
                    fmt::format("parcel {} lies outside every zone and counts in no zone indicator", rec.parcel_id));
        } else if (largest < 1.0 - tolerance && 1.0 - largest > tolerance) {
            std::string parts_zh, parts_en;
            for (const auto& s : shares_of[p]) {
                parts_zh += fmt::format("{}{} {:.1f}%", parts_zh.empty() ? "" : "、", zones[s.zone].zone_id, 100 * s.share);
                parts_en += fmt::format("{}{} {:.1f} %", parts_en.empty() ? "" : ", ", zones[s.zone].zone_id, 100 * s.share);
            }
            if (rec.zoned_share < 1.0 - 1e-9) {
                parts_zh += fmt::format("、区外 {:.1f}%", 100 * (1 - rec.zoned_share));
                parts_en += fmt::format(", outside {:.1f} %", 100 * (1 - rec.zoned_share));
            }
            finding("MEASURE-PARCEL-SPLIT", Severity::info, 100 * largest,
                    fmt::format("地块 {} 被区块边界分割（{}），按面积比例计入", rec.parcel_id, parts_zh),
                    fmt::format("parcel {} is cut by a zone boundary ({}); it contributes in proportion", rec.parcel_id,
                                parts_en));
        }
    }
    return out;
}

}  // namespace parkgis
