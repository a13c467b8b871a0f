#pragma once
// 四至 (东至、南至、西至、北至): what bounds a zone on each side, as the 坐标图件 of an application state it
// (seed 003, 二(一)2(1)).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

// The named features of the `neighbours` layers (roads, rivers, villages, other zones), converted and indexed
// once, so that naming the sides of many zones costs each zone its nearby neighbours, not all of them.
class Neighbours {
public:
    explicit Neighbours(const std::vector<const Layer*>& layers);
    ~Neighbours();
    Neighbours(const Neighbours&) = delete;
    Neighbours& operator=(const Neighbours&) = delete;

    struct Impl;

private:
    friend std::array<std::string, 4> four_bounds(const std::vector<const BoundaryPoint*>&, const Neighbours&, double);
    std::unique_ptr<Impl> m_impl;
};

// Per side (east, south, west, north): the zone's extreme 界址点 on that side (largest Y, smallest X,
// smallest Y, largest X; the lowest number on a tie). A reading: the side is named by the neighbour (a
// feature of `neighbours`, by its name) nearest that point within `distance_m` whose nearest point lies that
// way from it (within 45°) or touches it (the first in layer order on a tie); without one, by the point
// itself, "J7（X=3206131.63，Y=36393572.30）". `points` are the zone's, in the working CRS and Gauss-Krüger.
std::array<std::string, 4> four_bounds(const std::vector<const BoundaryPoint*>& points, const Neighbours& neighbours,
                                       double distance_m);

}  // namespace parkgis
