#include "../core/text.hpp"
#include "parkgis/read/read_stage.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <future>
#include <iterator>
#include <map>
#include <string_view>
#include <unordered_set>

#include "../core/parallel.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/normalize/web_map_datum.hpp"
#include "parkgis/read/coordinate_txt.hpp"
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

// The coordinate file's fields that stand for a canonical one when the project maps none.
const char* coordinate_txt_field(const std::string& role, const std::string& canonical) {
    if (canonical == "zone_id" && role == "zones") return "地块编号";
    if (canonical == "parcel_id" && role == "parcels") return "地块编号";
    if (canonical == "name") return "地块名称";
    return nullptr;
}

std::string id_field_of(const std::string& role) {
    if (role == "zones" || role == "zone_stats") return "zone_id";
    if (role == "parcels") return "parcel_id";
    if (role == "buildings") return "building_id";
    if (role == "enterprises") return "name";
    return "";
}

// Source text as canonical text: recoded to UTF-8, DBF padding (trailing blanks, never meaning) removed;
// empty text is no value.
// Text as UTF-8. Bytes that are not UTF-8 after the declared encoding are refused, naming the feature:
// copied on, they would break every XML, HTML and CSV output and be unreadable in the GeoPackage.
template <class Where>
FieldValue text_value(std::string s, const std::string& encoding, const Where& where, const char* field) {
    if (!encoding.empty() && !EQUAL(encoding.c_str(), "UTF-8")) {
        char* u = CPLRecode(s.c_str(), encoding.c_str(), CPL_ENC_UTF8);
        s = u;
        CPLFree(u);
    }
    if (!CPLIsUTF8(s.c_str(), static_cast<int>(s.size())))
        throw InputError(kStage, fmt::format("{}: field {} holds bytes that are not valid UTF-8{}; declare the "
                                             "encoding the file was saved in (`encoding: GBK` under its input) or "
                                             "correct the text",
                                             where(), field,
                                             encoding.empty() ? "" : fmt::format(" (read as {})", encoding)));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.empty()) return std::monostate{};
    return s;
}

// A number as the canonical type; where() names the feature for the message.
template <class Where>
FieldValue number_value(double value, CanonicalField::Type type, const Where& where, const char* field) {
    if (!std::isfinite(value))
        throw InputError(kStage, fmt::format("{}: field '{}' is not a finite number", where(), field));
    if (type == CanonicalField::Type::integer) return static_cast<long long>(std::llround(value));
    return value;
}

// Text that should be a number: blanks around it are ignored, anything else is an error.
template <class Where>
FieldValue number_from_text(std::string s, CanonicalField::Type type, const Where& where, const char* field) {
    s.erase(0, s.find_first_not_of(" \t"));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    if (s.empty()) return std::monostate{};
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || errno == ERANGE)
        throw InputError(kStage, fmt::format("{}: field '{}' holds '{}', which is not a number; correct the value "
                                             "or leave it empty",
                                             where(), field, s));
    return number_value(value, type, where, field);
}

// Converts a source value to the canonical type; text that should be a number is an error.
FieldValue convert(OGRFeature& f, int index, CanonicalField::Type type, const std::string& encoding,
                   const std::string& where_layer) {
    auto where = [&] { return fmt::format("{}, feature {}", where_layer, f.GetFID()); };
    if (!f.IsFieldSetAndNotNull(index)) return std::monostate{};
    auto* fd = f.GetFieldDefnRef(index);
    const OGRFieldType st = fd->GetType();
    if (type == CanonicalField::Type::text) return text_value(f.GetFieldAsString(index), encoding, where, fd->GetNameRef());
    if (st == OFTInteger || st == OFTInteger64 || st == OFTReal)
        return number_value(f.GetFieldAsDouble(index), type, where, fd->GetNameRef());
    return number_from_text(f.GetFieldAsString(index), type, where, fd->GetNameRef());
}

// The DBF behind a Shapefile path (zones.shp → zones.dbf, any case), or "" when there is none.
std::string dbf_of(const std::string& path) {
    for (const char* ext : {".dbf", ".DBF", ".Dbf"}) {
        const auto dbf = fs::path(path).replace_extension(ext);
        std::error_code ec;
        if (fs::is_regular_file(dbf, ec)) return dbf.string();
    }
    return "";
}

