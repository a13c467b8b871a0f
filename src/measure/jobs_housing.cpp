#include "parkgis/measure/jobs_housing.hpp"

#include <fmt/format.h>
#include <geos_c.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <boost/iterator/function_output_iterator.hpp>

#include "../core/csv_table.hpp"
#include "../core/step_clock.hpp"
#include "../core/text.hpp"
#include "coverage_index.hpp"
#include "envelope_index.hpp"
#include "geos_handle.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/measure/parcels.hpp"

namespace parkgis {

namespace {

constexpr const char* kStage = "measure";
constexpr const char* kSource = "职住平衡分析 (jobs-housing balance: Cervero 1989; Peng 1997)";
constexpr const char* kRatioSource =
    "职住比 = 就业岗位 ÷ 就业居民；分档：王录仓、常飞《基于百度热力图的银川市中心城区职住关系研究》(2019)，"
    "0.8–1.2 据 Cervero (1989, 1996)";
// Counting works block by block: a block the geometry covers adds its totals at once.
constexpr double kBlockM = 250;
// More cells than this is a mistaken cell size, not a grid (100 km × 100 km at 20 m).
constexpr size_t kMaxGridCells = 25'000'000;

using detail::GeosHandle;
using detail::GeosPtr;
using detail::CoverageIndex;

using detail::ascii_lower;
using detail::ascii_upper;

double parse_number(const std::string& cell, const std::string& path, int line, const char* column) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(cell.c_str(), &end);
    if (cell.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        throw InputError(kStage, fmt::format("{}:{}: {} '{}' is not a number", path, line, column, cell));
    return v;
}

// Area-weighted centroid of the polygons of g (holes subtracted), a point's own position, or the
// envelope centre for anything else. Computed here, not by GEOS: it runs once per building.
std::pair<double, double> centre_of(const OGRGeometry& g) {
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbPoint) {
        const auto& p = *g.toPoint();
        return {p.getX(), p.getY()};
    }
    OGREnvelope e;
    g.getEnvelope(&e);
    const double ox = e.MinX, oy = e.MinY;  // shifted origin keeps the shoelace sums exact enough
    double area = 0, mx = 0, my = 0;
    auto add_ring = [&](const OGRLinearRing* ring, bool hole) {
        double a = 0, cx = 0, cy = 0;
        const int n = ring->getNumPoints();
        for (int i = 0; i + 1 < n; ++i) {
            const double x0 = ring->getX(i) - ox, y0 = ring->getY(i) - oy;
            const double x1 = ring->getX(i + 1) - ox, y1 = ring->getY(i + 1) - oy;
            const double cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
        const double sign = ((a < 0) != hole) ? -1.0 : 1.0;  // outer rings add, holes subtract
        area += sign * a / 2;
        mx += sign * cx / 6;
        my += sign * cy / 6;
    };
    auto add_polygon = [&](const OGRPolygon& p) {
        if (p.IsEmpty()) return;
        add_ring(p.getExteriorRing(), false);
        for (int i = 0; i < p.getNumInteriorRings(); ++i) add_ring(p.getInteriorRing(i), true);
    };
    if (type == wkbPolygon) add_polygon(*g.toPolygon());
    else if (type == wkbMultiPolygon)
        for (const auto* p : *g.toMultiPolygon()) add_polygon(*p);
    if (std::abs(area) > 1e-9) return {ox + mx / area, oy + my / area};
    return {(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2};
}

// Running totals of activity points (or of other totals: a block's, added at once).
struct Totals {
    double jobs = 0, jobs_enterprise = 0, residents = 0, resident_workers = 0, households = 0;
    template <class Counts>
    void add(const Counts& c) {
        jobs += c.jobs;
        jobs_enterprise += c.jobs_enterprise;
        residents += c.residents;
        resident_workers += c.resident_workers;
        households += c.households;
    }
};

// Points sorted into square blocks, with each block's totals.
class PointBlocks {
public:
    explicit PointBlocks(const std::vector<ActivityPoint>& points) : m_points(points) {
        if (points.empty()) return;
        double min_x = points[0].x, min_y = points[0].y, max_x = min_x, max_y = min_y;
        for (const auto& p : points) {
            min_x = std::min(min_x, p.x);
            min_y = std::min(min_y, p.y);
            max_x = std::max(max_x, p.x);
            max_y = std::max(max_y, p.y);
        }
        m_ox = min_x;
        m_oy = min_y;
        m_cols = static_cast<int>((max_x - min_x) / kBlockM) + 1;
        m_rows = static_cast<int>((max_y - min_y) / kBlockM) + 1;
        const size_t blocks = static_cast<size_t>(m_cols) * m_rows;
        std::vector<size_t> block_of(points.size());
        m_start.assign(blocks + 1, 0);
        for (size_t i = 0; i < points.size(); ++i) {
            block_of[i] = index(col(points[i].x), row(points[i].y));
            ++m_start[block_of[i] + 1];
        }
        for (size_t b = 0; b < blocks; ++b) m_start[b + 1] += m_start[b];
        m_order.resize(points.size());
        std::vector<size_t> next(m_start.begin(), m_start.end() - 1);
        for (size_t i = 0; i < points.size(); ++i) m_order[next[block_of[i]]++] = i;  // stable: ascending i
        m_totals.resize(blocks);
        for (size_t b = 0; b < blocks; ++b)
            for (size_t k = m_start[b]; k < m_start[b + 1]; ++k) m_totals[b].add(points[m_order[k]]);
    }

    // Totals of the points g intersects (boundary included); `prepared` is g prepared.
    Totals count(GeosHandle& h, const GEOSGeometry* g, const GEOSPreparedGeometry* prepared) const {
        Totals t;
        if (m_points.empty() || !g) return t;
        double x0, y0, x1, y1;
        if (!GEOSGeom_getXMin_r(h.ctx(), g, &x0) || !GEOSGeom_getYMin_r(h.ctx(), g, &y0) ||
            !GEOSGeom_getXMax_r(h.ctx(), g, &x1) || !GEOSGeom_getYMax_r(h.ctx(), g, &y1))
            return t;
        const int c0 = std::max(0, col(x0)), c1 = std::min(m_cols - 1, col(x1));
        const int r0 = std::max(0, row(y0)), r1 = std::min(m_rows - 1, row(y1));
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                const size_t b = index(c, r);
                if (m_start[b] == m_start[b + 1]) continue;
                GeosPtr rect(GEOSGeom_createRectangle_r(h.ctx(), m_ox + c * kBlockM, m_oy + r * kBlockM,
                                                        m_ox + (c + 1) * kBlockM, m_oy + (r + 1) * kBlockM),
                             {h.ctx()});
                if (GEOSPreparedCovers_r(h.ctx(), prepared, rect.get()) == 1) {
                    t.add(m_totals[b]);
                    continue;
                }
                if (GEOSPreparedIntersects_r(h.ctx(), prepared, rect.get()) != 1) continue;
                for (size_t k = m_start[b]; k < m_start[b + 1]; ++k) {
                    const auto& p = m_points[m_order[k]];
                    GeosPtr pt(GEOSGeom_createPointFromXY_r(h.ctx(), p.x, p.y), {h.ctx()});
                    if (GEOSPreparedIntersects_r(h.ctx(), prepared, pt.get()) == 1) t.add(p);
                }
            }
        return t;
    }

private:
    int col(double x) const { return static_cast<int>(std::floor((x - m_ox) / kBlockM)); }
    int row(double y) const { return static_cast<int>(std::floor((y - m_oy) / kBlockM)); }
    size_t index(int c, int r) const {
        return static_cast<size_t>(std::clamp(r, 0, m_rows - 1)) * m_cols + std::clamp(c, 0, m_cols - 1);
    }

    const std::vector<ActivityPoint>& m_points;
    double m_ox = 0, m_oy = 0;
    int m_cols = 0, m_rows = 0;
    std::vector<size_t> m_start, m_order;
    std::vector<Totals> m_totals;
};

// Union of GEOS geometries (takes ownership); nullptr for none.
GeosPtr union_of(GeosHandle& h, std::vector<GEOSGeometry*> parts) {
    if (parts.empty()) return GeosPtr(nullptr, {h.ctx()});
    if (parts.size() == 1) return GeosPtr(parts[0], {h.ctx()});
    GeosPtr collection(GEOSGeom_createCollection_r(h.ctx(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                   static_cast<unsigned>(parts.size())),
                       {h.ctx()});
    return GeosPtr(GEOSUnaryUnion_r(h.ctx(), collection.get()), {h.ctx()});
}

GeosPtr scope_geometry(GeosHandle& h, const Dataset& d, const Scope& s) {
    std::vector<GEOSGeometry*> parts;
    for (size_t z : s.zones)
        if (d.zones[z].geometry)
            if (GEOSGeometry* g = h.convert(*d.zones[z].geometry)) parts.push_back(g);
    return union_of(h, std::move(parts));
}

// A GEOS geometry's envelope as a Boost box (false for an empty geometry).
bool box_of(GEOSContextHandle_t ctx, const GEOSGeometry* g, detail::EnvelopeIndex::Box& box) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (!g || GEOSisEmpty_r(ctx, g) || !GEOSGeom_getXMin_r(ctx, g, &x0) || !GEOSGeom_getYMin_r(ctx, g, &y0) ||
        !GEOSGeom_getXMax_r(ctx, g, &x1) || !GEOSGeom_getYMax_r(ctx, g, &y1))
        return false;
    box = {{x0, y0}, {x1, y1}};
    return true;
}

// Envelopes that share area (touching at an edge does not count: such parts share no area either).
bool overlap(const detail::EnvelopeIndex::Box& a, const detail::EnvelopeIndex::Box& b) {
    return a.min_corner().get<0>() < b.max_corner().get<0>() && b.min_corner().get<0>() < a.max_corner().get<0>() &&
           a.min_corner().get<1>() < b.max_corner().get<1>() && b.min_corner().get<1>() < a.max_corner().get<1>();
}

// The polygons of g, cloned, appended to out.
void add_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
    if (!g) return;
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(ctx, g)) out.push_back(GEOSGeom_clone_r(ctx, g));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) add_polygons(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
}

