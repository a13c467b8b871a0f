#include "parkgis/measure/overlay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <iterator>
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

// The records of a city are first touched on one thread (below): every byte of them is serial time.
static_assert(sizeof(BuildingRecord) <= 80, "BuildingRecord grew: keep per-building data on the layer's feature");

bool is_industrial_use(const std::string& use, const MeasureSettings& s) {
    return std::find(s.industrial_uses.begin(), s.industrial_uses.end(), use) != s.industrial_uses.end();
}

// The building's own use is industrial (read in place: this runs once per building).
bool has_industrial_use(const Feature& f, const MeasureSettings& s) {
    const auto use = f.fields.find("use");
    if (use == f.fields.end()) return false;
    if (const auto* text = std::get_if<std::string>(&use->second)) return is_industrial_use(*text, s);
    const auto other = f.text("use");  // a numeric code, as text
    return other && is_industrial_use(*other, s);
}

// A building's finding before grouping: buildings with the same check and cause make one finding (a city
// exported without floors gave one finding per building: 100 000 rows saying the same).
struct BuildingNote {
    const char* check = "";
    bool assumed_one = false;  // floors findings: one storey assumed; else no floor area counted
    size_t building = 0;       // index in the buildings layer
    double m2 = 0;             // the footprint, or for MEASURE-BUILDING-PARTLY-OUTSIDE the part outside
};

// The notes of one building, in the order the report lists them; an overlay that failed is a finding of its
// own (an error, rare, named building by building).
void building_notes(const Feature& f, const BuildingRecord& rec, bool failed, std::vector<BuildingNote>& notes,
                    std::vector<Finding>& errors) {
    const FloorsSource source = rec.floors_source;
    const bool assumed = source == FloorsSource::assumed_one || source == FloorsSource::implausible_assumed_one;
    const bool bad = source == FloorsSource::implausible || source == FloorsSource::implausible_assumed_one;
    if (assumed || bad || source == FloorsSource::missing)
        notes.push_back({bad ? "MEASURE-BUILDING-FLOORS-IMPLAUSIBLE" : "MEASURE-BUILDING-NO-FLOORS", assumed,
                         rec.feature, rec.footprint_m2});
    if (failed)
        errors.push_back({"MEASURE-OVERLAY-FAILED", Severity::error, "buildings", f.id, std::nullopt, {}, "",
                          fmt::format("建筑 {} 与地块求交失败（几何拓扑错误），该建筑未完整计入", f.id),
                          fmt::format("building {}: GEOS could not intersect it with a parcel (topology error); it is "
                                      "not fully counted. Check its geometry and its parcel's",
                                      f.id),
                          "parkgis measure", {}});
    if (rec.footprint_m2 > 0 && rec.parcel_count == 0)
        notes.push_back({"MEASURE-BUILDING-OUTSIDE-PARCELS", false, rec.feature, rec.footprint_m2});
    else if (rec.footprint_m2 > 0 && rec.outside_m2 > 0.01 * rec.footprint_m2)
        notes.push_back({"MEASURE-BUILDING-PARTLY-OUTSIDE", false, rec.feature, rec.outside_m2});
}

