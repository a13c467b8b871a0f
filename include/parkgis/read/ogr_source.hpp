#pragma once
// Opening OGR sources read-only with GDAL's own errors captured into our messages.
#include <gdal_priv.h>

#include <memory>
#include <string>
#include <vector>

namespace parkgis {

struct GdalDatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

// Collects GDAL's error messages while alive instead of letting GDAL print them.
class GdalErrorCapture {
public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;
    bool failed() const { return !m_errors.empty(); }
    std::string message() const;  // the failures, joined
    void clear() { m_errors.clear(); }

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* msg);
    std::vector<std::string> m_errors;
    std::vector<std::string>* m_previous_sink = nullptr;
};

// Opens a vector source read-only. Throws InputError (stage given) naming the path and what to do.
GdalDatasetPtr open_vector_source(const std::string& stage, const std::string& path,
                                  const std::vector<std::string>& open_options = {});

// Text report of a source for `parkgis info`: layers, CRS, fields, counts, suggested mapping.
std::string describe_source(const std::string& path);

// SHA-256 of a file as lowercase hex.
std::string sha256_file(const std::string& path);

}  // namespace parkgis
