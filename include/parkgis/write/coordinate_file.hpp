#pragma once
// The boundary-coordinate text file in the land-authority (国土部报批) exchange format (docs/outputs.md).
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

struct CoordinateFile {
    std::string bytes;              // in the file's encoding
    std::vector<Finding> findings;  // per zone: a name or id changed to fit the format, characters a GBK reader lacks
};

// [属性描述] header, then one [地块坐标] record per part of each zone: a header line (point count, area in
// 公顷 of the part less its holes, 地块编号, name, 面, 图幅号, 地块用途, 地类编码, @) and `J<n>,<圈号>,<X>,<Y>`
// rows: 圈号 1 the part's outline, 2… its holes, each ring closed by repeating its first point. X = northing,
// Y = zone-prefixed easting, two decimals; lines end in CR LF. The producer, land use, class code, sheet and
// numbering are the project's (coordinate_file:); an empty producer is a finding. Text cannot add fields or
// records: commas, line breaks and invisible characters are replaced (detail::coordinate_file_field), with a
// finding. Encoding "GBK" is written as GB18030, GBK's superset, so that no character is lost; a character
// outside GBK is reported per zone (a GBK-only reader shows it wrongly). "UTF-8" is written as is.
CoordinateFile make_coordinate_file(const Dataset& dataset, const std::string& date, const CoordinateFileSettings& settings);

}  // namespace parkgis