// One finding per check and cause, in the order the first building of each came; every building in subjects.
std::vector<Finding> group_building_notes(const std::vector<BuildingNote>& notes, const Layer& buildings,
                                          const MeasureSettings& settings) {
    struct Group {
        const char* check;
        bool assumed_one;
        std::vector<std::string> ids;
        double m2 = 0;
    };
    std::vector<Group> groups;
    std::map<std::pair<std::string, bool>, size_t> group_of;
    for (const auto& n : notes) {
        auto [it, added] = group_of.emplace(std::make_pair(std::string(n.check), n.assumed_one), groups.size());
        if (added) groups.push_back({n.check, n.assumed_one, {}, 0});
        groups[it->second].ids.push_back(buildings.features[n.building].id);
        groups[it->second].m2 += n.m2;
    }
    std::vector<Finding> out;
    for (auto& g : groups) {
        const size_t n = g.ids.size();
        const std::string ids = first_subjects(g.ids), check = g.check;
        const char* counted_zh = g.assumed_one ? "按一层计建筑面积" : "不计建筑面积";
        const char* counted_en = g.assumed_one ? "assumed one storey" : "no floor area counted";
        Finding f{g.check, Severity::warning, "buildings", ids, g.m2, {}, "m²", "", "", "parkgis measure", {}};
        if (check == "MEASURE-BUILDING-NO-FLOORS" || check == "MEASURE-BUILDING-FLOORS-IMPLAUSIBLE") {
            const bool bad = check == "MEASURE-BUILDING-FLOORS-IMPLAUSIBLE";
            const std::string what_zh = bad ? fmt::format("层数不合理（上限 {}）", settings.floors_max_plausible)
                                            : "缺少层数、高度和建筑面积";
            const std::string what_en = bad ? fmt::format("an implausible floor count (limit {})", settings.floors_max_plausible)
                                            : "no floors, height or gfa";
            f.message_zh = fmt::format("{} 栋建筑{}；{}（基底合计 {:.1f} m² 计入建筑密度）：{}", n, what_zh, counted_zh,
                                       g.m2, ids);
            f.message_en = fmt::format("{} building(s) have {}; {} (their {:.1f} m² footprint still counts for "
                                       "coverage). Set measure.missing_floors to change this: {}",
                                       n, what_en, counted_en, g.m2, ids);
            f.source = "parkgis measure policy (measure.missing_floors)";
        } else if (check == "MEASURE-BUILDING-OUTSIDE-PARCELS") {
            f.message_zh = fmt::format("{} 栋建筑（基底合计 {:.1f} m²）不在任何地块内，未计入地块和区块指标：{}", n, g.m2, ids);
            f.message_en = fmt::format("{} building(s) ({:.1f} m² footprint) lie outside every parcel; they count in no "
                                       "parcel or zone indicator: {}",
                                       n, g.m2, ids);
        } else {  // MEASURE-BUILDING-PARTLY-OUTSIDE
            f.severity = Severity::info;
            f.message_zh = fmt::format("{} 栋建筑共有 {:.1f} m² 基底在地块之外，该部分未计入：{}", n, g.m2, ids);
            f.message_en = fmt::format("{} building(s): {:.1f} m² of their footprint lies outside every parcel and is "
                                       "not counted: {}",
                                       n, g.m2, ids);
        }
        f.subjects = std::move(g.ids);
        out.push_back(std::move(f));
    }
    return out;
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
        r.source = FloorsSource::floors;
    } else if (height_m) {
        const double storey = storey_height_m && *storey_height_m > 0
                                  ? *storey_height_m
                                  : (industrial ? s.storey_height_industrial_m : s.storey_height_other_m);
        r.floors = std::max(1.0, std::round(*height_m / storey));
        r.source = FloorsSource::height;
    }
    // 工业项目建设用地控制指标: 层高超过 8 米的，在计算容积率时该层建筑面积加倍计算.
    if (r.floors && height_m && *height_m / *r.floors > s.double_count_storey_over_m) r.far_factor = 2;
    if (gfa_m2) {
        r.gfa_m2 = gfa_m2;
        if (!r.floors) r.source = FloorsSource::gfa;
    }
    if (!r.floors && !r.gfa_m2) {
        r.source = implausible ? FloorsSource::implausible : FloorsSource::missing;
        if (s.missing_floors == "one_floor") {
            r.floors = 1;
            r.source = implausible ? FloorsSource::implausible_assumed_one : FloorsSource::assumed_one;
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
    // Convex single-ring parcels take the fast path (convex_clip.hpp); the rest GEOS. The set-up is serial
    // work unless split: making the building records (first touching their pages), packing the parcel index
    // and finding the convex rings (profile: a fifth of the step on 2 threads when done one after another).
    std::vector<BuildingRecord> out;
    // A parcel of one ring that is not convex (most real parcels) keeps its ring: a convex building clips it
    // (Sutherland–Hodgman clips any simple polygon by a convex one), so the pair still needs no GEOS.
    std::vector<detail::Ring> convex(np), concave(np);
    std::vector<double> concave_area(np, 0.0);
    auto find_convex = [&](size_t from, size_t to) {
        for (size_t p = from; p < to; ++p)
            if (const OGRGeometry* g = parcels_layer.features[parcels[p].feature].geometry.get()) {
                detail::Ring ring = detail::single_ring_of(*g);
                convex[p] = detail::convex(ring);
                if (convex[p].empty() && !ring.empty()) {
                    concave_area[p] = detail::ring_area(ring);
                    concave[p] = std::move(ring);
                }
            }
    };
    // The records (0.03 s at 1 M) and the index (0.03 s) take about as long: each thread does one, then half
    // the rings.
    auto records_made = std::async(workers > 1 ? std::launch::async : std::launch::deferred, [&] {
        out.resize(n);
        find_convex(0, np / 2);
    });
    detail::EnvelopeIndex index(np, [&](size_t i) { return parcels_layer.features[parcels[i].feature].geometry.get(); });
    find_convex(np / 2, np);
    records_made.get();
    // Pieces and findings per chunk of buildings: chunks are fixed ranges, so concatenating them in chunk
    // order gives building order whatever the thread timing (no sort; deterministic sums and reports).
    constexpr size_t kChunk = 512;
    const size_t chunks = (n + kChunk - 1) / kChunk;
    std::vector<std::vector<Piece>> pieces(chunks);
    std::vector<std::vector<Finding>> chunk_findings(chunks);
    std::vector<std::vector<BuildingNote>> chunk_notes(chunks);
    std::vector<std::unique_ptr<GeosHandle>> handles;
    for (unsigned w = 0; w < workers; ++w) handles.push_back(std::make_unique<GeosHandle>());
    detail::parallel_chunks(n, kChunk, workers, [&](size_t begin, size_t end, unsigned w) {
        GeosHandle& h = *handles[w];
        std::vector<size_t> candidates;
        std::vector<double> bx, by, cx, cy;
        std::vector<Piece>& chunk = pieces[begin / kChunk];
        // Returns false when GEOS failed on this building.
        auto measure = [&](size_t b, const Feature& f, BuildingRecord& rec) {
            if (!f.geometry || f.geometry->IsEmpty()) return true;
            const detail::Ring ring = detail::single_ring_of(*f.geometry);
            const detail::Ring convex_building = detail::convex(ring);  // empty unless convex
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
                return false;
            }
            bool ok = true;
            OGREnvelope env;
            f.geometry->getEnvelope(&env);
            index.query(env, candidates);  // parcel order: ties go to the first parcel
            const size_t first = chunk.size();
            for (size_t p : candidates) {
                std::optional<double> area;
                if (!ring.empty() && !convex[p].empty()) {
                    bool covered = false;
                    const double a = detail::clipped_area(ring, convex[p], covered, bx, by, cx, cy);
                    area = covered ? rec.footprint_m2 : a;
                } else if (!convex_building.empty() && !concave[p].empty()) {
                    bool parcel_inside = false;
                    const double a = detail::clipped_area(concave[p], convex_building, parcel_inside, bx, by, cx, cy);
                    const double cut = parcel_inside ? concave_area[p] : a;
                    // A building inside the parcel comes out at its footprint up to rounding: the footprint
                    // itself, as GEOS's covers would give.
                    area = cut >= rec.footprint_m2 * (1 - 1e-12) ? rec.footprint_m2 : cut;
                } else if (geos_geometry()) {
                    const auto& cached = h.cached(p, *parcels_layer.features[parcels[p].feature].geometry, np);
                    area = intersection_area(h, geom.get(), rec.footprint_m2, cached);
                }
                if (!area) {
                    ok = false;
                    continue;
                }
                if (*area > 0) chunk.push_back({b, p, *area});
            }
            // The building's own results, here on the worker: its parts, main parcel and floors.
            double inside = 0, largest = 0;
            size_t main_parcel = BuildingRecord::kNoParcel;
            for (size_t k = first; k < chunk.size(); ++k) {
                inside += chunk[k].area;
                if (chunk[k].area > largest) {
                    largest = chunk[k].area;
                    main_parcel = chunk[k].target;
                }
            }
            rec.parcel_count = static_cast<int>(chunk.size() - first);
            rec.outside_m2 = std::max(0.0, rec.footprint_m2 - inside);
            rec.parcel = main_parcel;
            rec.industrial =
                (main_parcel < np && parcels[main_parcel].is_industrial()) || has_industrial_use(f, settings);
            const auto fr = resolve_floors(f.number("floors"), f.number("height_m"), f.number("gfa_m2"),
                                           f.number("storey_height_m"), rec.industrial, settings);
            rec.floors = fr.floors;
            rec.floors_source = fr.source;
            rec.far_factor = fr.far_factor;
            // Floor area of the whole building; each piece takes its share of the footprint.
            rec.gfa_m2 = fr.gfa_m2 ? *fr.gfa_m2 : (fr.floors ? *fr.floors * rec.footprint_m2 : 0.0);
            rec.far_gfa_m2 = rec.gfa_m2 * fr.far_factor;
            return ok;
        };
        for (size_t b = begin; b < end; ++b) {
            const Feature& f = buildings.features[b];
            BuildingRecord& rec = out[b];
            rec.feature = b;
            const bool ok = measure(b, f, rec);
            building_notes(f, rec, !ok, chunk_notes[begin / kChunk], chunk_findings[begin / kChunk]);
        }
    });
    handles.clear();

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
    for (auto& chunk : chunk_findings) std::move(chunk.begin(), chunk.end(), std::back_inserter(findings));
    std::vector<BuildingNote> notes;
    for (auto& chunk : chunk_notes) notes.insert(notes.end(), chunk.begin(), chunk.end());
    for (auto& f : group_building_notes(notes, buildings, settings)) findings.push_back(std::move(f));
    return out;
}