// The union of `parts` (taken) as polygons that share no area, without uniting them all: parts whose envelopes
// share no area with any other part's cannot overlap it and stay as they are; only each group of parts linked
// by overlapping envelopes is united. A city's parcels outside the zones are mostly apart (roads between
// them): united as one they cost seconds at a million buildings, grouped they cost their few overlaps. The
// result is a multipolygon for CoverageIndex and prepared predicates (its parts may touch along edges).
GeosPtr disjoint_cover(GeosHandle& h, std::vector<GEOSGeometry*> parts) {
    auto ctx = h.ctx();
    std::vector<detail::EnvelopeIndex::Entry> entries;
    for (size_t i = 0; i < parts.size(); ++i) {
        detail::EnvelopeIndex::Box box;
        if (box_of(ctx, parts[i], box)) entries.emplace_back(box, i);
        else if (parts[i]) GEOSGeom_destroy_r(ctx, parts[i]);  // empty
    }
    namespace bgi = boost::geometry::index;
    const bgi::rtree<detail::EnvelopeIndex::Entry, bgi::rstar<16>> tree(entries.begin(), entries.end());
    std::vector<size_t> group(parts.size());  // union-find
    for (size_t i = 0; i < group.size(); ++i) group[i] = i;
    auto root = [&](size_t i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    };
    for (const auto& entry : entries)  // (not a structured binding: clang 14 cannot capture one)
        tree.query(bgi::intersects(entry.first), boost::iterators::make_function_output_iterator([&](const auto& other) {
                       if (other.second <= entry.second || !overlap(entry.first, other.first)) return;
                       const size_t a = root(entry.second), b = root(other.second);
                       if (a != b) group[std::max(a, b)] = std::min(a, b);  // the lowest index roots: deterministic
                   }));
    std::vector<std::vector<GEOSGeometry*>> members(parts.size());
    for (const auto& [box, i] : entries) members[root(i)].push_back(parts[i]);
    std::vector<GEOSGeometry*> polygons;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (members[i].empty()) continue;
        if (members[i].size() == 1) {
            add_polygons(ctx, members[i][0], polygons);
            GEOSGeom_destroy_r(ctx, members[i][0]);
            continue;
        }
        const GeosPtr united = union_of(h, std::move(members[i]));
        add_polygons(ctx, united.get(), polygons);
    }
    if (polygons.empty()) return GeosPtr(nullptr, {ctx});
    return GeosPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                               static_cast<unsigned>(polygons.size())),
                   {ctx});
}

