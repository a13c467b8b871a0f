#pragma once
// The land authority's 坐标 file (界址点坐标交换格式, the format the write stage writes, docs/outputs.md) as
// an input: planners receive their zones' boundaries from the land authority in this form.
#include <array>
#include <string>
#include <vector>

#include "parkgis/read/ogr_source.hpp"

namespace parkgis {

// One 地块 record: its attributes and rings (ring 1 the outline, the others holes of it), closed.
struct CoordinateRecord {
    int line = 0;  // of its attribute line, for messages
    std::string number, name, land_use, land_class_code, sheet;
    double area_ha = 0;
    std::vector<std::vector<std::array<double, 2>>> rings;  // (east, north): x = Y of the file, y = X of the file
};

struct CoordinateTxt {
    int zone = 0;         // 带号 of the header, or from the Y prefix; 0: unknown
    int zone_width = 3;   // 几度分带: 3 or 6
    bool y_prefixed = false;  // Y carries the zone number (36380273.72) or not (380273.72)
    std::string encoding;     // UTF-8 or GB18030, as read
    std::vector<CoordinateRecord> records;
};

// True when the file starts (after a byte-order mark and blank lines) with [属性描述] or [地块坐标], in UTF-8
// or GBK: a 坐标 file, whatever its extension.
bool is_coordinate_txt(const std::string& path);

// Reads the file and its local variants: 9 attribute fields or more before the closing @ (the first nine
// as the standard names them), Y with or without the zone prefix, one 地块 or many, GBK (GB18030) or UTF-8
// (`encoding` forces one; empty: UTF-8 when the bytes are valid UTF-8). Throws InputError naming the file,
// line and what to correct: a point line that is not 点号,圈号,X,Y, a ring of fewer than three points, a
// hole (圈号 > 1) outside its record's outline, a Y whose prefix is not the header's 带号.
CoordinateTxt read_coordinate_txt(const std::string& path, const std::string& encoding = "");
// The same from the file's bytes; `path` names it in messages.
CoordinateTxt parse_coordinate_txt(const std::string& bytes, const std::string& path, const std::string& encoding = "");

// The file as an in-memory GDAL dataset: one layer 地块坐标, a multipolygon per 地块编号 (records with the
// same 地块编号 are its parts), fields 地块编号, 地块名称, 地块面积 (公顷, the records' sum), 地块用途, 地类编码,
// 图幅号, in CGCS2000 Gauss-Krüger of the 带号 (EPSG:4513–4533 with the zone prefix, 4534–4554 without;
// 6-degree zones 4491–4501 and 4502–4512). Without a 带号 or prefix the layer has no CRS (`crs:` gives it).
GdalDatasetPtr coordinate_txt_dataset(const std::string& path, const std::string& encoding = "");
GdalDatasetPtr coordinate_txt_dataset(const CoordinateTxt& txt, const std::string& path);

}  // namespace parkgis