std::vector<ZoneShare> apportion_parcels_to_zones(const std::vector<ZoneRecord>& zones, const Layer& parcels_layer,
                                                  std::vector<ParcelRecord>& parcels, const MeasureSettings& settings,
                                                  std::vector<Finding>& findings) {
    const size_t np = parcels.size(), nz = zones.size();
    std::vector<OGREnvelope> zone_env(nz);
    std::vector<detail::Ring> zone_convex(nz);  // the fast path, as for buildings on parcels
    for (size_t z = 0; z < nz; ++z)
        if (zones[z].geometry) {
            zones[z].geometry->getEnvelope(&zone_env[z]);
            zone_convex[z] = detail::convex_ring_of(*zones[z].geometry);
        }
    const double tolerance = settings.split_report_pct / 100.0;

    // Shares and findings per chunk of parcels, concatenated in chunk order: parcel order, whatever the
    // thread timing.
    constexpr size_t kChunk = 256;
    const size_t chunks = (np + kChunk - 1) / kChunk;
    std::vector<std::vector<ZoneShare>> chunk_shares(chunks);
    std::vector<std::vector<Finding>> chunk_findings(chunks);
    const unsigned workers = detail::worker_count();
    std::vector<std::unique_ptr<GeosHandle>> handles;
    for (unsigned w = 0; w < workers; ++w) handles.push_back(std::make_unique<GeosHandle>());

    detail::parallel_chunks(np, kChunk, workers, [&](size_t begin, size_t end, unsigned w) {
        GeosHandle& h = *handles[w];
        std::vector<double> bx, by, cx, cy;
        std::vector<ZoneShare>& shares = chunk_shares[begin / kChunk];
        std::vector<Finding>& found = chunk_findings[begin / kChunk];
        // Appends the parcel's shares; returns false when GEOS failed on a pair.
        auto measure = [&](size_t p) {
            const OGRGeometry* pg = parcels_layer.features[parcels[p].feature].geometry.get();
            if (!pg || pg->IsEmpty() || parcels[p].area_m2 <= 0) return true;
            OGREnvelope env;
            pg->getEnvelope(&env);
            const detail::Ring ring = detail::single_ring_of(*pg);
            const double ring_area = ring.empty() ? 0.0 : detail::ring_area(ring);
            GeosPtr geom(nullptr, {h.ctx()});
            double geom_area = 0;  // GEOS area of the same geometry, so a covered parcel's share is exactly 1
            bool ok = true;
            for (size_t z = 0; z < nz; ++z) {
                if (!zones[z].geometry || !zone_env[z].Intersects(env)) continue;
                if (ring_area > 0 && !zone_convex[z].empty()) {
                    bool covered = false;
                    const double a = detail::clipped_area(ring, zone_convex[z], covered, bx, by, cx, cy);
                    const double share = covered ? 1.0 : std::min(1.0, a / ring_area);
                    if (share > 0) shares.push_back({p, z, share});
                    continue;
                }
                if (!geom) {
                    geom.reset(h.convert(*pg));
                    geom_area = h.area(geom.get());
                }
                const auto& cz = h.cached(z, *zones[z].geometry, nz);
                auto area = geom ? intersection_area(h, geom.get(), geom_area, cz) : std::nullopt;
                if (!area) {
                    ok = false;
                    continue;
                }
                const double share = std::min(1.0, *area / geom_area);
                if (share > 0) shares.push_back({p, z, share});
            }
            return ok;
        };
        for (size_t p = begin; p < end; ++p) {
            const size_t first = shares.size();
            const bool ok = measure(p);
            ParcelRecord& rec = parcels[p];
            double largest = 0, total = 0;
            for (size_t k = first; k < shares.size(); ++k) {
                total += shares[k].share;
                if (shares[k].share > largest) {
                    largest = shares[k].share;
                    rec.zone_id = zones[shares[k].zone].zone_id;
                }
            }
            rec.zone_share = largest;
            rec.zoned_share = std::min(1.0, total);
            auto finding = [&](const char* id, Severity sev, std::optional<double> actual, std::string zh,
                               std::string en) {
                found.push_back({id, sev, "parcels", rec.parcel_id, actual, {}, "%", std::move(zh), std::move(en),
                                 "parkgis measure: parcels apportioned to zones by intersection area", {}});
            };
            if (!ok) {
                finding("MEASURE-OVERLAY-FAILED", Severity::error, std::nullopt,
                        fmt::format("地块 {} 与区块求交失败（几何拓扑错误），该地块未完整计入区块指标", rec.parcel_id),
                        fmt::format("parcel {}: GEOS could not intersect it with a zone (topology error); it is not "
                                    "fully counted in zone indicators",
                                    rec.parcel_id));
            } else if (shares.size() == first) {
                finding("MEASURE-PARCEL-OUTSIDE-ZONES", Severity::info, 0.0,
                        fmt::format("地块 {} 不在任何区块内，不计入区块指标", rec.parcel_id),
                        fmt::format("parcel {} lies outside every zone and counts in no zone indicator",
                                    rec.parcel_id));
            } else if (largest < 1.0 - tolerance && 1.0 - largest > tolerance) {
                std::string parts_zh, parts_en;
                for (size_t k = first; k < shares.size(); ++k) {
                    const ZoneShare& s = shares[k];
                    parts_zh += fmt::format("{}{} {:.1f}%", parts_zh.empty() ? "" : "、", zones[s.zone].zone_id,
                                            100 * s.share);
                    parts_en += fmt::format("{}{} {:.1f} %", parts_en.empty() ? "" : ", ", zones[s.zone].zone_id,
                                            100 * s.share);
                }
                if (rec.zoned_share < 1.0 - 1e-9) {
                    parts_zh += fmt::format("、区外 {:.1f}%", 100 * (1 - rec.zoned_share));
                    parts_en += fmt::format(", outside {:.1f} %", 100 * (1 - rec.zoned_share));
                }
                finding("MEASURE-PARCEL-SPLIT", Severity::info, 100 * largest,
                        fmt::format("地块 {} 被区块边界分割（{}），按面积比例计入", rec.parcel_id, parts_zh),
                        fmt::format("parcel {} is cut by a zone boundary ({}); it contributes in proportion",
                                    rec.parcel_id, parts_en));
            }
        }
    });
    handles.clear();

    std::vector<ZoneShare> out;
    size_t total = 0;
    for (const auto& c : chunk_shares) total += c.size();
    out.reserve(total);
    for (const auto& c : chunk_shares) out.insert(out.end(), c.begin(), c.end());
    for (auto& c : chunk_findings) std::move(c.begin(), c.end(), std::back_inserter(findings));
    return out;
}

}  // namespace parkgis