// What the inputs describe completely: the study area when given; otherwise the zones, the parcels
// and the population polygons (a planner maps buildings where there are parcels). Returned as polygons
// that share no area (disjoint_cover), for the coverage index.
GeosPtr covered_area(GeosHandle& h, const Dataset& d, const GEOSGeometry* zones_union, std::string& basis) {
    auto ctx = h.ctx();
    std::vector<GEOSGeometry*> parts;
    // The zones' polygons with their envelopes: a part reaching into a zone keeps only what lies outside them.
    std::vector<GEOSGeometry*> zone_polygons;
    add_polygons(ctx, zones_union, zone_polygons);
    std::vector<detail::EnvelopeIndex::Entry> zone_entries;
    for (size_t i = 0; i < zone_polygons.size(); ++i)
        if (detail::EnvelopeIndex::Box b; box_of(ctx, zone_polygons[i], b)) zone_entries.emplace_back(b, i);
    namespace bgi = boost::geometry::index;
    const bgi::rtree<detail::EnvelopeIndex::Entry, bgi::rstar<16>> zone_tree(zone_entries.begin(), zone_entries.end());
    auto add_layer = [&](const Layer& layer, const GEOSPreparedGeometry* skip_inside) {
        std::vector<size_t> near;
        for (const auto& f : layer.features) {
            if (!f.geometry) continue;
            const auto t = wkbFlatten(f.geometry->getGeometryType());
            if (t != wkbPolygon && t != wkbMultiPolygon) continue;
            GEOSGeometry* g = h.convert(*f.geometry);
            if (!g) continue;
            if (skip_inside) {
                if (GEOSPreparedCovers_r(ctx, skip_inside, g) == 1) {
                    GEOSGeom_destroy_r(ctx, g);
                    continue;
                }
                if (GEOSPreparedIntersects_r(ctx, skip_inside, g) == 1) {
                    detail::EnvelopeIndex::Box b;
                    box_of(ctx, g, b);
                    near.clear();
                    zone_tree.query(bgi::intersects(b), boost::iterators::make_function_output_iterator(
                                                            [&](const auto& e) { near.push_back(e.second); }));
                    std::sort(near.begin(), near.end());
                    for (size_t z : near) {
                        // A difference GEOS cannot compute keeps the part whole: at worst a sliver counted twice.
                        if (GEOSGeometry* outside = GEOSDifference_r(ctx, g, zone_polygons[z])) {
                            GEOSGeom_destroy_r(ctx, g);
                            g = outside;
                        }
                    }
                }
            }
            parts.push_back(g);
        }
    };
    const auto study = d.layers_of("study_area");
    if (!study.empty()) {
        for (GEOSGeometry* z : zone_polygons) GEOSGeom_destroy_r(ctx, z);
        for (const Layer* l : study) add_layer(*l, nullptr);
        basis = "inputs.study_area";
        return disjoint_cover(h, std::move(parts));
    }
    basis = "the zones, parcels and population polygons";
    const GEOSPreparedGeometry* inside = zones_union ? GEOSPrepare_r(ctx, zones_union) : nullptr;
    for (const Layer* l : d.layers_of("parcels")) add_layer(*l, inside);
    for (const Layer* l : d.layers_of("population")) add_layer(*l, inside);
    if (inside) GEOSPreparedGeom_destroy_r(ctx, inside);
    // What is left of each part lies outside the zones: the zones' polygons join the cover as they are.
    GeosPtr rest = disjoint_cover(h, std::move(parts));
    add_polygons(ctx, rest.get(), zone_polygons);
    if (zone_polygons.empty()) return GeosPtr(nullptr, {ctx});
    return GeosPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, zone_polygons.data(),
                                               static_cast<unsigned>(zone_polygons.size())),
                   {ctx});
}

// The catchment of a scope: its geometry buffered by radius. A scope of many parts is buffered part by part
// and the buffers united (cascaded union): the same Minkowski sum, but GEOS's buffer of a many-part geometry
// nodes every offset curve against every other, which is quadratic when the buffers overlap (1 000 zones
// with a 10 km catchment took over a minute).
GeosPtr catchment_of(GeosHandle& h, const GEOSGeometry* g, double radius) {
    if (radius <= 0) return GeosPtr(GEOSGeom_clone_r(h.ctx(), g), {h.ctx()});
    const int n = GEOSGetNumGeometries_r(h.ctx(), g);
    if (n <= 1) return GeosPtr(GEOSBuffer_r(h.ctx(), g, radius, 16), {h.ctx()});
    std::vector<GEOSGeometry*> parts;
    for (int i = 0; i < n; ++i)
        if (GEOSGeometry* b = GEOSBuffer_r(h.ctx(), GEOSGetGeometryN_r(h.ctx(), g, i), radius, 16)) parts.push_back(b);
    return union_of(h, std::move(parts));
}

std::unique_ptr<OGRGeometry> to_ogr(GeosHandle& h, const GEOSGeometry* g, const OGRSpatialReference* srs) {
    if (!g) return nullptr;
    std::unique_ptr<OGRGeometry> out(OGRGeometryFactory::createFromGEOS(h.ctx(), const_cast<GEOSGeometry*>(g)));
    if (out) out->assignSpatialReference(const_cast<OGRSpatialReference*>(srs));
    return out;
}

std::string people(double v) { return fmt::format("{:.0f}", v); }

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Tables

void ActivityTables::add_use(const std::string& keyword, const std::string& activity) {
    m_uses[ascii_lower(detail::trim(keyword))] = activity;
}

void ActivityTables::add_code(const std::string& system, const std::string& code, const std::string& activity) {
    m_codes[{system, ascii_upper(detail::trim(code))}] = activity;
}

void ActivityTables::add_density(EmploymentDensity d) { m_densities.push_back(std::move(d)); }

std::string ActivityTables::activity_of_use(const std::string& use) const {
    auto it = m_uses.find(ascii_lower(detail::trim(use)));
    return it == m_uses.end() ? "" : it->second;
}

std::string ActivityTables::activity_of_code(const std::string& system, const std::string& code) const {
    std::string c = ascii_upper(detail::trim(code));
    while (!c.empty()) {
        auto it = m_codes.find({system, c});
        if (it != m_codes.end()) return it->second;
        c.pop_back();
    }
    return "";
}

const EmploymentDensity* ActivityTables::density(const std::string& activity) const {
    for (const auto& d : m_densities)
        if (d.activity == activity) return &d;
    return nullptr;
}

ActivityTables ActivityTables::load(const std::string& activity_csv, const std::string& density_csv) {
    ActivityTables t;
    bool header = false;
    if (!detail::for_each_csv_row(density_csv, [&](int line, const std::vector<std::string>& cells) {
            if (!header) {
                if (cells.size() < 6 || cells[0] != "activity" || cells[1] != "m2_per_job")
                    throw InputError(kStage, fmt::format("{}:{}: expected the header activity,m2_per_job,"
                                                         "floor_area_basis,net_to_gross,source,status",
                                                         density_csv, line));
                header = true;
                return;
            }
            if (cells.size() < 6)
                throw InputError(kStage, fmt::format("{}:{}: a row needs activity, m2_per_job, floor_area_basis, "
                                                     "net_to_gross, source and status",
                                                     density_csv, line));
            EmploymentDensity d{cells[0], parse_number(cells[1], density_csv, line, "m2_per_job"),
                                parse_number(cells[3], density_csv, line, "net_to_gross"), cells[2], cells[4],
                                cells[5]};
            if (!(d.m2_per_job > 0))
                throw InputError(kStage, fmt::format("{}:{}: m2_per_job must be greater than zero", density_csv, line));
            if (!(d.net_to_gross > 0 && d.net_to_gross <= 1))
                throw InputError(kStage, fmt::format("{}:{}: net_to_gross is a share of the gross floor area, in (0, 1]",
                                                     density_csv, line));
            if (is_residential(d.activity) || holds_no_one(d.activity) || t.density(d.activity))
                throw InputError(kStage, fmt::format("{}:{}: activity '{}' is reserved or listed twice", density_csv,
                                                     line, d.activity));
            if (d.source.empty())
                throw InputError(kStage, fmt::format("{}:{}: every density needs its source", density_csv, line));
            t.add_density(std::move(d));
        }))
        throw InputError(kStage, fmt::format("{}: cannot be read (jobs_housing.density_table)", density_csv));
    header = false;
    if (!detail::for_each_csv_row(activity_csv, [&](int line, const std::vector<std::string>& cells) {
            if (!header) {
                if (cells.size() < 4 || cells[0] != "kind" || cells[2] != "key" || cells[3] != "activity")
                    throw InputError(kStage, fmt::format("{}:{}: expected the header kind,system,key,activity",
                                                         activity_csv, line));
                header = true;
                return;
            }
            if (cells.size() < 4 || cells[2].empty())
                throw InputError(kStage, fmt::format("{}:{}: a row needs kind, system, key and activity", activity_csv,
                                                     line));
            const std::string& activity = cells[3];
            if (!is_residential(activity) && !holds_no_one(activity) && !t.density(activity)) {
                std::string known = "residential, none";
                for (const auto& d : t.densities()) known += ", " + d.activity;
                throw InputError(kStage, fmt::format("{}:{}: activity '{}' has no employment density; known: {}",
                                                     activity_csv, line, activity, known));
            }
            if (cells[0] == "use") t.add_use(cells[2], activity);
            else if (cells[0] == "code") {
                if (cells[1].empty())
                    throw InputError(kStage, fmt::format("{}:{}: a code row names its system (GB50137-2011, "
                                                         "用地用海2023, 三调)",
                                                         activity_csv, line));
                t.add_code(cells[1], cells[2], activity);
            } else {
                throw InputError(kStage, fmt::format("{}:{}: kind must be use or code, not '{}'", activity_csv, line,
                                                     cells[0]));
            }
        }))
        throw InputError(kStage, fmt::format("{}: cannot be read (jobs_housing.activity_table)", activity_csv));
    return t;
}

