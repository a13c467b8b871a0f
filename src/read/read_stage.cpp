#include "../core/text.hpp"
#include "parkgis/read/read_stage.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "parkgis/errors.hpp"
#include "parkgis/read/ogr_source.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

constexpr const char* kStage = "read";

using detail::ascii_lower;

std::string field_list(OGRFeatureDefn* defn) {
    std::string out;
    for (int i = 0; i < defn->GetFieldCount(); ++i) out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
    return out.empty() ? "(none)" : out;
}

std::string layer_list(GDALDataset* ds) {
    std::string out;
    for (int i = 0; i < ds->GetLayerCount(); ++i) out += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
    return out;
}

bool is_shapefile(const std::string& path) {
    auto ext = ascii_lower(fs::path(path).extension().string());
    return ext == ".shp" || ext == ".dbf" || ext == ".shz";
}

std::string id_field_of(const std::string& role) {
    if (role == "zones" || role == "zone_stats") return "zone_id";
    if (role == "parcels") return "parcel_id";
    if (role == "buildings") return "building_id";
    if (role == "enterprises") return "name";
    return "";
}

// Converts a source value to the canonical type; text that should be a number is an error.
FieldValue convert(OGRFeature& f, int index, CanonicalField::Type type, const std::string& encoding,
                   const std::string& where) {
    if (!f.IsFieldSetAndNotNull(index)) return std::monostate{};
    auto* fd = f.GetFieldDefnRef(index);
    const OGRFieldType st = fd->GetType();
    if (type == CanonicalField::Type::text) {
        std::string s = f.GetFieldAsString(index);
        if (!encoding.empty() && !EQUAL(encoding.c_str(), "UTF-8")) {
            char* u = CPLRecode(s.c_str(), encoding.c_str(), CPL_ENC_UTF8);
            s = u;
            CPLFree(u);
        }
        // Trailing blanks are DBF padding, never meaning.
        while (!s.empty() && s.back() == ' ') s.pop_back();
        if (s.empty()) return std::monostate{};
        return s;
    }
    double value;
    if (st == OFTInteger || st == OFTInteger64 || st == OFTReal) {
        value = f.GetFieldAsDouble(index);
    } else {
        std::string s = f.GetFieldAsString(index);
        s.erase(0, s.find_first_not_of(" \t"));
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
        if (s.empty()) return std::monostate{};
        char* end = nullptr;
        errno = 0;
        value = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0' || errno == ERANGE)
            throw InputError(kStage, fmt::format("{}: field '{}' holds '{}', which is not a number; correct the value "
                                                 "or leave it empty",
                                                 where, fd->GetNameRef(), s));
    }
    if (!std::isfinite(value))
        throw InputError(kStage, fmt::format("{}: field '{}' is not a finite number", where, fd->GetNameRef()));
    if (type == CanonicalField::Type::integer) return static_cast<long long>(std::llround(value));
    return value;
}

}  // namespace

void ReadStage::prepare(const Project& project, const RunOptions&) {
    for (const auto& in : project.inputs) {
        std::error_code ec;
        if (in.path.rfind("PG:", 0) != 0 && !fs::exists(in.path, ec))
            throw InputError(kStage, fmt::format("{}: file not found (inputs.{} at {}); check the path "
                                                 "(relative paths start at the project file's folder)",
                                                 in.path, in.role, in.yaml_location));
    }
}

