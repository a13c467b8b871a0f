#include "parkgis/check/boundary_qa.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>

#include "../measure/envelope_index.hpp"
#include "parkgis/check/areas.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/normalize/geometry_repair.hpp"
#include "parkgis/units.hpp"

namespace parkgis {

namespace {

constexpr const char* kQaSource = "parkgis QA";

std::string normalise_kind(const std::string& raw) {
    static const std::map<std::string, std::string> kinds = {
        {"core", "core"},           {"核心区", "core"},           {"主区", "core"},
        {"expansion", "expansion"}, {"扩区", "expansion"},        {"扩展区", "expansion"},
        {"拓展区", "expansion"},    {"发展方向区", "expansion"},  {"cluster", "cluster"},
        {"组团", "cluster"},
    };
    std::string k = raw;
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = kinds.find(k);
    return it == kinds.end() ? "" : it->second;
}

std::unique_ptr<OGRGeometry> union_of(const std::vector<const OGRGeometry*>& parts) {
    OGRMultiPolygon all;
    for (const auto* g : parts) {
        if (auto mp = polygonal_parts(*g))
            for (const auto* p : *mp) all.addGeometry(p);
    }
    if (all.IsEmpty()) return nullptr;
    return std::unique_ptr<OGRGeometry>(all.UnionCascaded());
}

std::string where_text(const OGRGeometry& g) {
    OGRPoint c;
    g.Centroid(&c);
    return fmt::format("({:.1f}, {:.1f})", c.getX(), c.getY());
}

}  // namespace

std::vector<ZoneRecord> assemble_zones(const Layer& zones, std::vector<Finding>& findings) {
    std::map<std::string, size_t> index;
    std::vector<ZoneRecord> out;
    std::vector<std::vector<const OGRGeometry*>> members;
    for (const auto& f : zones.features) {
        const std::string where = fmt::format("{}, feature {} ({})", zones.describe(), f.source_fid, f.id);
        const std::string raw_kind = f.text("kind").value_or("");
        const std::string kind = normalise_kind(raw_kind);
        if (kind.empty())
            throw InputError("check", fmt::format("{}: kind '{}' is not core, expansion or cluster (核心区, 扩区, "
                                                  "组团); correct the value or map another field to kind",
                                                  where, raw_kind));
        auto it = index.find(f.id);
        if (it == index.end()) {
            ZoneRecord z;
            z.zone_id = f.id;
            z.name = f.text("name").value_or(f.id);
            z.kind = kind;
            z.parent_id = f.text("parent_id").value_or("");
            z.declared_area_km2 = f.number("declared_area_km2");
            index[f.id] = out.size();
            out.push_back(std::move(z));
            members.emplace_back();
        } else {
            auto& z = out[it->second];
            if (z.kind != kind)
                throw InputError("check", fmt::format("{}: zone {} appears with kinds {} and {}; one zone has one kind",
                                                      where, f.id, z.kind, kind));
        }
        members[index[f.id]].push_back(f.geometry.get());
    }
    for (size_t i = 0; i < out.size(); ++i) {
        if (members[i].size() > 1)
            findings.push_back({"QA-ZONE-MULTIROW", Severity::info, "zones", out[i].zone_id,
                                static_cast<double>(members[i].size()), {}, "features",
                                fmt::format("区块 {} 由 {} 个要素组成，已合并", out[i].zone_id, members[i].size()),
                                fmt::format("zone {} is made of {} features; they were dissolved", out[i].zone_id,
                                            members[i].size()),
                                kQaSource, nullptr});
        out[i].geometry = members[i].size() == 1 ? std::unique_ptr<OGRGeometry>(members[i][0]->clone())
                                                 : union_of(members[i]);
    }
    // A cluster counts towards its parent's kind; an expansion zone's clusters are expansion.
    for (auto& z : out) {
        z.group = z.kind == "core" ? ZoneGroup::core : ZoneGroup::expansion;
        if (z.kind == "cluster") {
            auto it = index.find(z.parent_id);
            z.group = (it != index.end() && out[it->second].kind == "core") ? ZoneGroup::core : ZoneGroup::expansion;
        }
    }
    return out;
}

void measure_zone_areas(std::vector<ZoneRecord>& zones, const OGRSpatialReference& working_crs) {
    for (auto& z : zones) {
        z.area.planar_m2 = planar_area_m2(*z.geometry, working_crs);
        z.area.ellipsoidal_m2 = ellipsoidal_area_m2(*z.geometry, working_crs);
        z.parts = 0;
        z.holes = 0;
        if (auto mp = polygonal_parts(*z.geometry)) {
            z.parts = mp->getNumGeometries();
            for (const auto* p : *mp) z.holes += p->getNumInteriorRings();
        }
    }
}

std::optional<Finding> check_declared_area(const ZoneRecord& z, double tolerance_pct) {
    if (!z.declared_area_km2) return std::nullopt;
    const double measured_km2 = units::km2(z.area.planar_m2);
    const double declared = *z.declared_area_km2;
    const double diff_km2 = measured_km2 - declared;
    const double diff_pct = declared != 0 ? 100.0 * diff_km2 / declared : INFINITY;
    if (std::fabs(diff_pct) <= tolerance_pct) return std::nullopt;
    Finding f;
    f.check_id = "QA-AREA-DECLARED";
    f.severity = Severity::error;
    f.subject_layer = "zones";
    f.subject_id = z.zone_id;
    f.actual = measured_km2;
    f.threshold = declared;
    f.unit = "km2";
    f.message_zh = fmt::format("{}（{}）实测面积 {:.4f} km² 与申报面积 {:.4f} km² 相差 {:+.4f} km²（{:+.2f}%），超出容差 ±{}%",
                               z.name, z.zone_id, measured_km2, declared, diff_km2, diff_pct, tolerance_pct);
    f.message_en = fmt::format("{} ({}): measured {:.4f} km² differs from the declared {:.4f} km² by {:+.4f} km² "
                               "({:+.2f} %), beyond the ±{} % tolerance",
                               z.name, z.zone_id, measured_km2, declared, diff_km2, diff_pct, tolerance_pct);
    f.source = "parkgis QA (planar area in the working Gauss-Krüger CRS)";
    return f;
}

std::vector<Finding> find_overlaps(std::vector<ZoneRecord>& zones, double min_area_m2) {
    struct Item {
        OGREnvelope env;
        size_t index;
    };
    std::vector<Item> items;
    for (size_t i = 0; i < zones.size(); ++i) {
        Item it{{}, i};
        zones[i].geometry->getEnvelope(&it.env);
        items.push_back(it);
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.env.MinX < b.env.MinX; });
    std::vector<Finding> out;
    for (size_t a = 0; a < items.size(); ++a) {
        for (size_t b = a + 1; b < items.size() && items[b].env.MinX <= items[a].env.MaxX; ++b) {
            if (!items[a].env.Intersects(items[b].env)) continue;
            auto& za = zones[items[a].index];
            auto& zb = zones[items[b].index];
            if (!za.geometry->Intersects(zb.geometry.get())) continue;
            std::unique_ptr<OGRGeometry> inter(za.geometry->Intersection(zb.geometry.get()));
            if (!inter) continue;
            auto poly = polygonal_parts(*inter);
            const double area = poly ? polygonal_area(*poly) : 0.0;
            if (area < min_area_m2) continue;
            za.overlap_m2 += area;
            zb.overlap_m2 += area;
            const auto& first = items[a].index < items[b].index ? za : zb;
            const auto& second = items[a].index < items[b].index ? zb : za;
            out.push_back({"QA-ZONE-OVERLAP", Severity::error, "zones", first.zone_id + "|" + second.zone_id, area, 0.0,
                           "m2",
                           fmt::format("{} 与 {} 重叠 {:.2f} m²（{:.4f} 公顷），位于 {}", first.name, second.name, area,
                                       units::ha(area), where_text(*poly)),
                           fmt::format("{} and {} overlap by {:.2f} m² ({:.4f} ha) around {}", first.zone_id,
                                       second.zone_id, area, units::ha(area), where_text(*poly)),
                           kQaSource, std::shared_ptr<OGRGeometry>(poly.release())});
        }
    }
    std::sort(out.begin(), out.end(), [](const Finding& x, const Finding& y) { return x.subject_id < y.subject_id; });
    return out;
}

