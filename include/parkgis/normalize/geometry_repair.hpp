#pragma once
// Making source geometry usable: 2D, linear, finite, valid, polygonal where the role needs it.
#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <string>

namespace parkgis {

// GEOS's reason why a geometry is invalid, or empty when it is valid.
std::string invalid_reason(const OGRGeometry& g);

// True when every coordinate is finite.
bool has_finite_coordinates(const OGRGeometry& g);

// Area of a polygon, multipolygon or collection in CRS units² (0 for points and lines).
double polygonal_area(const OGRGeometry& g);

// Keeps only the polygonal parts of g as a MultiPolygon (nullptr when there are none).
std::unique_ptr<OGRMultiPolygon> polygonal_parts(const OGRGeometry& g);

// Repairs an invalid polygonal geometry with GEOS MakeValid (structure method), keeping polygons.
std::unique_ptr<OGRGeometry> repair_polygonal(const OGRGeometry& g);

}  // namespace parkgis
