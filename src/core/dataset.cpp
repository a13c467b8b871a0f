#include "parkgis/dataset.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace parkgis {

std::optional<std::string> Feature::text(const std::string& field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return std::nullopt;
    if (auto s = std::get_if<std::string>(&it->second)) return *s;
    if (auto i = std::get_if<long long>(&it->second)) return std::to_string(*i);
    if (auto d = std::get_if<double>(&it->second)) return fmt::format("{}", *d);
    return std::nullopt;
}

std::optional<double> Feature::number(const std::string& field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return std::nullopt;
    if (auto d = std::get_if<double>(&it->second)) return *d;
    if (auto i = std::get_if<long long>(&it->second)) return static_cast<double>(*i);
    return std::nullopt;
}

std::string Layer::describe() const {
    return source_layer.empty() ? source_path : fmt::format("{}, layer '{}'", source_path, source_layer);
}

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "?";
}

Layer* Dataset::layer(const std::string& role) {
    for (auto& l : layers)
        if (l.role == role) return &l;
    return nullptr;
}

const Layer* Dataset::layer(const std::string& role) const {
    for (const auto& l : layers)
        if (l.role == role) return &l;
    return nullptr;
}

std::vector<const Layer*> Dataset::layers_of(const std::string& role) const {
    std::vector<const Layer*> out;
    for (const auto& l : layers)
        if (l.role == role) out.push_back(&l);
    return out;
}

const IndicatorRow* Dataset::indicator(const std::string& scope_id, const std::string& indicator_id) const {
    for (const auto& r : indicators)
        if (r.scope_id == scope_id && r.indicator_id == indicator_id) return &r;
    return nullptr;
}

}  // namespace parkgis