std::vector<Finding> find_gaps(const std::vector<ZoneRecord>& zones, double width_m, double min_area_m2) {
    std::vector<Finding> out;
    if (zones.size() < 2 || width_m <= 0) return out;
    // Closing = dilate then erode by half the width: it fills exactly the spaces narrower than width. The
    // zones are dilated one by one and united; each connected piece of that is eroded and compared with the
    // zones inside it alone, so the cost follows the zones that are close together, not all zones at once
    // (one buffer and one difference of a 10 000-zone union took seconds).
    const detail::EnvelopeIndex index(zones.size(), [&](size_t i) { return zones[i].geometry.get(); });
    OGRMultiPolygon dilated_parts;
    for (const auto& z : zones)
        if (auto parts = polygonal_parts(*z.geometry))
            for (const auto* p : *parts) {
                std::unique_ptr<OGRGeometry> grown(p->Buffer(width_m / 2, 8));
                if (auto grown_parts = grown ? polygonal_parts(*grown) : nullptr)
                    for (const auto* g : *grown_parts) dilated_parts.addGeometry(g);
            }
    std::unique_ptr<OGRGeometry> dilated(dilated_parts.IsEmpty() ? nullptr : dilated_parts.UnionCascaded());
    auto components = dilated ? polygonal_parts(*dilated) : nullptr;
    if (!components) return out;
    const double touch = std::max(0.01, width_m * 0.01);
    std::vector<size_t> candidates;
    for (const auto* component : *components) {
        OGREnvelope e;
        component->getEnvelope(&e);
        index.query(e, candidates);
        if (candidates.size() < 2) continue;  // one zone alone: its notches are not gaps between zones
        std::vector<const OGRGeometry*> members;
        for (size_t i : candidates) members.push_back(zones[i].geometry.get());
        auto u = union_of(members);
        std::unique_ptr<OGRGeometry> closed(component->Buffer(-width_m / 2, 8));
        if (!u || !closed) continue;
        std::unique_ptr<OGRGeometry> gaps(closed->Difference(u.get()));
        auto pieces = gaps ? polygonal_parts(*gaps) : nullptr;
        if (!pieces) continue;
        for (const auto* piece : *pieces) {
            const double area = piece->get_Area();
            if (area < min_area_m2) continue;
            std::unique_ptr<OGRGeometry> grown(piece->Buffer(touch, 4));
            OGREnvelope pe;
            grown->getEnvelope(&pe);
            std::vector<size_t> near;
            index.query(pe, near);
            std::vector<std::string> touching;
            for (size_t i : near)
                if (grown->Intersects(zones[i].geometry.get())) touching.push_back(zones[i].zone_id);
            if (touching.size() < 2) continue;  // a notch in one zone, not a gap between zones
            std::string ids;
            for (const auto& t : touching) ids += (ids.empty() ? "" : "|") + t;
            out.push_back({"QA-ZONE-GAP", Severity::warning, "zones", ids, area, width_m, "m2",
                           fmt::format("区块 {} 之间有窄于 {} m 的缝隙，面积 {:.2f} m²，位于 {}", ids, width_m, area,
                                       where_text(*piece)),
                           fmt::format("gap narrower than {} m between zones {}: {:.2f} m² around {}", width_m, ids,
                                       area, where_text(*piece)),
                           kQaSource, std::shared_ptr<OGRGeometry>(piece->clone())});
        }
    }
    return out;
}