Layer read_input(const InputSpec& spec) {
    std::vector<std::string> open_options;
    const bool shapefile = is_shapefile(spec.path) || fs::is_directory(spec.path);
    if (!spec.encoding.empty() && shapefile) open_options.push_back("ENCODING=" + spec.encoding);
    const bool is_csv = ascii_lower(fs::path(spec.path).extension().string()) == ".csv";
    if (is_csv) {
        if (!spec.x_field.empty()) {
            open_options.push_back("X_POSSIBLE_NAMES=" + spec.x_field);
            open_options.push_back("Y_POSSIBLE_NAMES=" + spec.y_field);
        }
        open_options.push_back("KEEP_GEOM_COLUMNS=NO");
    }
    auto ds = open_vector_source(kStage, spec.path, open_options);
    // The Shapefile driver recodes through ENCODING itself; other drivers give bytes we recode.
    const std::string recode_from = shapefile ? "" : spec.encoding;

    OGRLayer* ogr_layer = nullptr;
    if (spec.layer.empty()) {
        if (ds->GetLayerCount() > 1)
            throw InputError(kStage, fmt::format("{}: has {} layers ({}); say which one with 'layer:' under inputs.{}",
                                                 spec.path, ds->GetLayerCount(), layer_list(ds.get()), spec.role));
        ogr_layer = ds->GetLayer(0);
    } else {
        ogr_layer = ds->GetLayerByName(spec.layer.c_str());
        if (!ogr_layer)
            throw InputError(kStage, fmt::format("{}: has no layer '{}'; its layers are: {}", spec.path, spec.layer,
                                                 layer_list(ds.get())));
    }

    Layer layer;
    layer.spec = &spec;
    layer.role = spec.role;
    layer.source_path = spec.path;
    layer.source_layer = ogr_layer->GetName();
    layer.constraint_kind = spec.constraint_kind;
    layer.has_geometry = !is_table_role(spec.role) && ogr_layer->GetGeomType() != wkbNone;
    if (char** files = ds->GetFileList()) {
        for (char** f = files; *f; ++f) layer.source_files.emplace_back(*f);
        CSLDestroy(files);
    }
    const std::string where_layer = layer.describe();

    if (!is_table_role(spec.role) && !layer.has_geometry)
        throw InputError(kStage, fmt::format("{}: has no geometry, but the {} role needs {}; for a CSV give x_field and "
                                             "y_field (or a WKT column)",
                                             where_layer, spec.role, spec.role == "enterprises" || spec.role == "population"
                                                                          ? "points or polygons"
                                                                          : "polygons"));

    // CRS: the project's `crs:` wins; otherwise the source's.
    if (!spec.crs.empty()) {
        if (layer.source_crs.SetFromUserInput(spec.crs.c_str()) != OGRERR_NONE)
            throw CrsError(kStage, fmt::format("{}: 'crs: {}' is not a CRS PROJ knows; use e.g. EPSG:4490 or EPSG:4545",
                                               spec.yaml_location, spec.crs));
    } else if (const OGRSpatialReference* srs = ogr_layer->GetSpatialRef()) {
        layer.source_crs = *srs;
    } else if (layer.has_geometry) {
        throw CrsError(kStage, fmt::format("{}: the layer has no CRS; add `crs: EPSG:<code>` under inputs.{} in the "
                                           "project file (EPSG:4490 for CGCS2000 longitude/latitude, 4534–4554 for "
                                           "CGCS2000 3-degree Gauss-Krüger), or give the Shapefile its .prj",
                                           where_layer, spec.role));
    }
    layer.source_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    // Field mapping: canonical name -> source index.
    OGRFeatureDefn* defn = ogr_layer->GetLayerDefn();
    struct Mapped {
        std::string canonical;
        CanonicalField::Type type;
        int index;
    };
    std::vector<Mapped> mapped;
    if (spec.role == "zone_stats") {
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            std::string src = defn->GetFieldDefn(i)->GetNameRef();
            std::string canonical = src;
            for (const auto& [c, s] : spec.fields)
                if (s == src) canonical = c;
            mapped.push_back({canonical, canonical == "zone_id" ? CanonicalField::Type::text : CanonicalField::Type::real, i});
        }
    }
    for (const auto& cf : canonical_fields(spec.role)) {
        if (spec.role == "zone_stats") break;
        int index = -1;
        auto it = spec.fields.find(cf.name);
        if (it != spec.fields.end()) {
            index = defn->GetFieldIndex(it->second.c_str());
            if (index < 0)
                throw InputError(kStage, fmt::format("{}: the project maps {} to field '{}', which does not exist; the "
                                                     "fields are: {}",
                                                     where_layer, cf.name, it->second, field_list(defn)));
        } else {
            index = defn->GetFieldIndex(cf.name.c_str());  // same name, any case
        }
        if (index < 0 && cf.required && !(spec.role == "constraints"))
            throw InputError(kStage, fmt::format("{}: no field for the required '{}'; map it under inputs.{}.fields "
                                                 "(e.g. `{}: <source field>`); the fields are: {}",
                                                 where_layer, cf.name, spec.role, cf.name, field_list(defn)));
        if (index >= 0) mapped.push_back({cf.name, cf.type, index});
    }
    if (spec.role == "zone_stats" &&
        std::none_of(mapped.begin(), mapped.end(), [](const Mapped& m) { return m.canonical == "zone_id"; }))
        throw InputError(kStage, fmt::format("{}: no zone_id column; map it under inputs.zone_stats.fields; the fields "
                                             "are: {}",
                                             where_layer, field_list(defn)));

    const std::string id_field = id_field_of(spec.role);
    GdalErrorCapture capture;
    ogr_layer->ResetReading();
    for (auto& f : *ogr_layer) {
        Feature feature;
        feature.source_fid = f->GetFID();
        const std::string where = fmt::format("{}, feature {}", where_layer, feature.source_fid);
        for (const auto& m : mapped) feature.fields[m.canonical] = convert(*f, m.index, m.type, recode_from, where);
        feature.id = feature.text(id_field).value_or(fmt::format("fid {}", feature.source_fid));
        if (layer.has_geometry) {
            if (OGRGeometry* g = f->StealGeometry()) feature.geometry.reset(g);
        }
        layer.features.push_back(std::move(feature));
    }
    if (capture.failed())
        throw InputError(kStage, fmt::format("{}: reading failed after {} features ({}); the file may be truncated or "
                                             "damaged: export it again",
                                             where_layer, layer.features.size(), capture.message()));
    if (layer.features.empty())
        throw InputError(kStage, fmt::format("{}: the layer is empty; the {} role needs at least one feature", where_layer,
                                             spec.role));
    return layer;
}

void ReadStage::run(Dataset& dataset, const RunOptions& options) {
    const auto& inputs = dataset.project->inputs;
    std::map<std::string, std::string> sha256_by_file;  // one GeoPackage often serves several roles
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (options.progress) options.progress(static_cast<double>(i) / inputs.size(), "read " + inputs[i].role);
        Layer layer = read_input(inputs[i]);
        InputRecord rec;
        rec.role = layer.role;
        rec.path = layer.source_path;
        rec.layer = layer.source_layer;
        rec.feature_count = static_cast<long long>(layer.features.size());
        if (layer.has_geometry) {
            const char* auth = layer.source_crs.GetAuthorityName(nullptr);
            const char* code = layer.source_crs.GetAuthorityCode(nullptr);
            rec.source_crs = auth && code ? fmt::format("{}:{}", auth, code)
                                          : (layer.source_crs.GetName() ? layer.source_crs.GetName() : "");
        }
        for (const auto& file : layer.source_files) {
            auto [it, added] = sha256_by_file.try_emplace(file);
            if (added) it->second = sha256_file(file);
            rec.files_sha256.emplace_back(file, it->second);
        }
        dataset.inputs.push_back(std::move(rec));
        dataset.layers.push_back(std::move(layer));
    }
}

}  // namespace parkgis
