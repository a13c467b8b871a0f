#include "../core/text.hpp"
#include "parkgis/read/ogr_source.hpp"

#include "parkgis/read/coordinate_txt.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "parkgis/errors.hpp"
#include "parkgis/project.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {
thread_local std::vector<std::string>* t_sink = nullptr;
}

GdalErrorCapture::GdalErrorCapture() {
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, nullptr);
    m_previous_sink = t_sink;
    t_sink = &m_errors;
}

GdalErrorCapture::~GdalErrorCapture() {
    t_sink = m_previous_sink;
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorCapture::handler(CPLErr level, CPLErrorNum, const char* msg) {
    if (level >= CE_Failure && t_sink) t_sink->emplace_back(msg ? msg : "");
}

std::string GdalErrorCapture::message() const {
    std::string out;
    std::set<std::string> seen;
    for (const auto& e : m_errors)
        if (seen.insert(e).second) out += (out.empty() ? "" : "; ") + e;
    return out;
}

GdalDatasetPtr open_vector_source(const std::string& stage, const std::string& path,
                                  const std::vector<std::string>& open_options) {
    GDALAllRegister();
    const bool is_pg = path.rfind("PG:", 0) == 0;
    std::error_code ec;
    if (!is_pg && path.rfind("/vsi", 0) != 0) {
        if (!fs::exists(path, ec))
            throw InputError(stage, fmt::format("{}: file not found; check the path in the project file "
                                                "(relative paths start at the project file's folder)",
                                                path));
        if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0)
            throw InputError(stage, fmt::format("{}: the file is empty (0 bytes); export the layer again", path));
    }
    std::vector<const char*> opts;
    for (const auto& o : open_options) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    GdalErrorCapture capture;
    auto* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr, opts.data(), nullptr));
    if (!ds) {
        std::string why = capture.message();
        if (!is_pg && fs::is_directory(path, ec))
            throw InputError(stage, fmt::format("{}: is a folder with no vector layers GDAL can read; give the path "
                                                "of the file itself (e.g. the .shp or .gpkg)",
                                                path));
        if (why.find("database is locked") != std::string::npos)
            throw InputError(stage, fmt::format("{}: is locked by another program (QGIS or ArcGIS editing it, or a copy "
                                                "in progress); save or stop the edits, close the file there and run "
                                                "again",
                                                path));
        throw InputError(stage, fmt::format("{}: GDAL cannot open it as vector data{}; check that the file is complete "
                                            "(not truncated by a copy or download) and in a format GDAL reads",
                                            path, why.empty() ? "" : " (" + why + ")"));
    }
    if (ds->GetLayerCount() == 0) {
        GDALClose(ds);
        throw InputError(stage, fmt::format("{}: contains no vector layers", path));
    }
    return GdalDatasetPtr(ds);
}

std::string sha256_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) EVP_DigestUpdate(ctx, buf.data(), static_cast<size_t>(in.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

namespace {

// Source field names planners commonly use for each canonical field (pinyin initials, Chinese, English).
const std::map<std::string, std::vector<std::string>>& field_synonyms() {
    static const std::map<std::string, std::vector<std::string>> s = {
        {"zone_id", {"zone_id", "zoneid", "id", "bh", "编号", "区块编号", "zone_code", "dkbh"}},
        {"name", {"name", "zone_name", "mc", "名称", "区块名称", "dkmc"}},
        {"kind", {"kind", "zone_kind", "type", "lx", "类型", "区块类型"}},
        {"parent_id", {"parent_id", "parent", "ssbh", "所属编号"}},
        {"declared_area_km2", {"declared_area_km2", "decl_km2", "area_km2", "sbmj", "申报面积"}},
        {"parcel_id", {"parcel_id", "dkbh", "zdbh", "宗地编号", "地块编号"}},
        {"landuse", {"landuse", "ydlx", "dlbm", "yddm", "用地性质", "用地类型", "地类编码"}},
        {"industry_code", {"industry_code", "hydm", "行业代码"}},
        {"supply_status", {"supply_status", "gyzt", "供应状态"}},
        {"building_id", {"building_id", "jzbh", "建筑编号"}},
        {"floors", {"floors", "cs", "层数", "floor"}},
        {"height_m", {"height_m", "height", "gd", "高度"}},
        {"gfa_m2", {"gfa_m2", "gfa", "jzmj", "建筑面积"}},
    };
    return s;
}

using detail::ascii_lower;

}  // namespace

std::string describe_source(const std::string& path) {
    auto ds = is_coordinate_txt(path) ? coordinate_txt_dataset(path) : open_vector_source("info", path);
    std::ostringstream out;
    out << fmt::format("{} ({} driver, {} layer{})\n", path, ds->GetDriver()->GetDescription(), ds->GetLayerCount(),
                       ds->GetLayerCount() == 1 ? "" : "s");
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* layer = ds->GetLayer(i);
        auto* defn = layer->GetLayerDefn();
        out << fmt::format("\nlayer '{}'\n", layer->GetName());
        out << fmt::format("  geometry: {}\n", OGRGeometryTypeToName(layer->GetGeomType()));
        out << fmt::format("  features: {}\n", layer->GetFeatureCount());
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        if (srs) {
            const char* auth = srs->GetAuthorityName(nullptr);
            const char* code = srs->GetAuthorityCode(nullptr);
            out << fmt::format("  CRS: {}{}\n", srs->GetName() ? srs->GetName() : "(unnamed)",
                               auth && code ? fmt::format(" ({}:{})", auth, code) : "");
        } else if (layer->GetGeomType() != wkbNone) {
            out << "  CRS: none — add `crs: EPSG:<code>` for this input in the project file\n";
        }
        OGREnvelope env;
        if (layer->GetGeomType() != wkbNone && layer->GetExtent(&env, TRUE) == OGRERR_NONE)
            out << fmt::format("  extent: {:.6f}, {:.6f} – {:.6f}, {:.6f}\n", env.MinX, env.MinY, env.MaxX, env.MaxY);
        out << "  fields:\n";
        std::map<std::string, std::string> by_lower;
        for (int f = 0; f < defn->GetFieldCount(); ++f) {
            auto* fd = defn->GetFieldDefn(f);
            out << fmt::format("    {} ({})\n", fd->GetNameRef(), OGRFieldDefn::GetFieldTypeName(fd->GetType()));
            by_lower[ascii_lower(fd->GetNameRef())] = fd->GetNameRef();
        }
        // A suggested mapping: canonical fields whose usual source names appear in this layer.
        std::string mapping;
        for (const auto& [canonical, names] : field_synonyms())
            for (const auto& n : names)
                if (auto it = by_lower.find(ascii_lower(n)); it != by_lower.end()) {
                    mapping += fmt::format("      {}: {}\n", canonical, it->second);
                    break;
                }
        if (!mapping.empty()) out << "  suggested field mapping (check before use):\n    fields:\n" << mapping;
    }
    return out.str();
}

}  // namespace parkgis
