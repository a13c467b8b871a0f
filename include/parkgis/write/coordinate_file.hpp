#pragma once
// The boundary-coordinate text file in the land-authority (国土部报批) format, domain-spec §1.7.
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"

namespace parkgis {

struct CoordinateFile {
    std::string bytes;              // in the file's encoding
    std::vector<Finding> findings;  // per zone: a name or id changed to fit the format, characters a GBK reader lacks
};

// [属性描述] header, then one [地块坐标] block per zone: a header line (point count, area in 公顷, id, name,
// 面, …, @) and `J<n>,<圈号>,<X>,<Y>` rows, each ring closed by repeating its first point. X = northing,
// Y = zone-prefixed easting, two decimals. A zone's id and name cannot add fields or records: commas,
// line breaks and invisible characters are replaced (detail::coordinate_file_field), with a finding.
// encoding "GBK" is written as GB18030, GBK's superset, so that no character is lost; a character
// outside GBK is reported per zone (a GBK-only reader shows it wrongly). "UTF-8" is written as is.
CoordinateFile make_coordinate_file(const Dataset& dataset, const std::string& date, const std::string& encoding);

}  // namespace parkgis