// ---------------------------------------------------------------------------------------------------
// Bands and needs

const JobsHousingBand& band_of(double ratio, const std::vector<JobsHousingBand>& bands) {
    for (const auto& b : bands) {
        const bool above_min = !b.min || ratio >= *b.min;
        const bool below_max = !b.max || ratio < *b.max || (b.balanced && ratio <= *b.max);
        if (above_min && below_max) return b;
    }
    return bands.back();  // bands are contiguous and unbounded at both ends (checked when loaded)
}

const JobsHousingBand& balanced_band(const std::vector<JobsHousingBand>& bands) {
    for (const auto& b : bands)
        if (b.balanced) return b;
    return bands.front();
}

BalanceNeed balance_need(double jobs, double resident_workers, const JobsHousingSettings& s) {
    BalanceNeed n;
    const auto& band = balanced_band(s.bands);
    const double lo = band.min.value_or(0), hi = band.max.value_or(0);
    if (hi > 0 && jobs > hi * resident_workers) {
        n.workers = jobs / hi - resident_workers;
        n.residents = n.workers / s.employment_ratio;
        n.floor_area_m2 = n.residents * s.floor_area_per_resident_m2;
        n.dwellings = n.floor_area_m2 / s.floor_area_per_dwelling_m2;
    } else if (jobs < lo * resident_workers) {
        n.jobs = lo * resident_workers - jobs;
    }
    return n;
}

CommutingFlows commuting_flows(const Layer& commuting, const std::set<std::string>& ids) {
    CommutingFlows f;
    for (const auto& row : commuting.features) {
        const auto count = row.number("count");
        if (!count || *count <= 0) continue;
        const bool home = ids.count(row.text("home_id").value_or("")) > 0;
        const bool work = ids.count(row.text("work_id").value_or("")) > 0;
        if (home) f.from_home += *count;
        if (work) f.to_work += *count;
        if (home && work) f.local += *count;
    }
    return f;
}

// ---------------------------------------------------------------------------------------------------
// Grid

void classify_grid_cells(JobsHousingGrid& g, const JobsHousingSettings& s) {
    const size_t n = g.size();
    g.window_ratio.assign(n, std::nullopt);
    g.window_band.assign(n, -1);
    g.window_coverage_pct.assign(n, 0.0);
    g.status.assign(n, GridCellStatus::none);
    const double cell_area = g.cell_m * g.cell_m;
    auto band_index = [&](const JobsHousingBand& b) { return static_cast<int>(&b - s.bands.data()); };
    for (size_t i = 0; i < n; ++i) {
        const double jobs = g.window_jobs[i], workers = g.window_workers[i];
        if (jobs <= 0 && workers <= 0) continue;  // nobody works or lives within reach: no cell
        const double covered = i < g.window_covered_m2.size() ? g.window_covered_m2[i] : 0.0;
        g.window_coverage_pct[i] = g.window_cells[i] > 0 ? 100 * covered / (g.window_cells[i] * cell_area) : 0;
        GridCellStatus status = g.window_coverage_pct[i] < s.complete_coverage_pct ? GridCellStatus::partial
                                                                                   : GridCellStatus::ok;
        if (workers > 0) {
            g.window_ratio[i] = jobs / workers;
            g.window_band[i] = band_index(band_of(jobs / workers, s.bands));
        } else {
            status = GridCellStatus::jobs_only;  // jobs and nobody to fill them: the most jobs-leaning band
            g.window_band[i] = band_index(s.bands.back());
        }
        if (jobs <= 0) status = GridCellStatus::homes_only;
        g.status[i] = status;
    }
}

JobsHousingGrid grid_of(const std::vector<ActivityPoint>& points, double min_x, double min_y, double max_x,
                        double max_y, double cell_m, double window_radius_m, WindowShape shape) {
    JobsHousingGrid g;
    g.cell_m = cell_m;
    g.window_radius_m = window_radius_m;
    g.window_shape = shape == WindowShape::square ? "square" : "circle";
    g.origin_x = std::floor(min_x / cell_m) * cell_m;
    g.origin_y = std::floor(min_y / cell_m) * cell_m;
    g.columns = std::max(1, static_cast<int>(std::ceil((max_x - g.origin_x) / cell_m)));
    g.rows = std::max(1, static_cast<int>(std::ceil((max_y - g.origin_y) / cell_m)));
    const size_t n = g.size();
    g.jobs.assign(n, 0.0);
    g.residents.assign(n, 0.0);
    g.resident_workers.assign(n, 0.0);
    g.covered_m2.assign(n, 0.0);
    for (const auto& p : points) {
        const int c = static_cast<int>(std::floor((p.x - g.origin_x) / cell_m));
        const int r = static_cast<int>(std::floor((p.y - g.origin_y) / cell_m));
        if (c < 0 || r < 0 || c >= g.columns || r >= g.rows) continue;  // outside the requested extent
        const size_t i = static_cast<size_t>(r) * g.columns + c;
        g.jobs[i] += p.jobs;
        g.residents[i] += p.residents;
        g.resident_workers[i] += p.resident_workers;
    }
    const double radius_cells = window_radius_m / cell_m;
    g.window_jobs = window_sums(g.jobs, g.columns, g.rows, radius_cells, shape);
    g.window_workers = window_sums(g.resident_workers, g.columns, g.rows, radius_cells, shape);
    g.window_cells = window_sums(std::vector<double>(n, 1.0), g.columns, g.rows, radius_cells, shape);
    g.window_covered_m2.assign(n, 0.0);
    return g;
}

