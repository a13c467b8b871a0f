#pragma once
#include <string>

#include "parkgis/dataset.hpp"

namespace parkgis::cli {
std::string format_area_table(const Dataset& d);
std::string format_findings_summary(const Dataset& d);
std::string format_indicator_table(const Dataset& d);
}  // namespace parkgis::cli
