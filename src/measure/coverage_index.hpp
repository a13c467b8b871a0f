#pragma once
// How much of an area the inputs cover, without intersecting the area with the whole covered union: the
// union's disjoint polygons sit in a packed tree whose nodes carry the summed area beneath them, so a node
// lying wholly inside the query area counts at once and only the polygons on the area's edge are cut.
// A 10 km catchment over ten thousand zones costs its edge, not ten thousand intersections. Internal.
#include <geos_c.h>

#include <vector>

#include "convex_clip.hpp"
#include "geos_handle.hpp"

namespace parkgis::detail {

class CoverageIndex {
public:
    // covered: a polygonal geometry (its parts need not be disjoint for the tree, but the sums assume it:
    // pass a union). The index keeps pointers into it: it must outlive the index.
    CoverageIndex(GeosHandle& h, const GEOSGeometry* covered);
    ~CoverageIndex();
    CoverageIndex(const CoverageIndex&) = delete;
    CoverageIndex& operator=(const CoverageIndex&) = delete;

    // Area of area ∩ covered; `prepared` is area prepared.
    double covered_m2(const GEOSGeometry* area, const GEOSPreparedGeometry* prepared) const;
    // The same for an axis-aligned rectangle (grid cells).
    double covered_m2(double x0, double y0, double x1, double y1) const;

    double total_m2() const { return m_nodes.empty() ? 0 : m_nodes.back().area; }

private:
    struct Box {
        double x0, y0, x1, y1;
        bool intersects(const Box& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
        bool inside(const Box& o) const { return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1; }
    };
    struct Node {
        Box box;
        double area = 0;
        size_t first = 0, count = 0;  // children: nodes (level > 0) or parts (level 0)
        int level = 0;
    };
    struct Part {
        const GEOSGeometry* geometry;
        Box box;
        double area;
        Ring ring;  // its only ring, when it has no holes: clipped without GEOS by a convex area
    };
    template <class Covers, class Cut>
    double sum(size_t node, const Box& query, const Covers& covers, const Cut& cut) const;

    GeosHandle& m_h;
    std::vector<Part> m_parts;
    std::vector<Node> m_nodes;  // bottom-up; the root last
};

}  // namespace parkgis::detail