// ---------------------------------------------------------------------------------------------------
// Estimating jobs and residents

std::vector<ActivityPoint> estimate_activity(const Dataset& d, const ActivityTables& tables, JobsHousingBasis& basis,
                                             std::vector<Finding>& findings) {
    const JobsHousingSettings& s = d.project->jobs_housing;
    std::vector<ActivityPoint> points;
    const Layer* parcels = d.layer("parcels");
    const bool use_enterprises = s.jobs_source != "floor_area";
    const bool use_floor_area = s.jobs_source != "enterprises";
    const auto population = d.layers_of("population");
    basis = {};
    basis.parameters = fmt::format("{} m² floor area per resident; employment ratio {}; {} persons per household; "
                                   "dwellings of {} m²",
                                   s.floor_area_per_resident_m2, s.employment_ratio, s.persons_per_household,
                                   s.floor_area_per_dwelling_m2);

    std::vector<std::string> negative;  // counts below zero: data errors, left out and reported

    // Enterprises: employees at their location; their parcels' floor area is not estimated again.
    std::vector<char> parcel_reports_jobs(parcels ? parcels->features.size() : 0, 0);
    if (use_enterprises) {
        std::unique_ptr<detail::EnvelopeIndex> index;
        GeosHandle h;
        if (parcels)
            index = std::make_unique<detail::EnvelopeIndex>(parcels->features.size(), [&](size_t i) {
                return parcels->features[i].geometry.get();
            });
        std::vector<size_t> candidates;
        for (const Layer* layer : d.layers_of("enterprises")) {
            for (const auto& f : layer->features) {
                if (!f.geometry) continue;
                const auto employees = f.number("employees");
                if (!employees || *employees < 0) {
                    ++basis.enterprises_without_employees;
                    if (employees) negative.push_back(fmt::format("enterprises {} employees {}", f.id, *employees));
                    continue;
                }
                ++basis.enterprises_with_employees;
                ActivityPoint p;
                std::tie(p.x, p.y) = centre_of(*f.geometry);
                p.jobs = p.jobs_enterprise = *employees;
                basis.enterprise_jobs += *employees;
                points.push_back(p);
                bool on_parcel = false;
                if (index) {
                    OGREnvelope e;
                    e.MinX = e.MaxX = p.x;
                    e.MinY = e.MaxY = p.y;
                    index->query(e, candidates);
                    GeosPtr pt(GEOSGeom_createPointFromXY_r(h.ctx(), p.x, p.y), {h.ctx()});
                    for (size_t c : candidates) {
                        const auto& cached = h.cached(c, *parcels->features[c].geometry, parcels->features.size());
                        if (cached.prepared && GEOSPreparedIntersects_r(h.ctx(), cached.prepared, pt.get()) == 1) {
                            parcel_reports_jobs[c] = 1;
                            on_parcel = true;
                        }
                    }
                }
                if (!on_parcel) ++basis.enterprises_outside_parcels;
            }
        }
        if (basis.enterprises_outside_parcels > 0 && parcels)
            findings.push_back({"JH-ENTERPRISE-OFF-PARCELS", Severity::info, "enterprises", "", 
                                double(basis.enterprises_outside_parcels), {}, "enterprises",
                                fmt::format("{} 家企业不在任何地块内：其从业人员按企业位置计入就业岗位",
                                            basis.enterprises_outside_parcels),
                                fmt::format("{} enterprises lie on no parcel: their employees count as jobs at the "
                                            "enterprise's location",
                                            basis.enterprises_outside_parcels),
                                kSource, nullptr});
    }

    // Buildings: floor area by activity.
    const Layer* buildings = d.layer("buildings");
    std::map<std::string, JobsHousingBasis::Activity> by_activity;
    std::map<std::string, int> unmapped_uses;
    int unmapped_count = 0;
    if (buildings && !d.buildings.empty()) {
        const std::string& configured = d.project->measure.landuse_codes;
        for (const auto& b : d.buildings) {
            if (!(b.gfa_m2 > 0)) continue;
            const Feature& f = buildings->features[b.feature];
            if (!f.geometry) continue;
            const ParcelRecord* parcel = b.parcel < d.parcels.size() ? &d.parcels[b.parcel] : nullptr;
            std::string activity;
            const auto use = f.text("use");
            if (use) {
                activity = tables.activity_of_use(*use);
                if (activity.empty()) {
                    const std::string system = landuse_system_of(ascii_upper(*use), configured);
                    if (!system.empty()) activity = tables.activity_of_code(system, *use);
                }
            }
            if (activity.empty() && parcel) activity = tables.activity_of_code(parcel->landuse_system, parcel->landuse_code);
            if (activity.empty()) {
                basis.unmapped_floor_area_m2 += b.gfa_m2;
                ++unmapped_count;
                ++unmapped_uses[use.value_or(parcel ? "parcel " + parcel->landuse_code : "(no use, no parcel)")];
                continue;
            }
            ActivityPoint p;
            std::tie(p.x, p.y) = centre_of(*f.geometry);
            const bool job_activity = !is_residential(activity) && !holds_no_one(activity);
            if (job_activity && !use_floor_area) continue;
            if (job_activity && parcel && parcel->feature < parcel_reports_jobs.size() &&
                parcel_reports_jobs[parcel->feature]) {
                basis.floor_area_on_enterprise_parcels_m2 += b.gfa_m2;
                continue;
            }
            auto& a = by_activity[activity];  // the floor area each activity's estimate stands on
            a.activity = activity;
            a.floor_area_m2 += b.gfa_m2;
            if (is_residential(activity)) {
                if (!population.empty()) continue;  // the population layer counts the residents
                p.residents = b.gfa_m2 / s.floor_area_per_resident_m2;
            } else if (holds_no_one(activity)) {
                continue;
            } else {
                const EmploymentDensity* density = tables.density(activity);
                p.jobs = b.gfa_m2 * density->net_to_gross / density->m2_per_job;
                a.jobs += p.jobs;
            }
            p.resident_workers = p.residents * s.employment_ratio;
            p.households = p.residents / s.persons_per_household;
            points.push_back(p);
        }
    }
    for (auto& [id, a] : by_activity) {
        if (const EmploymentDensity* density = tables.density(id)) {
            a.m2_per_job = density->m2_per_job;
            a.net_to_gross = density->net_to_gross;
            a.basis = density->basis;
            a.source = density->source;
            a.status = density->status;
        } else if (is_residential(id)) {
            a.source = fmt::format("{} m² floor area per resident (七普 2020, S17)", s.floor_area_per_resident_m2);
        }
        basis.activities.push_back(a);
    }
    auto not_estimated = [&](const char* activity, double m2, const char* source) {
        if (m2 <= 0) return;
        JobsHousingBasis::Activity a;
        a.activity = activity;
        a.floor_area_m2 = m2;
        a.source = source;
        basis.not_estimated.push_back(std::move(a));
    };
    not_estimated("on_enterprise_parcels", basis.floor_area_on_enterprise_parcels_m2,
                  "not estimated: the enterprises on these parcels report their employees");
    not_estimated("unknown", basis.unmapped_floor_area_m2, "use not recognised: no jobs, no residents (see findings)");
    if (unmapped_count > 0) {
        std::string examples;
        int shown = 0;
        for (const auto& [use, n] : unmapped_uses)
            if (shown++ < 5) examples += fmt::format("{}{} ×{}", examples.empty() ? "" : ", ", use, n);
        findings.push_back({"JH-UNKNOWN-ACTIVITY", Severity::warning, "buildings", "", basis.unmapped_floor_area_m2, {},
                            "m2",
                            fmt::format("{} 栋建筑（{:.0f} m²）的用途无法识别，未计入就业或居住：{}；请在 "
                                        "jobs_housing.activity_table 中补充",
                                        unmapped_count, basis.unmapped_floor_area_m2, examples),
                            fmt::format("{} buildings ({:.0f} m²) have a use parkgis cannot place, so they hold no jobs "
                                        "and no residents: {}; add the uses to jobs_housing.activity_table",
                                        unmapped_count, basis.unmapped_floor_area_m2, examples),
                            kSource, nullptr});
    }

    // Population layer: residents (and workers, households) where given.
    for (const Layer* layer : population) {
        for (const auto& f : layer->features) {
            if (!f.geometry) continue;
            const auto residents = f.number("residents");
            if (residents && *residents < 0) negative.push_back(fmt::format("population {} residents {}", f.id, *residents));
            if (!residents || *residents < 0) continue;
            ActivityPoint p;
            std::tie(p.x, p.y) = centre_of(*f.geometry);
            p.residents = *residents;
            p.resident_workers = f.number("workers").value_or(*residents * s.employment_ratio);
            p.households = f.number("households").value_or(*residents / s.persons_per_household);
            points.push_back(p);
        }
    }

    if (const Layer* commuting = d.layer("commuting"))
        for (const auto& f : commuting->features)
            if (auto count = f.number("count"); count && *count < 0)
                negative.push_back(fmt::format("commuting {} count {}", f.id, *count));
    if (!negative.empty()) {
        std::string list;
        for (size_t i = 0; i < negative.size() && i < 5; ++i) list += (i ? "; " : "") + negative[i];
        findings.push_back({"JH-NEGATIVE-COUNT", Severity::warning, "jobs_housing", "", double(negative.size()), {}, "",
                            fmt::format("{} 条人数为负值，已忽略：{}；请更正源数据", negative.size(), list),
                            fmt::format("{} negative head counts were left out: {}; correct them in the source",
                                        negative.size(), list),
                            kSource, nullptr});
    }

    double floor_jobs = 0, floor_residents = 0;
    for (const auto& a : basis.activities) {
        floor_jobs += a.jobs;
        if (is_residential(a.activity)) floor_residents += a.floor_area_m2 / s.floor_area_per_resident_m2;
    }
    if (s.jobs_source == "enterprises") basis.jobs_source = "enterprise employees only (jobs_source: enterprises)";
    else if (s.jobs_source == "floor_area") basis.jobs_source = "floor area ÷ m² per job only (jobs_source: floor_area)";
    else
        basis.jobs_source = fmt::format("enterprise employees ({} enterprises, {} jobs) on their parcels; floor area ÷ m² "
                                        "per job elsewhere ({} jobs)",
                                        basis.enterprises_with_employees, people(basis.enterprise_jobs),
                                        people(floor_jobs));
    basis.residents_source = !population.empty()
                                 ? "the population layer (inputs.population)"
                                 : fmt::format("residential floor area ÷ {} m² per resident ({} residents)",
                                               s.floor_area_per_resident_m2, people(floor_residents));
    return points;
}