// True when the Shapefile says nothing of its code page: no .cpg and a DBF language driver id of 0. GDAL
// would then read ISO-8859-1, which turns the GBK text Chinese GIS software writes into mojibake.
bool shapefile_code_page_unknown(const std::string& path) {
    if (!is_shapefile(path)) return false;
    for (const char* ext : {".cpg", ".CPG", ".Cpg"}) {
        std::error_code ec;
        if (fs::exists(fs::path(path).replace_extension(ext), ec)) return false;
    }
    const std::string dbf = dbf_of(path);
    if (dbf.empty()) return false;
    std::ifstream in(dbf, std::ios::binary);
    char header[32] = {};
    if (!in.read(header, sizeof header)) return false;
    return header[29] == 0;  // LDID
}

// Decides the encoding of raw DBF text: UTF-8 when every non-ASCII value is valid UTF-8, else GBK (CP936).
// Reads until the first non-ASCII value; the layer is rewound.
std::string guess_text_encoding(OGRLayer& layer) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    std::vector<int> text_fields;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (defn->GetFieldDefn(i)->GetType() == OFTString) text_fields.push_back(i);
    std::string found = "UTF-8";
    layer.ResetReading();
    for (auto& f : layer) {
        for (int i : text_fields) {
            if (!f->IsFieldSetAndNotNull(i)) continue;
            const char* s = f->GetFieldAsString(i);
            const bool ascii = std::all_of(s, s + std::strlen(s), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
            if (ascii) continue;
            found = CPLIsUTF8(s, -1) ? "UTF-8" : "CP936";
            layer.ResetReading();
            return found;
        }
    }
    layer.ResetReading();
    return found;
}

// Ids must be unique: outputs, findings and the planner's joins use them. A zone may come in several rows
// (the check stage dissolves them, DESIGN §2), but a zone's statistics may not: two rows would be two
// answers. A duplicate parcel, building or enterprise id is kept apart as "<id> (fid <n>)" with a warning;
// when that name is itself an id of the layer (or was given already), " #2", " #3" … follow, so a
// generated id never equals another feature's.
void make_ids_unique(Layer& layer, Dataset& dataset) {
    const std::string id_field = id_field_of(layer.role);
    if (id_field.empty() || layer.role == "zones") return;
    auto& features = layer.features;
    const std::size_t n = features.size();
    // Each id's hash, on all cores; 0 marks a feature without an id (it is named by its fid already).
    std::vector<std::uint64_t> hash(n);
    detail::parallel_chunks(n, 8192, detail::worker_count(), [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t i = begin; i < end; ++i) {
            const auto value = features[i].fields.find(id_field);
            if (value == features[i].fields.end() || std::holds_alternative<std::monostate>(value->second)) continue;
            hash[i] = std::hash<std::string_view>()(features[i].id) | 1;
        }
    });
    // Then, in feature order (the first holder keeps its id), an open-addressing table of feature indices
    // (profile: std::unordered_map's node per id and its cache misses were a tenth of the lean run).
    std::size_t capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    const std::size_t mask = capacity - 1;
    std::vector<std::uint32_t> slot(capacity, 0);  // feature index + 1; 0 is empty
    auto find = [&](std::uint64_t h, const std::string& id) -> std::size_t {  // the slot holding id, or an empty one
        std::size_t at = h & mask;
        for (; slot[at]; at = (at + 1) & mask) {
            const std::size_t other = slot[at] - 1;
            if (hash[other] == h && features[other].id == id) break;
        }
        return at;
    };
    constexpr std::size_t kAhead = 16;
    std::vector<std::size_t> duplicates;  // features whose id an earlier feature holds
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) __builtin_prefetch(&slot[hash[i + kAhead] & mask]);
        if (!hash[i]) continue;
        const std::size_t at = find(hash[i], features[i].id);
        if (!slot[at]) slot[at] = static_cast<std::uint32_t>(i + 1);
        else duplicates.push_back(i);
    }
    if (duplicates.empty()) return;
    std::unordered_set<std::string> generated;
    for (const std::size_t i : duplicates) {
        auto& f = features[i];
        const long long first_fid = features[slot[find(hash[i], f.id)] - 1].source_fid;
        if (layer.role == "zone_stats")
            throw InputError(kStage, fmt::format("{}: zone_id '{}' has two rows (features {} and {}); give each zone "
                                                 "one row of statistics",
                                                 layer.describe(), f.id, first_fid, f.source_fid));
        const std::string base = fmt::format("{} (fid {})", f.id, f.source_fid);
        std::string renamed = base;
        for (int k = 2;; ++k) {
            const std::uint64_t h = std::hash<std::string_view>()(renamed) | 1;
            if (!slot[find(h, renamed)] && !generated.count(renamed)) break;
            renamed = fmt::format("{} #{}", base, k);
        }
        generated.insert(renamed);
        dataset.add({"QA-ID-DUPLICATE", Severity::warning, layer.role, renamed, {}, {}, "",
                     fmt::format("{} {} 与要素 {} 重复，本要素改记为“{}”；请在源数据中修正编号", id_field, f.id,
                                 first_fid, renamed),
                     fmt::format("{} {} is also used by feature {}; this feature is reported as '{}'; give it its own "
                                 "id in the source",
                                 id_field, f.id, first_fid, renamed),
                     "parkgis QA", nullptr});
        f.id = renamed;
        f.fields[id_field] = renamed;
    }
}

