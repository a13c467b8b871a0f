#pragma once
// A bulk-loaded (packed) Boost.Geometry R-tree of envelopes; read-only queries are thread-safe.
// Internal to libparkgis.
#include <ogr_geometry.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <vector>

namespace parkgis::detail {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

class EnvelopeIndex {
public:
    using Point = bg::model::point<double, 2, bg::cs::cartesian>;
    using Box = bg::model::box<Point>;
    using Entry = std::pair<Box, size_t>;

    static Box box_of(const OGREnvelope& e) { return Box(Point(e.MinX, e.MinY), Point(e.MaxX, e.MaxY)); }

    // geometries[i] may be null (skipped).
    template <class GetGeometry>
    EnvelopeIndex(size_t n, GetGeometry get) {
        std::vector<Entry> entries;
        entries.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            const OGRGeometry* g = get(i);
            if (!g || g->IsEmpty()) continue;
            OGREnvelope e;
            g->getEnvelope(&e);
            entries.emplace_back(box_of(e), i);
        }
        m_tree = Tree(entries.begin(), entries.end());  // packing constructor
    }

    // Indexes whose envelope intersects e, ascending (so results do not depend on tree layout).
    void query(const OGREnvelope& e, std::vector<size_t>& out) const {
        out.clear();
        m_tree.query(bgi::intersects(box_of(e)), boost::iterators::make_function_output_iterator([&](const Entry& v) {
                         out.push_back(v.second);
                     }));
        std::sort(out.begin(), out.end());
    }

private:
    using Tree = bgi::rtree<Entry, bgi::rstar<16>>;
    Tree m_tree;
};

}  // namespace parkgis::detail