std::vector<Finding> find_slivers(const std::vector<ZoneRecord>& zones, double width_m) {
    std::vector<Finding> out;
    for (const auto& z : zones) {
        auto parts = polygonal_parts(*z.geometry);
        if (!parts) continue;
        for (const auto* p : *parts) {
            const double area = p->get_Area();
            double perimeter = 0;
            for (const auto* ring : *p) perimeter += ring->get_Length();
            const double mean_width = perimeter > 0 ? 2.0 * area / perimeter : 0.0;
            if (mean_width >= width_m) continue;
            out.push_back({"QA-ZONE-SLIVER", Severity::warning, "zones", z.zone_id, mean_width, width_m, "m",
                           fmt::format("{} 有一个平均宽度仅 {:.2f} m 的碎片（{:.2f} m²），位于 {}", z.name, mean_width,
                                       area, where_text(*p)),
                           fmt::format("{} has a sliver part {:.2f} m wide on average ({:.2f} m²) around {}", z.zone_id,
                                       mean_width, area, where_text(*p)),
                           kQaSource, std::shared_ptr<OGRGeometry>(p->clone())});
        }
    }
    return out;
}

std::vector<Finding> list_holes(const std::vector<ZoneRecord>& zones) {
    std::vector<Finding> out;
    for (const auto& z : zones) {
        auto parts = polygonal_parts(*z.geometry);
        if (!parts) continue;
        for (const auto* p : *parts)
            for (int i = 0; i < p->getNumInteriorRings(); ++i) {
                OGRPolygon hole;
                hole.addRingDirectly(p->getInteriorRing(i)->clone());
                const double area = hole.get_Area();
                out.push_back({"QA-ZONE-HOLE", Severity::info, "zones", z.zone_id, area, {}, "m2",
                               fmt::format("{} 内含一处不属于区块的空洞，面积 {:.2f} m²（{:.4f} 公顷）", z.name, area,
                                           units::ha(area)),
                               fmt::format("{} has a hole (excluded land) of {:.2f} m² ({:.4f} ha)", z.zone_id, area,
                                           units::ha(area)),
                               kQaSource, std::shared_ptr<OGRGeometry>(hole.clone())});
            }
    }
    return out;
}

