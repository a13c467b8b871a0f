#include "parkgis/normalize/web_map_datum.hpp"

#include <algorithm>
#include <cmath>

#include "../core/text.hpp"

namespace parkgis {

namespace {

// The GCJ-02 parameters: Krasovsky 1940 semi-major axis and first eccentricity squared.
constexpr double kA = 6378245.0;
constexpr double kEe = 0.00669342162296594323;
constexpr double kPi = 3.14159265358979323846;

double offset_lat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    return r;
}

double offset_lon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    return r;
}

class WebMapToWgs84 : public OGRCoordinateTransformation {
public:
    explicit WebMapToWgs84(WebMapDatum d) : m_datum(d) {
        m_wgs84.importFromEPSG(4326);
        m_wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRSpatialReference* GetSourceCS() override { return &m_wgs84; }
    OGRSpatialReference* GetTargetCS() override { return &m_wgs84; }
    int Transform(int count, double* x, double* y, double*, double*, int* success) override {
        for (int i = 0; i < count; ++i) {
            double lon = x[i], lat = y[i];
            if (m_datum == WebMapDatum::bd09) bd09_to_gcj02(lon, lat, lon, lat);
            gcj02_to_wgs84(lon, lat, x[i], y[i]);
            if (success) success[i] = std::isfinite(x[i]) && std::isfinite(y[i]);
        }
        return TRUE;
    }
    OGRCoordinateTransformation* Clone() const override { return new WebMapToWgs84(m_datum); }
    OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

private:
    WebMapDatum m_datum;
    OGRSpatialReference m_wgs84;
};

}  // namespace

WebMapDatum web_map_datum_from_name(const std::string& name) {
    std::string n = detail::ascii_lower(name);
    n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
    if (n == "gcj02") return WebMapDatum::gcj02;
    if (n == "bd09") return WebMapDatum::bd09;
    return WebMapDatum::none;
}

const char* web_map_datum_name(WebMapDatum d) {
    switch (d) {
        case WebMapDatum::gcj02: return "GCJ-02";
        case WebMapDatum::bd09: return "BD-09";
        case WebMapDatum::none: break;
    }
    return "";
}

bool in_gcj02_area(double lon, double lat) { return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271; }

void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
    if (!in_gcj02_area(lon, lat)) {
        out_lon = lon;
        out_lat = lat;
        return;
    }
    double d_lat = offset_lat(lon - 105.0, lat - 35.0);
    double d_lon = offset_lon(lon - 105.0, lat - 35.0);
    const double rad_lat = lat / 180.0 * kPi;
    double magic = std::sin(rad_lat);
    magic = 1 - kEe * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    d_lat = (d_lat * 180.0) / ((kA * (1 - kEe)) / (magic * sqrt_magic) * kPi);
    d_lon = (d_lon * 180.0) / (kA / sqrt_magic * std::cos(rad_lat) * kPi);
    out_lon = lon + d_lon;
    out_lat = lat + d_lat;
}

void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat) {
    // The offset varies slowly, so w ← w − (f(w) − g) converges in a few steps.
    double w_lon = lon, w_lat = lat;
    for (int i = 0; i < 30; ++i) {
        double f_lon, f_lat;
        wgs84_to_gcj02(w_lon, w_lat, f_lon, f_lat);
        const double e_lon = f_lon - lon, e_lat = f_lat - lat;
        w_lon -= e_lon;
        w_lat -= e_lat;
        if (std::fabs(e_lon) < 1e-10 && std::fabs(e_lat) < 1e-10) break;
    }
    out_lon = w_lon;
    out_lat = w_lat;
}

void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
    constexpr double x_pi = kPi * 3000.0 / 180.0;
    const double x = lon - 0.0065, y = lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * x_pi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * x_pi);
    out_lon = z * std::cos(theta);
    out_lat = z * std::sin(theta);
}

std::unique_ptr<OGRCoordinateTransformation> web_map_to_wgs84(WebMapDatum d) {
    if (d == WebMapDatum::none) return nullptr;
    return std::make_unique<WebMapToWgs84>(d);
}

}  // namespace parkgis
