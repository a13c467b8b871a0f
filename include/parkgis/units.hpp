#pragma once
// Area units of Chinese land administration (domain-spec §6).
namespace parkgis::units {

inline constexpr double m2_per_km2 = 1e6;
inline constexpr double m2_per_ha = 1e4;
inline constexpr double m2_per_mu = 10000.0 / 15.0;  // 1 市亩 = 60 平方丈 = 666.67 m²

inline double km2(double m2) { return m2 / m2_per_km2; }
inline double ha(double m2) { return m2 / m2_per_ha; }
inline double mu(double m2) { return m2 / m2_per_mu; }

}  // namespace parkgis::units
