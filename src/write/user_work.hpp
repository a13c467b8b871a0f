#pragma once
// Work a planner did in a GeoPackage parkgis wrote earlier, which a new run would replace: the embedded
// QGIS project saved again from QGIS (or another project saved into the file), a layer parkgis does not
// write. Internal to libparkgis.
#include <string>
#include <vector>

namespace parkgis::detail {

// The digest parkgis records beside the project it stores (qgis_projects.metadata, "parkgis_sha256"):
// SHA-256 of the stored content, in hex.
std::string project_digest(const std::string& content);

// One line per piece of work found ("QGIS project 'wansheng' saved from QGIS (by planner, 2026-12-05T10:00)",
// "layer 'my_notes'"); empty when the file does not exist or holds only what parkgis wrote. A GeoPackage
// parkgis wrote before it recorded digests counts as its own.
std::vector<std::string> user_work_in(const std::string& geopackage);

}  // namespace parkgis::detail
