#pragma once
// One GEOS context per thread, with caches of converted and prepared geometries (GEOS prepared
// geometries build their indexes lazily and must not be shared between threads). Internal.
#include <geos_c.h>
#include <ogr_geometry.h>

#include <memory>
#include <vector>

namespace parkgis::detail {

class GeosHandle {
public:
    GeosHandle() : m_ctx(GEOS_init_r()) {}
    ~GeosHandle() {
        clear();
        GEOS_finish_r(m_ctx);
    }
    GeosHandle(const GeosHandle&) = delete;
    GeosHandle& operator=(const GeosHandle&) = delete;

    GEOSContextHandle_t ctx() const { return m_ctx; }

    // Owned conversion of an OGR geometry (nullptr on failure).
    GEOSGeometry* convert(const OGRGeometry& g) const { return g.exportToGEOS(m_ctx); }

    // Area of a GEOS geometry; 0 for nullptr.
    double area(const GEOSGeometry* g) const {
        double a = 0;
        if (g) GEOSArea_r(m_ctx, g, &a);
        return a;
    }

    // The cached, prepared geometry of item i of `source` (converted on first use).
    struct Cached {
        GEOSGeometry* geometry = nullptr;
        const GEOSPreparedGeometry* prepared = nullptr;
    };
    const Cached& cached(size_t i, const OGRGeometry& source, size_t capacity) {
        if (m_cache.size() < capacity) m_cache.resize(capacity);
        Cached& c = m_cache[i];
        if (!c.geometry) {
            c.geometry = convert(source);
            if (c.geometry) c.prepared = GEOSPrepare_r(m_ctx, c.geometry);
        }
        return c;
    }

    void clear() {
        for (auto& c : m_cache) {
            if (c.prepared) GEOSPreparedGeom_destroy_r(m_ctx, c.prepared);
            if (c.geometry) GEOSGeom_destroy_r(m_ctx, c.geometry);
        }
        m_cache.clear();
    }

private:
    GEOSContextHandle_t m_ctx;
    std::vector<Cached> m_cache;
};

// A GEOS geometry freed with its context.
struct GeosDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const {
        if (g) GEOSGeom_destroy_r(ctx, g);
    }
};
using GeosPtr = std::unique_ptr<GEOSGeometry, GeosDeleter>;

}  // namespace parkgis::detail
