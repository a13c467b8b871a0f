#pragma once
// The boundary-coordinate text file in the land-authority (国土部报批) format, domain-spec §1.7.
#include <string>

#include "parkgis/dataset.hpp"

namespace parkgis {

// UTF-8 text: [属性描述] header, then one [地块坐标] block per zone: a header line (point count,
// area in 公顷, id, name, 面, …, @) and `J<n>,<圈号>,<X>,<Y>` rows, each ring closed by repeating its
// first point. X = northing, Y = zone-prefixed easting, two decimals.
std::string format_coordinate_file(const Dataset& dataset, const std::string& date);

}  // namespace parkgis