// Numbers no zone can have are not used: a negative count, area, amount or population, or any value beyond
// measure.value_max_plausible, becomes "missing" with a finding naming the feature and field, so it never
// turns into a negative density or an infinite 职住比. Zone statistics may hold signed figures (growth
// rates): there only the project's population and employee columns must not be negative.
void drop_implausible_values(Layer& layer, Dataset& dataset) {
    const Project& project = *dataset.project;
    const double limit = project.measure.value_max_plausible;
    const auto max_characters = static_cast<std::size_t>(project.measure.text_max_characters);
    const std::string id_field = id_field_of(layer.role);
    const bool stats = layer.role == "zone_stats";
    auto must_be_non_negative = [&](const std::string& field) {
        if (!stats) return true;
        return field == project.evaluation.population_field || field == project.jobs_housing.stats_jobs_field;
    };
    // One finding per dropped or cut value, naming the layer, feature and field.
    auto report = [&](const Feature& f, const char* check_id, Severity severity, double actual, double threshold,
                      const char* unit, const std::string& zh, const std::string& en, const char* parameter) {
        dataset.add({check_id, severity, layer.role, f.id, actual, threshold, unit,
                     fmt::format("{}，要素 {}：{}", layer.describe(), f.source_fid, zh),
                     fmt::format("{}, feature {}: {}", layer.describe(), f.source_fid, en),
                     fmt::format("parkgis QA (layers/measure/parameters.yaml: {})", parameter), nullptr});
    };
    for (auto& f : layer.features) {
        for (auto& [field, value] : f.fields) {
            if (auto* text = std::get_if<std::string>(&value); text && max_characters > 0) {
                if (text->size() <= max_characters) continue;  // fewer bytes than the limit: fewer characters
                // The byte where character number max_characters + 1 starts, if there is one: cut there.
                std::size_t at = 0, characters = 0;
                for (; at < text->size(); ++at) {
                    if ((static_cast<unsigned char>((*text)[at]) & 0xC0) == 0x80) continue;  // inside a character
                    if (characters == max_characters) break;
                    ++characters;
                }
                if (at >= text->size()) continue;
                const std::size_t bytes = text->size();
                text->resize(at);
                if (field == id_field) f.id = *text;
                report(f, "QA-TEXT-CUT", Severity::warning, static_cast<double>(bytes), static_cast<double>(max_characters),
                       "bytes", fmt::format("字段 {} 长 {} 字节，超过 {} 个字符，已截断", field.str(), bytes, max_characters),
                       fmt::format("field {} is {} bytes long, more than {} characters; it was cut to them", field.str(),
                                   bytes, max_characters),
                       "text_max_characters");
                continue;
            }
            if (field == "floors" || limit <= 0) continue;  // floors: measure's own check (floors_max_plausible)
            double v = 0;
            if (const auto* d = std::get_if<double>(&value)) v = *d;
            else if (const auto* i = std::get_if<long long>(&value)) v = static_cast<double>(*i);
            else continue;
            const bool negative = v < 0 && must_be_non_negative(field);
            if (!negative && std::fabs(v) <= limit) continue;
            value = std::monostate{};
            const std::string why_zh = negative ? "为负数" : fmt::format("超出合理范围（绝对值 > {:g}）", limit);
            const std::string why_en = negative ? "is negative" : fmt::format("is beyond any zone (|value| > {:g})", limit);
            report(f, "QA-VALUE-IMPLAUSIBLE", Severity::error, v, limit, "",
                   fmt::format("字段 {} 的值 {:g} {}，未使用；请在源数据中改正", field.str(), v, why_zh),
                   fmt::format("{} = {:g} {}; it is not used (treated as missing): correct it in the source", field.str(), v,
                               why_en),
                   "value_max_plausible");
        }
    }
}