// ---------------------------------------------------------------------------------------------------
// The step

namespace {

struct IndicatorDef {
    const char* id;
    const char* name_zh;
    const char* name_en;
    const char* category;
    const char* unit;
    const char* formula;
};

const std::vector<IndicatorDef>& definitions() {
    static const std::vector<IndicatorDef> defs = {
        {"jobs", "就业岗位数", "Jobs", "account", "人", "enterprise employees + Σ floor area × net/gross ÷ m² per job"},
        {"residents", "居住人口（估算）", "Residents (estimated)", "account", "人",
         "Σ residential floor area ÷ m² per resident, or the population layer"},
        {"resident_workers", "就业居民数", "Resident workers", "account", "人", "residents × employment ratio"},
        {"households", "户数", "Households", "account", "户", "residents ÷ persons per household"},
        {"jobs_housing_ratio", "职住比", "Jobs-housing ratio", "indicator", "", "jobs ÷ resident workers"},
        {"jobs_per_household", "岗户比", "Jobs per household", "indicator", "", "jobs ÷ households"},
        {"self_containment_rate", "居住自足率", "Self-containment", "indicator", "%",
         "residents working inside ÷ employed residents (commuting table)"},
        {"job_localisation_rate", "就业本地化率", "Job self-sufficiency", "indicator", "%",
         "jobs held by residents ÷ jobs (commuting table)"},
    };
    return defs;
}

IndicatorRow indicator_row(const Scope& s, const char* id, std::optional<double> value, ValueStatus status,
                           std::string reason) {
    const auto& defs = definitions();
    const auto it = std::find_if(defs.begin(), defs.end(), [&](const auto& x) { return std::string(x.id) == id; });
    IndicatorRow r;
    r.scope = s.level;
    r.scope_id = s.id;
    r.scope_name = s.name;
    r.area_type = s.area;
    r.indicator_id = id;
    r.name_zh = it->name_zh;
    r.name_en = it->name_en;
    r.category = it->category;
    r.unit = it->unit;
    r.formula_id = std::string("jobs_housing.") + id;
    r.formula = it->formula;
    r.source = std::string(id) == "jobs_housing_ratio" ? kRatioSource
               : std::string(id) == "jobs_per_household"
                   ? "Ewing (1996) Best Development Practices: 1.3–1.7 jobs per household"
                   : kSource;
    r.value = value;
    r.status = value ? status : ValueStatus::not_available;
    r.reason = std::move(reason);
    return r;
}

// Fills the ratio, class and balance need of a row from its counts.
void classify(JobsHousingRow& row, bool have_jobs, bool have_residents, const JobsHousingSettings& s) {
    if (!have_jobs || !have_residents) {
        row.status = ValueStatus::not_available;
        row.reason = !have_jobs ? "no jobs data: give enterprises with employees or buildings with floors"
                                : "no residents data: give inputs.population or buildings with residential use";
        return;
    }
    if (row.resident_workers > 0) {
        row.ratio = row.jobs / row.resident_workers;
        const auto& band = band_of(*row.ratio, s.bands);
        row.band_id = band.id;
        row.band_zh = band.name_zh;
    } else if (row.jobs > 0) {
        const auto& band = s.bands.back();  // all jobs, no homes: the most jobs-rich class
        row.band_id = band.id;
        row.band_zh = band.name_zh;
        row.reason = "no resident workers: every job is filled from outside";
    } else {
        row.reason = "neither jobs nor residents here";
    }
    if (row.households > 0) row.jobs_per_household = row.jobs / row.households;
    const BalanceNeed need = balance_need(row.jobs, row.resident_workers, s);
    row.workers_needed = need.workers;
    row.residents_needed = need.residents;
    row.housing_floor_area_m2 = need.floor_area_m2;
    row.dwellings_needed = need.dwellings;
    row.jobs_needed = need.jobs;
}

std::string radius_label(double r) {
    return r >= 1000 && std::fmod(r, 1000) == 0 ? fmt::format("{:.0f} km", r / 1000) : fmt::format("{:.0f} m", r);
}

}  // namespace