std::string constraint_kind_zh(const std::string& kind) {
    static const std::map<std::string, std::string> names = {
        {"basic_farmland", "永久基本农田"}, {"eco_redline", "生态保护红线"}, {"urban_dev_boundary", "城镇开发边界"}};
    const auto it = names.find(kind);
    return it == names.end() ? kind : it->second;
}

std::vector<Finding> check_constraints(std::vector<ZoneRecord>& zones, const std::vector<const Layer*>& constraints,
                                       double min_area_m2) {
    std::map<std::string, std::vector<const OGRGeometry*>> by_kind;
    for (const auto* layer : constraints)
        for (const auto& f : layer->features) {
            std::string kind = layer->constraint_kind.empty() ? f.text("kind").value_or("other") : layer->constraint_kind;
            by_kind[kind].push_back(f.geometry.get());
        }
    std::vector<Finding> out;
    struct KindInfo {
        const char* kind;
        const char* en;
        Severity severity;
    };
    static const KindInfo inside_kinds[] = {
        {"basic_farmland", "permanent basic farmland", Severity::error},
        {"eco_redline", "ecological protection red line", Severity::error},
    };
    for (const auto& k : inside_kinds) {
        auto it = by_kind.find(k.kind);
        if (it == by_kind.end()) continue;
        auto u = union_of(it->second);
        for (auto& z : zones) {
            double area = 0;
            std::unique_ptr<OGRGeometry> inter;
            if (u && z.geometry->Intersects(u.get())) {
                inter.reset(z.geometry->Intersection(u.get()));
                if (inter) area = polygonal_area(*inter);
            }
            if (std::string(k.kind) == "basic_farmland")
                z.basic_farmland_m2 = area;
            else
                z.eco_redline_m2 = area;
            if (area < min_area_m2) continue;
            out.push_back({std::string("QA-CONSTRAINT-") + (k.kind[0] == 'b' ? "FARMLAND" : "ECO"), k.severity, "zones",
                           z.zone_id, area, 0.0, "m2",
                           fmt::format("{} 占用{} {:.2f} m²（{:.4f} 公顷，{:.2f} 亩）", z.name, constraint_kind_zh(k.kind), area,
                                       units::ha(area), units::mu(area)),
                           fmt::format("{} overlaps {} by {:.2f} m² ({:.4f} ha)", z.zone_id, k.en, area, units::ha(area)),
                           "parkgis QA (constraint layer overlay)",
                           inter ? std::shared_ptr<OGRGeometry>(polygonal_parts(*inter).release()) : nullptr});
        }
    }
    if (auto it = by_kind.find("urban_dev_boundary"); it != by_kind.end()) {
        auto u = union_of(it->second);
        for (auto& z : zones) {
            std::unique_ptr<OGRGeometry> outside(u ? z.geometry->Difference(u.get()) : z.geometry->clone());
            auto poly = outside ? polygonal_parts(*outside) : nullptr;
            const double area = poly ? polygonal_area(*poly) : 0.0;
            z.outside_udb_m2 = area;
            if (area < min_area_m2) continue;
            out.push_back({"QA-CONSTRAINT-OUTSIDE-UDB", Severity::warning, "zones", z.zone_id, area, 0.0, "m2",
                           fmt::format("{} 有 {:.2f} m²（{:.4f} 公顷）位于城镇开发边界之外", z.name, area, units::ha(area)),
                           fmt::format("{} has {:.2f} m² ({:.4f} ha) outside the urban development boundary", z.zone_id,
                                       area, units::ha(area)),
                           "parkgis QA (constraint layer overlay)", std::shared_ptr<OGRGeometry>(poly.release())});
        }
    }
    return out;
}