// A source field mapped to a canonical one.
struct Mapped {
    FieldName canonical;
    CanonicalField::Type type;
    int index;  // in the source layer's definition
};

// GDAL's columnar interface (OGRLayer::GetArrowStream, GDAL ≥ 3.6), which the GeoPackage driver serves
// straight from SQLite without building an OGRFeature per row (profile: the feature iterator was most of
// the read stage). The main thread fetches the next batch while a worker turns the previous one into
// Features. Returns false, having read nothing, when a mapped field has a type this reader does not take
// (dates, lists …): the caller then reads feature by feature. The values are exactly those of convert().
bool read_columnar(OGRLayer& layer, const std::vector<Mapped>& mapped, bool keep_geometry, const std::string& id_field,
                   const std::string& encoding, const std::string& where_layer, std::vector<Feature>& out) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    ArrowArrayStream stream;
    const char* options[] = {"INCLUDE_FID=YES", nullptr};
    layer.ResetReading();
    if (!layer.GetArrowStream(&stream, options)) return false;
    struct StreamGuard {
        ArrowArrayStream* s;
        ~StreamGuard() { if (s->release) s->release(s); }
    } stream_guard{&stream};
    ArrowSchema schema;
    if (stream.get_schema(&stream, &schema) != 0) return false;
    struct SchemaGuard {
        ArrowSchema* s;
        ~SchemaGuard() { if (s->release) s->release(s); }
    } schema_guard{&schema};
    auto child_named = [&](const char* name, const char* format) -> int {
        for (int64_t i = 0; i < schema.n_children; ++i)
            if (std::strcmp(schema.children[i]->name, name) == 0)
                return format && std::strcmp(schema.children[i]->format, format) != 0 ? -2 : static_cast<int>(i);
        return -1;
    };
    const std::string fid_name = layer.GetFIDColumn()[0] ? layer.GetFIDColumn() : "OGC_FID";
    const int fid_child = child_named(fid_name.c_str(), "l");
    const int geom_child = keep_geometry ? child_named(layer.GetGeometryColumn(), "z") : -1;
    if (fid_child < 0 || (keep_geometry && geom_child < 0)) return false;
    struct Column {
        const Mapped* field;
        int child;
        char format;       // u (UTF-8), g (float64), l (int64), i (int32)
        const char* name;  // the source field, for messages
    };
    std::vector<Column> columns;
    for (const auto& m : mapped) {
        const int c = child_named(defn->GetFieldDefn(m.index)->GetNameRef(), nullptr);
        if (c < 0) return false;
        const char* f = schema.children[c]->format;
        if (std::strlen(f) != 1 || !std::strchr("ugli", f[0])) return false;
        if (m.type == CanonicalField::Type::text && f[0] != 'u') return false;  // numbers as text: the feature path
        columns.push_back({&m, c, f[0], defn->GetFieldDefn(m.index)->GetNameRef()});
    }

    auto convert_batch = [&](ArrowArray& batch, std::vector<Feature>& features) {
        struct BatchGuard {
            ArrowArray* a;
            ~BatchGuard() { if (a->release) a->release(a); }
        } batch_guard{&batch};
        auto valid = [](const ArrowArray* a, int64_t row) {
            if (a->null_count == 0 || !a->buffers[0]) return true;
            const int64_t bit = a->offset + row;
            return (static_cast<const uint8_t*>(a->buffers[0])[bit / 8] >> (bit % 8) & 1) != 0;
        };
        auto text_at = [](const ArrowArray* a, int64_t row) {
            const auto* offsets = static_cast<const int32_t*>(a->buffers[1]) + a->offset;
            return std::string(static_cast<const char*>(a->buffers[2]) + offsets[row], offsets[row + 1] - offsets[row]);
        };
        const ArrowArray* fids = batch.children[fid_child];
        features.resize(static_cast<size_t>(batch.length));
        for (int64_t row = 0; row < batch.length; ++row) {
            Feature& feature = features[static_cast<size_t>(row)];
            feature.source_fid = static_cast<const int64_t*>(fids->buffers[1])[fids->offset + row];
            auto where = [&] { return fmt::format("{}, feature {}", where_layer, feature.source_fid); };
            feature.fields.reserve(columns.size());
            for (const auto& c : columns) {
                const ArrowArray* a = batch.children[c.child];
                const char* name = c.name;
                FieldValue v;
                if (valid(a, row)) {
                    const int64_t at = a->offset + row;
                    switch (c.format) {
                        case 'u':
                            v = c.field->type == CanonicalField::Type::text
                                    ? text_value(text_at(a, row), encoding, where, name)
                                    : number_from_text(text_at(a, row), c.field->type, where, name);
                            break;
                        case 'g': v = number_value(static_cast<const double*>(a->buffers[1])[at], c.field->type, where, name); break;
                        case 'l':
                            v = number_value(static_cast<double>(static_cast<const int64_t*>(a->buffers[1])[at]),
                                             c.field->type, where, name);
                            break;
                        default:
                            v = number_value(static_cast<double>(static_cast<const int32_t*>(a->buffers[1])[at]),
                                             c.field->type, where, name);
                    }
                }
                feature.fields.emplace(c.field->canonical, std::move(v));
            }
            if (auto id = feature.text(id_field)) feature.id = std::move(*id);
            else feature.id = fmt::format("fid {}", feature.source_fid);
            if (geom_child >= 0) {
                const ArrowArray* g = batch.children[geom_child];
                if (valid(g, row)) {
                    const auto* offsets = static_cast<const int32_t*>(g->buffers[1]) + g->offset;
                    const size_t size = static_cast<size_t>(offsets[row + 1] - offsets[row]);
                    OGRGeometry* geometry = nullptr;
                    if (size > 0 &&
                        OGRGeometryFactory::createFromWkb(static_cast<const uint8_t*>(g->buffers[2]) + offsets[row],
                                                          nullptr, &geometry, size) != OGRERR_NONE)
                        throw InputError(kStage, fmt::format("{}: its geometry cannot be read (damaged WKB); the file "
                                                             "may be damaged: export it again",
                                                             where()));
                    feature.geometry.reset(geometry);
                }
            }
        }
    };

    std::deque<std::vector<Feature>> batches;  // a deque: workers hold references to its elements
    std::deque<std::future<void>> converting;  // at most one per core in flight
    const size_t in_flight = std::max(1u, detail::worker_count());
    GdalErrorCapture capture;
    try {
        for (;;) {
            auto batch = std::make_shared<ArrowArray>();
            if (stream.get_next(&stream, batch.get()) != 0)
                throw InputError(kStage, fmt::format("{}: reading failed ({}); the file may be truncated or damaged: "
                                                     "export it again",
                                                     where_layer, capture.failed() ? capture.message() : "GDAL"));
            if (!batch->release) break;
            if (converting.size() >= in_flight) {
                converting.front().get();
                converting.pop_front();
            }
            batches.emplace_back();
            converting.push_back(std::async(std::launch::async, [&convert_batch, batch, &target = batches.back()] {
                convert_batch(*batch, target);
            }));
        }
        for (auto& c : converting) c.get();
    } catch (...) {
        for (auto& c : converting)
            if (c.valid()) c.wait();
        throw;
    }
    size_t total = 0;
    for (const auto& b : batches) total += b.size();
    out.reserve(total);
    for (auto& b : batches) std::move(b.begin(), b.end(), std::back_inserter(out));
    return true;
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

