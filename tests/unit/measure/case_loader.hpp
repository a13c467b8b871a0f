#pragma once
// Builds in-memory datasets from the data-driven case files (tests/data/measure, tests/data/jobs_housing):
// layers as lists of {id, wkt, fields…}, zones as {id, kind, parent, wkt}, project sections copied as given.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../test_helpers.hpp"
#include "parkgis/check/boundary_qa.hpp"
#include "parkgis/dataset.hpp"
#include "parkgis/normalize/crs.hpp"

namespace parkgis::test {

// A layer from a list of features; a feature without wkt is a table row.
inline Layer layer_from(const YAML::Node& list, const std::string& role) {
    Layer layer;
    layer.role = role;
    layer.source_path = role + " (test case)";
    long long fid = 0;
    for (const auto& item : list) {
        Feature f;
        f.source_fid = ++fid;
        f.id = item["id"] ? item["id"].as<std::string>() : "fid " + std::to_string(fid);
        if (item["wkt"]) f.geometry = wkt(item["wkt"].as<std::string>());
        else layer.has_geometry = false;
        for (const auto& kv : item) {
            const auto key = kv.first.as<std::string>();
            if (key == "id" || key == "wkt") continue;
            try {
                f.fields[key] = kv.second.as<double>();
            } catch (const YAML::Exception&) {
                f.fields[key] = kv.second.as<std::string>();
            }
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

// A project file carrying the case's sections (bundled defaults beneath).
inline Project project_for(const YAML::Node& c, const std::string& name) {
    YAML::Node p;
    p["name"] = name;
    p["inputs"]["zones"] = "unused.shp";
    for (const char* section : {"measure", "evaluation", "jobs_housing"})
        if (c[section]) p[section] = c[section];
    YAML::Emitter out;
    out << p;
    const auto path = std::filesystem::temp_directory_path() / ("case_" + name + ".yaml");
    std::ofstream(path) << out.c_str();
    return load_project(path.string());
}

// The case's zones, measured, with the area summary (as the check stage leaves them).
inline void add_zones(Dataset& d, const YAML::Node& zones) {
    for (const auto& z : zones) {
        ZoneRecord r;
        r.zone_id = r.name = z["id"].as<std::string>();
        r.kind = z["kind"].as<std::string>();
        r.group = r.kind == "core" ? ZoneGroup::core : ZoneGroup::expansion;
        if (z["parent"]) r.parent_id = z["parent"].as<std::string>();
        r.geometry = wkt(z["wkt"].as<std::string>());
        d.zones.push_back(std::move(r));
    }
    measure_zone_areas(d.zones, d.working_crs);
    d.area_summary = summarise_areas(d.zones, d.working_crs);
}

// The case names (file stems) of a folder of .yaml cases, sorted.
inline std::vector<std::string> case_names(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace parkgis::test