std::vector<IndicatorDefinitionInfo> jobs_housing_indicator_definitions() {
    std::vector<IndicatorDefinitionInfo> out;
    for (const auto& d : definitions()) out.push_back({d.id, d.name_zh, d.name_en, d.unit, d.category});
    return out;
}

void compute_jobs_housing(Dataset& d, const ActivityTables& tables) {
    const JobsHousingSettings& s = d.project->jobs_housing;
    if (!s.enabled || d.zones.empty()) return;
    detail::StepClock clock(d);
    const std::vector<ActivityPoint> points = estimate_activity(d, tables, d.jh_basis, d.findings);
    clock.lap("jobs-housing.estimate");

    bool have_jobs = false, have_residents = !d.layers_of("population").empty();
    for (const auto& p : points) {
        have_jobs = have_jobs || p.jobs > 0;
        have_residents = have_residents || p.residents > 0;
    }
    if (!have_jobs || !have_residents)
        d.add({"JH-NOT-AVAILABLE", Severity::info, "zones", "", {}, {}, "",
               !have_jobs ? "没有就业数据（企业从业人员或建筑面积），职住比不可计算"
                          : "没有居住数据（居住建筑面积或人口图层 inputs.population），职住比不可计算",
               !have_jobs ? "no jobs data (enterprise employees or building floor area): 职住比 is not available"
                          : "no residents data (residential floor area or inputs.population): 职住比 is not available",
               kSource, nullptr});

    GeosHandle h;
    const auto scopes = d.scopes();
    std::vector<GeosPtr> geometries;
    for (const auto& scope : scopes) geometries.push_back(scope_geometry(h, d, scope));
    const GEOSGeometry* all_zones = geometries.back().get();  // the total scope comes last
    std::string covered_basis;
    GeosPtr covered = covered_area(h, d, all_zones, covered_basis);
    const CoverageIndex coverage(h, covered.get());
    const bool zones_covered = d.layers_of("study_area").empty();
    clock.lap("jobs-housing.covered_area");

    const PointBlocks blocks(points);
    const Layer* commuting = d.layer("commuting");
    std::vector<double> radii = {0};
    radii.insert(radii.end(), s.catchment_radii_m.begin(), s.catchment_radii_m.end());
    std::map<double, std::pair<double, double>> partial_range;  // radius → lowest, highest coverage of partial rows
    std::set<std::string> commuting_ids_matched;

    for (size_t i = 0; i < scopes.size(); ++i) {
        const Scope& scope = scopes[i];
        if (!geometries[i]) continue;
        for (double radius : radii) {
            GeosPtr area = catchment_of(h, geometries[i].get(), radius);
            if (!area) continue;
            const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h.ctx(), area.get());
            const Totals t = blocks.count(h, area.get(), prepared);
            // Without a study area the zones are part of what is covered: a scope's own area is covered whole.
            const double covered_m2 = radius == 0 && zones_covered ? h.area(area.get())
                                                                   : coverage.covered_m2(area.get(), prepared);
            GEOSPreparedGeom_destroy_r(h.ctx(), prepared);

            JobsHousingRow row;
            row.scope = scope.level;
            row.scope_id = scope.id;
            row.scope_name = scope.name;
            row.radius_m = radius;
            row.jobs = t.jobs;
            row.jobs_enterprise = t.jobs_enterprise;
            row.jobs_floor_area = t.jobs - t.jobs_enterprise;
            row.residents = t.residents;
            row.resident_workers = t.resident_workers;
            row.households = t.households;
            row.area_m2 = h.area(area.get());
            row.covered_m2 = covered_m2;
            classify(row, have_jobs, have_residents, s);
            if (row.status == ValueStatus::ok && row.coverage_pct() < s.complete_coverage_pct) {
                row.status = ValueStatus::partial;
                row.reason = fmt::format("the inputs ({}) cover {:.1f} % of this area: jobs and residents outside them "
                                         "are missing",
                                         covered_basis, row.coverage_pct());
                auto [it, added] = partial_range.try_emplace(radius, row.coverage_pct(), row.coverage_pct());
                if (!added) {
                    it->second.first = std::min(it->second.first, row.coverage_pct());
                    it->second.second = std::max(it->second.second, row.coverage_pct());
                }
            }
            if (commuting && radius == 0) {
                std::set<std::string> ids = {scope.id};
                for (size_t z : scope.zones) {
                    ids.insert(d.zones[z].zone_id);
                    if (scope.level != ScopeLevel::zone && !d.zones[z].parent_id.empty()) ids.insert(d.zones[z].parent_id);
                }
                const CommutingFlows f = commuting_flows(*commuting, ids);
                commuting_ids_matched.insert(ids.begin(), ids.end());
                row.local_workers = f.local;
                row.in_commuters = f.to_work - f.local;
                row.out_commuters = f.from_home - f.local;
                if (f.from_home > 0) row.self_containment_pct = 100 * f.local / f.from_home;
                if (f.to_work > 0) row.job_localisation_pct = 100 * f.local / f.to_work;
            }
            row.geometry = to_ogr(h, area.get(), &d.working_crs);
            d.jobs_housing.push_back(std::move(row));
        }
    }
    clock.lap("jobs-housing.scopes");
    for (const auto& [radius, range] : partial_range)
        d.add({"JH-PARTIAL-COVERAGE", Severity::info, "jobs_housing", radius_label(radius), range.first, {}, "%",
               fmt::format("{}范围内输入数据仅覆盖 {:.0f}–{:.0f}%：该范围的职住比由部分数据计算（标为 partial）",
                           radius > 0 ? radius_label(radius) + "缓冲区" : "区块", range.first, range.second),
               fmt::format("the inputs cover only {:.0f}–{:.0f} % of the {}: those ratios come from partial data "
                           "(status partial); give inputs.study_area or a population layer for the surroundings",
                           range.first, range.second, radius > 0 ? radius_label(radius) + " buffers" : "zones"),
               kSource, nullptr});

    // Commuting ids that name no zone count as outside every zone.
    if (commuting) {
        std::map<std::string, double> outside;
        for (const auto& f : commuting->features)
            for (const char* field : {"home_id", "work_id"})
                if (auto id = f.text(field); id && !commuting_ids_matched.count(*id)) outside[*id] += 1;
        if (!outside.empty()) {
            std::string list;
            for (const auto& [id, n] : outside) list += (list.empty() ? "" : ", ") + id;
            d.add({"JH-COMMUTING-OUTSIDE", Severity::info, "commuting", "", double(outside.size()), {}, "ids",
                   fmt::format("通勤表中以下编号不是区块编号，按区外计算：{}", list),
                   fmt::format("these commuting-table ids name no zone and count as outside: {}", list), kSource,
                   nullptr});
        }
    }

    // Indicator rows (inside each scope) and the cross-check against the zone statistics (once per row
    // and column: the core zone and the core total often share a row).
    std::set<std::pair<std::string, std::string>> compared;
    for (const auto& row : d.jobs_housing) {
        if (row.radius_m != 0) continue;
        const Scope* scope = nullptr;
        for (const auto& sc : scopes)
            if (sc.id == row.scope_id && sc.level == row.scope) scope = &sc;
        const bool available = row.status != ValueStatus::not_available;
        const ValueStatus base_status = row.status == ValueStatus::partial ? ValueStatus::partial : ValueStatus::ok;
        auto counted = [&](double v) { return available ? std::optional<double>(v) : std::nullopt; };
        d.indicators.push_back(indicator_row(*scope, "jobs", counted(row.jobs), base_status, row.reason));
        d.indicators.push_back(indicator_row(*scope, "residents", counted(row.residents), base_status, row.reason));
        d.indicators.push_back(
            indicator_row(*scope, "resident_workers", counted(row.resident_workers), base_status, row.reason));
        d.indicators.push_back(indicator_row(*scope, "households", counted(row.households), base_status, row.reason));
        auto ratio_row = indicator_row(*scope, "jobs_housing_ratio", row.ratio, base_status, row.reason);
        ratio_row.numerator = row.jobs;
        ratio_row.denominator = row.resident_workers;
        ratio_row.parts_unit = "人 / 人";
        if (row.ratio) ratio_row.reason = row.band_zh;
        d.indicators.push_back(std::move(ratio_row));
        auto per_household = indicator_row(*scope, "jobs_per_household", row.jobs_per_household, base_status, row.reason);
        per_household.numerator = row.jobs;
        per_household.denominator = row.households;
        per_household.parts_unit = "人 / 户";
        d.indicators.push_back(std::move(per_household));
        const std::string no_table = commuting ? "the commuting table has no flow from (or to) this scope"
                                               : "no commuting table (inputs.commuting)";
        d.indicators.push_back(indicator_row(*scope, "self_containment_rate", row.self_containment_pct, ValueStatus::ok,
                                             row.self_containment_pct ? "" : no_table));
        d.indicators.push_back(indicator_row(*scope, "job_localisation_rate", row.job_localisation_pct, ValueStatus::ok,
                                             row.job_localisation_pct ? "" : no_table));

        if (!available || s.stats_difference_report_pct <= 0) continue;
        const auto stats = d.zone_stats_row(row.scope_id);
        if (!stats.row) continue;
        auto compare = [&](const std::string& column, double estimate, const char* what_zh, const char* what_en) {
            const auto stated = stats.row->number(column);
            if (!stated || *stated <= 0 || !compared.insert({stats.row_id, column}).second) return;
            const double diff_pct = 100 * (estimate - *stated) / *stated;
            if (std::abs(diff_pct) <= s.stats_difference_report_pct) return;
            d.add({"JH-ESTIMATE-VS-STATS", Severity::warning, "zones", row.scope_id, estimate, *stated, "人",
                   fmt::format("{}：{}估算为 {:.0f} 人，统计数据（zone_stats {} 列 {}）为 {:.0f} 人，相差 {:+.0f}%；请核对参数"
                               "（人均住房面积、就业密度）或数据",
                               row.scope_name, what_zh, estimate, stats.row_id, column, *stated, diff_pct),
                   fmt::format("{}: the {} estimate is {:.0f}, the statistics (zone_stats row {}, column {}) say {:.0f} "
                               "({:+.0f} %); check the parameters (floor area per resident, employment densities) or "
                               "the data",
                               row.scope_id, what_en, estimate, stats.row_id, column, *stated, diff_pct),
                   kSource, nullptr});
        };
        compare(s.stats_jobs_field, row.jobs, "就业岗位", "jobs");
        if (d.layers_of("population").empty())
            compare(d.project->evaluation.population_field, row.residents, "居住人口", "residents");
    }

    // The grid: zones and every point, with a window's reach around them.
    if (s.grid_cell_m > 0 && all_zones) {
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(h.ctx(), all_zones, &x0);
        GEOSGeom_getYMin_r(h.ctx(), all_zones, &y0);
        GEOSGeom_getXMax_r(h.ctx(), all_zones, &x1);
        GEOSGeom_getYMax_r(h.ctx(), all_zones, &y1);
        for (const auto& p : points) {
            x0 = std::min(x0, p.x);
            y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x);
            y1 = std::max(y1, p.y);
        }
        const double margin = s.window_radius_m;
        const double cells = ((x1 - x0 + 2 * margin) / s.grid_cell_m + 1) * ((y1 - y0 + 2 * margin) / s.grid_cell_m + 1);
        if (cells > double(kMaxGridCells)) {
            d.add({"JH-GRID-TOO-LARGE", Severity::warning, "jh_grid", "", cells, double(kMaxGridCells), "cells",
                   fmt::format("职住网格需 {:.0f} 个单元，超过上限；请增大 jobs_housing.grid_cell_m", cells),
                   fmt::format("the jh_grid would need {:.0f} cells, more than {}; raise jobs_housing.grid_cell_m", cells,
                               kMaxGridCells),
                   kSource, nullptr});
        } else {
            const WindowShape shape = s.window_shape == "circle" ? WindowShape::circle : WindowShape::square;
            d.jh_grid = grid_of(points, x0 - margin, y0 - margin, x1 + margin, y1 + margin, s.grid_cell_m,
                                s.window_radius_m, shape);
            auto& g = d.jh_grid;
            if (covered) {
                // Each cell from the coverage index: cells inside the covered area count whole from its summed
                // nodes, cells on an edge clip the few polygons there (a rectangle needs no GEOS).
                for (int r = 0; r < g.rows; ++r)
                    for (int c = 0; c < g.columns; ++c)
                        g.covered_m2[static_cast<size_t>(r) * g.columns + c] =
                            coverage.covered_m2(g.origin_x + c * g.cell_m, g.origin_y + r * g.cell_m,
                                                g.origin_x + (c + 1) * g.cell_m, g.origin_y + (r + 1) * g.cell_m);
                g.window_covered_m2 = window_sums(g.covered_m2, g.columns, g.rows, g.window_radius_m / g.cell_m, shape);
            }
            classify_grid_cells(g, s);
        }
    }
    clock.lap("jobs-housing.grid");
}

}  // namespace parkgis