Layer read_input(const InputSpec& spec, const std::string& project_folder) {
    std::vector<std::string> open_options;
    const bool shapefile = is_shapefile(spec.path) || fs::is_directory(spec.path);
    if (!spec.encoding.empty() && shapefile) open_options.push_back("ENCODING=" + spec.encoding);
    // No encoding anywhere: read the raw bytes and decide below.
    const bool guess_encoding = spec.encoding.empty() && shapefile_code_page_unknown(spec.path);
    if (guess_encoding) open_options.push_back("ENCODING=");
    const bool is_csv = ascii_lower(fs::path(spec.path).extension().string()) == ".csv";
    if (is_csv) {
        if (!spec.x_field.empty()) {
            open_options.push_back("X_POSSIBLE_NAMES=" + spec.x_field);
            open_options.push_back("Y_POSSIBLE_NAMES=" + spec.y_field);
        }
        open_options.push_back("KEEP_GEOM_COLUMNS=NO");
    }
    // The land authority's 坐标 file is read by parkgis (read/coordinate_txt.hpp) into a layer in memory, in UTF-8.
    const bool coordinate_txt = spec.path.rfind("PG:", 0) != 0 && !is_csv && !shapefile && is_coordinate_txt(spec.path);
    auto ds = coordinate_txt ? coordinate_txt_dataset(spec.path, spec.encoding)
                             : open_vector_source(kStage, spec.path, open_options);
    // The Shapefile driver recodes through ENCODING itself; other drivers give bytes we recode.
    std::string recode_from = shapefile || coordinate_txt ? "" : spec.encoding;

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
    layer.public_path = public_path(spec.path, project_folder);
    layer.source_layer = ogr_layer->GetName();
    layer.constraint_kind = spec.constraint_kind;
    layer.has_geometry = !is_table_role(spec.role) && ogr_layer->GetGeomType() != wkbNone;
    if (coordinate_txt) {
        layer.source_files.push_back(spec.path);
    } else if (char** files = ds->GetFileList()) {
        for (char** f = files; *f; ++f) layer.source_files.emplace_back(*f);
        CSLDestroy(files);
    }
    const std::string where_layer = layer.describe();
    if (guess_encoding) {
        layer.guessed_encoding = guess_text_encoding(*ogr_layer);
        recode_from = layer.guessed_encoding;
    }

    if (!is_table_role(spec.role) && !layer.has_geometry)
        throw InputError(kStage, fmt::format("{}: has no geometry, but the {} role needs {}; for a CSV give x_field and "
                                             "y_field (or a WKT column)",
                                             where_layer, spec.role, spec.role == "enterprises" || spec.role == "population"
                                                                          ? "points or polygons"
                                                                          : "polygons"));

    // CRS: the project's `crs:` wins; otherwise the source's.
    if (const WebMapDatum web = web_map_datum_from_name(spec.crs); web != WebMapDatum::none) {
        // Web-map coordinates are WGS 84 moved by an offset the normalize stage undoes.
        layer.web_map_datum = web_map_datum_name(web);
        layer.source_crs.importFromEPSG(4326);
    } else if (!spec.crs.empty()) {
        if (layer.source_crs.SetFromUserInput(spec.crs.c_str()) != OGRERR_NONE)
            throw CrsError(kStage, fmt::format("{}: 'crs: {}' is not a CRS PROJ knows; use e.g. EPSG:4490 or EPSG:4545 (or GCJ-02 / BD-09 for web-map coordinates)",
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
            if (index < 0 && coordinate_txt)  // the coordinate file's own names
                if (const char* field = coordinate_txt_field(spec.role, cf.name)) index = defn->GetFieldIndex(field);
        }
        const bool kind_from_project = cf.name == "kind" && spec.role == "zones" && !spec.kinds.empty();
        if (index < 0 && cf.required && spec.role != "constraints" && !kind_from_project)
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
    const bool keep_geometry = layer.has_geometry;
    // Reads every feature of `source`, in file order.
    auto read_features = [&](OGRLayer& source, std::vector<Feature>& out) {
        GdalErrorCapture capture;
        source.ResetReading();
        for (auto& f : source) {
            Feature feature;
            feature.source_fid = f->GetFID();
            feature.fields.reserve(mapped.size());
            for (const auto& m : mapped)
                feature.fields.emplace(m.canonical, convert(*f, m.index, m.type, recode_from, where_layer));
            if (auto id = feature.text(id_field)) feature.id = std::move(*id);
            else feature.id = fmt::format("fid {}", feature.source_fid);
            if (keep_geometry)
                if (OGRGeometry* g = f->StealGeometry()) feature.geometry.reset(g);
            out.push_back(std::move(feature));
        }
        if (capture.failed())
            throw InputError(kStage, fmt::format("{}: reading failed after {} features ({}); the file may be truncated "
                                                 "or damaged: export it again",
                                                 where_layer, out.size(), capture.message()));
    };
    // GeoPackage layers go through the columnar reader; other formats, and layers with field types it does
    // not take, feature by feature. PARKGIS_READ_FEATURES=1 forces the latter (the test that both agree).
    const char* force_features = std::getenv("PARKGIS_READ_FEATURES");
    const bool columnar = EQUAL(ds->GetDriverName(), "GPKG") && !(force_features && *force_features == '1');
    if (!columnar ||
        !read_columnar(*ogr_layer, mapped, keep_geometry, id_field, recode_from, where_layer, layer.features))
        read_features(*ogr_layer, layer.features);
    if (layer.features.empty())
        throw InputError(kStage, fmt::format("{}: the layer is empty; the {} role needs at least one feature", where_layer,
                                             spec.role));
    if (spec.role == "zones" && !spec.kinds.empty())
        for (auto& f : layer.features) {
            const auto kind = spec.kinds.find(f.id);
            if (kind != spec.kinds.end()) f.fields["kind"] = kind->second;
            else if (!f.text("kind"))
                throw InputError(kStage, fmt::format("{}: zone {} has no kind; add `{}: core` (or expansion, cluster) under "
                                                     "inputs.zones.kinds at {}",
                                                     where_layer, f.id, f.id, spec.yaml_location));
        }
    return layer;
}

void ReadStage::run(Dataset& dataset, const RunOptions& options) {
    const auto& inputs = dataset.project->inputs;
    // Checksums run on another thread while the next inputs are read (profile: SHA-256 was 8 % of a
    // --lean run); one GeoPackage often serves several roles and is hashed once.
    std::map<std::string, std::shared_future<std::string>> sha256_by_file;
    std::vector<std::pair<size_t, std::string>> pending;  // (input record, file) still to fill in
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (options.progress) options.progress(static_cast<double>(i) / inputs.size(), "read " + inputs[i].role);
        Layer layer = read_input(inputs[i], dataset.project->folder);
        drop_implausible_values(layer, dataset);  // first: a cut id may then be a duplicate
        make_ids_unique(layer, dataset);
        InputRecord rec;
        rec.role = layer.role;
        rec.path = layer.public_path;
        rec.layer = layer.source_layer;
        rec.feature_count = static_cast<long long>(layer.features.size());
        if (layer.has_geometry) {
            const char* auth = layer.source_crs.GetAuthorityName(nullptr);
            const char* code = layer.source_crs.GetAuthorityCode(nullptr);
            rec.source_crs = auth && code ? fmt::format("{}:{}", auth, code)
                                          : (layer.source_crs.GetName() ? layer.source_crs.GetName() : "");
        }
        for (const auto& file : layer.source_files) {
            if (!sha256_by_file.count(file))
                sha256_by_file.emplace(file, std::async(std::launch::async, sha256_file, file).share());
            pending.emplace_back(dataset.inputs.size(), file);
        }
        if (layer.guessed_encoding == "CP936")
            dataset.add({"QA-ENCODING-GUESSED", Severity::warning, layer.role, "", {}, {}, "",
                         fmt::format("{} 无 .cpg 文件且未声明编码，按 GBK 读取；请在项目文件 inputs.{} 下写 encoding: GBK 确认",
                                     layer.public_path, layer.role),
                         fmt::format("{} has no .cpg and no declared encoding; its text was read as GBK (non-ASCII "
                                     "text is not valid UTF-8). Confirm with `encoding: GBK` under inputs.{}",
                                     layer.public_path, layer.role),
                         "parkgis QA", nullptr});
        dataset.inputs.push_back(std::move(rec));
        dataset.layers.push_back(std::move(layer));
    }
    for (const auto& [record, file] : pending)
        dataset.inputs[record].files_sha256.emplace_back(public_path(file, dataset.project->folder),
                                                         sha256_by_file.at(file).get());
}

}  // namespace parkgis
