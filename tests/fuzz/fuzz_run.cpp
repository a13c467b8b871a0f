// The whole pipeline (read, normalize, check, measure, judge) on a small project whose attribute strings
// and numbers come from the fuzzer: two zones, two parcels, two buildings, an enterprise and zone
// statistics, written as GeoJSON and CSV files the way a planner's export would hold them. Then the
// coordinate file and the text sinks are made from the result, and their promises checked: a zone's block
// header keeps its nine fields, escaped XML holds no character XML forbids, a CSV field never starts a
// formula. Any crash, sanitizer report, broken promise or exception other than parkgis::Error is a finding.
//
// Input: lines. 1–4 zone ids and names, 5–8 parcel ids and land-use codes, 9–12 numbers (investment,
// floors, employees, resident population), 13 an enterprise name; missing lines are empty.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/escape.hpp"
#include "fuzz_target.hpp"
#include "parkgis/pipeline.hpp"
#include "parkgis/project.hpp"
#include "parkgis/write/coordinate_file.hpp"

namespace fs = std::filesystem;

namespace {

// A JSON string with the bytes as they came (invalid UTF-8 included): only what JSON itself needs escaped.
std::string json_text(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

// A number token when the text is one JSON can hold, else the text as a string (a "number" in a text cell).
std::string json_number(const std::string& s) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (!s.empty() && end && *end == '\0' && std::isfinite(v) && s.find_first_not_of("0123456789+-.eE") == std::string::npos)
        return s;
    return json_text(s);
}

std::string square(double x, double y, double side) {
    return "[[[" + std::to_string(x) + "," + std::to_string(y) + "],[" + std::to_string(x + side) + "," +
           std::to_string(y) + "],[" + std::to_string(x + side) + "," + std::to_string(y + side) + "],[" +
           std::to_string(x) + "," + std::to_string(y + side) + "],[" + std::to_string(x) + "," + std::to_string(y) +
           "]]]";
}

std::string feature(const std::string& properties, const std::string& rings) {
    return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":{"type":"Polygon","coordinates":)" +
           rings + "}}";
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

[[noreturn]] void broken(const char* promise) {
    std::fprintf(stderr, "fuzz_run: broken promise: %s\n", promise);
    std::abort();
}

// One thread per fuzzing process: scripts/fuzz runs a process per core, and the pipeline's worker threads
// made and joined every execution (under ASan each with its own mapped stack) cost a tenth of the time.
[[maybe_unused]] const int one_thread_per_process = ::setenv("PARKGIS_THREADS", "1", /*overwrite=*/0);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> v;
    std::string line;
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') {
            v.push_back(line);
            line.clear();
        } else {
            line += static_cast<char>(data[i]);
        }
    }
    v.push_back(line);
    v.resize(std::max<size_t>(v.size(), 13));
    // One folder per process for the inputs, rewritten every execution and removed at exit.
    static const struct Folder {
        fs::path path = fs::temp_directory_path() / ("parkgis-fuzz-run-" + std::to_string(::getpid()));
        Folder() { fs::create_directories(path); }
        ~Folder() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } folder;
    const fs::path& dir = folder.path;
    const std::string crs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4545"}},)";
    write(dir / "zones.geojson",
          R"({"type":"FeatureCollection",)" + crs + R"("features":[)" +
              feature(R"("zone_id":)" + json_text(v[0]) + R"(,"name":)" + json_text(v[1]) + R"(,"kind":"core")",
                      square(393000, 3205000, 1000)) +
              "," +
              feature(R"("zone_id":)" + json_text(v[2]) + R"(,"name":)" + json_text(v[3]) + R"(,"kind":"expansion")",
                      square(395000, 3205000, 500)) +
              "]}");
    write(dir / "parcels.geojson",
          R"({"type":"FeatureCollection",)" + crs + R"("features":[)" +
              feature(R"("parcel_id":)" + json_text(v[4]) + R"(,"landuse":)" + json_text(v[5]) + R"(,"invest":)" +
                          json_number(v[8]),
                      square(393100, 3205100, 200)) +
              "," +
              feature(R"("parcel_id":)" + json_text(v[6]) + R"(,"landuse":)" + json_text(v[7]) + R"(,"invest":1000)",
                      square(395100, 3205100, 200)) +
              "]}");
    write(dir / "buildings.geojson",
          R"({"type":"FeatureCollection",)" + crs + R"("features":[)" +
              feature(R"("building_id":"B1","floors":)" + json_number(v[9]) + R"(,"use":"r")",
                      square(393150, 3205150, 50)) +
              "," + feature(R"("building_id":"B2","floors":3,"use":"industrial")", square(395150, 3205150, 60)) + "]}");
    write(dir / "enterprises.geojson",
          R"({"type":"FeatureCollection",)" + crs + R"("features":[{"type":"Feature","properties":{"name":)" +
              json_text(v[12]) + R"(,"employees":)" + json_number(v[10]) +
              R"(},"geometry":{"type":"Point","coordinates":[393200,3205200]}}]})");
    write(dir / "zone_stats.csv", "zone_id,resident_population\n\"" + v[0] + "\"," + v[11] + "\n");
    const std::string project_text =
        "name: f\n"
        "inputs:\n"
        "  zones: {path: zones.geojson}\n"
        "  parcels: {path: parcels.geojson, fields: {invest_10k_cny: invest}}\n"
        "  buildings: {path: buildings.geojson}\n"
        "  enterprises: {path: enterprises.geojson}\n"
        "  zone_stats: {path: zone_stats.csv}\n";
    try {
        // The project never changes, only its inputs: its stages are prepared once (the rule sets, tables and
        // evaluation loaded once), and each execution reads the inputs afresh. Preparing every time held the
        // target to 25 executions a second under ASan.
        static const parkgis::Project project = parkgis::parse_project(project_text, (dir / "project.yaml").string());
        static parkgis::Pipeline pipeline = [] {
            parkgis::RunOptions options;
            options.stages = parkgis::job::evaluate;  // read … judge; nothing written
            return parkgis::Pipeline(project, options);
        }();
        const parkgis::Dataset d = pipeline.run();
        size_t parts = 0;  // a record per part of each zone
        for (const auto& z : d.zones) {
            int most = 0;
            for (const auto& p : d.boundary_points)
                if (p.zone_id == z.zone_id) most = std::max(most, p.part);
            parts += static_cast<size_t>(most);
        }
        for (const char* encoding : {"GBK", "UTF-8"}) {
            parkgis::CoordinateFileSettings settings;
            settings.encoding = encoding;
            settings.producer = d.zones.empty() ? "" : d.zones[0].name;  // hostile text in the header too
            if (std::string(encoding) == "UTF-8") settings.numbering = "zone_id";  // hostile ids as 地块编号
            const auto file = parkgis::make_coordinate_file(d, "2026-12-01", settings);
            if (std::string(encoding) != "UTF-8") continue;
            // Every line ends in CR LF; every record header in ",@" with nine fields, one per part of a zone.
            size_t headers = 0;
            std::string row;
            for (char c : file.bytes) {
                if (c != '\n') {
                    row += c;
                    continue;
                }
                if (row.empty() || row.back() != '\r') broken("every line ends in CR LF");
                if (!row.empty()) row.pop_back();
                if (row.find('\r') != std::string::npos) broken("no CR inside a line");
                if (row.size() > 2 && row.compare(row.size() - 2, 2, ",@") == 0) {
                    ++headers;
                    if (std::count(row.begin(), row.end(), ',') != 8) broken("a block header keeps nine fields");
                }
                row.clear();
            }
            if (headers != parts) broken("one record per part of each zone");
        }
        for (const auto& z : d.zones) {
            for (const std::string& text : {z.zone_id, z.name}) {
                const std::string xml = parkgis::detail::xml_escape(text);
                for (size_t i = 0; i < xml.size();)
                    if (!parkgis::detail::allowed_in_xml(parkgis::detail::next_code_point(xml, i)))
                        broken("escaped XML holds only characters XML allows");
                if (xml.find_first_of("<>\"") != std::string::npos) broken("escaped XML holds no markup");
                if (parkgis::detail::looks_like_formula(parkgis::detail::csv_field(text)))
                    broken("a CSV field never starts a formula");
            }
        }
    } catch (const parkgis::Error& e) {
        if (std::getenv("PARKGIS_FUZZ_VERBOSE")) std::fprintf(stderr, "fuzz_run: %s\n", e.what());
    }
    return 0;
}
