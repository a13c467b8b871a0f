#pragma once
#include <ogr_geometry.h>

#include <memory>
#include <string>

namespace parkgis::test {

inline std::unique_ptr<OGRGeometry> wkt(const std::string& text) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(text.c_str(), nullptr, &g);
    return std::unique_ptr<OGRGeometry>(g);
}

// An axis-aligned square (anticlockwise) in metres.
inline std::string square(double x0, double y0, double side) {
    return "POLYGON ((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x0 + side) + " " +
           std::to_string(y0) + "," + std::to_string(x0 + side) + " " + std::to_string(y0 + side) + "," +
           std::to_string(x0) + " " + std::to_string(y0 + side) + "," + std::to_string(x0) + " " + std::to_string(y0) +
           "))";
}

}  // namespace parkgis::test