std::vector<AreaSummaryRow> summarise_areas(const std::vector<ZoneRecord>& zones, const OGRSpatialReference& working_crs) {
    std::vector<AreaSummaryRow> rows;
    for (const auto& z : zones) {
        AreaSummaryRow r;
        r.scope = ScopeLevel::zone;
        r.id = z.zone_id;
        r.name = z.name;
        r.kind = z.kind;
        r.declared_area_km2 = z.declared_area_km2;
        r.area = z.area;
        r.zone_count = 1;
        rows.push_back(r);
    }
    auto group_row = [&](ScopeLevel scope, const Label& of, auto&& member) {
        AreaSummaryRow r;
        r.scope = scope;
        r.id = std::string(of.id);
        r.name = std::string(of.zh);
        r.kind = scope == ScopeLevel::kind ? std::string(of.id) : "";
        std::vector<const OGRGeometry*> geoms;
        bool all_declared = true;
        double declared = 0;
        for (const auto& z : zones) {
            if (!member(z)) continue;
            geoms.push_back(z.geometry.get());
            ++r.zone_count;
            if (z.declared_area_km2)
                declared += *z.declared_area_km2;
            else
                all_declared = false;
        }
        if (r.zone_count == 0) return;
        if (all_declared) r.declared_area_km2 = declared;
        // The union, so that overlapping zones are not counted twice.
        auto u = union_of(geoms);
        r.area.planar_m2 = planar_area_m2(*u, working_crs);
        r.area.ellipsoidal_m2 = ellipsoidal_area_m2(*u, working_crs);
        rows.push_back(r);
    };
    for (const ZoneGroup group : {ZoneGroup::core, ZoneGroup::expansion})
        group_row(ScopeLevel::kind, label(group), [group](const ZoneRecord& z) { return z.group == group; });
    group_row(ScopeLevel::total, whole_application(), [](const ZoneRecord&) { return true; });
    return rows;
}

}  // namespace parkgis
