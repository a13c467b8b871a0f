#pragma once
// Reads YAML with messages that name file:line (shared by the project file, the measure
// parameters and the evaluation file). Internal to libparkgis.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parkgis/errors.hpp"

namespace parkgis::detail {

class YamlReader {
public:
    // rule_file: problems are RuleError (a malformed rule set), else InputError.
    YamlReader(std::string stage, std::string file, bool rule_file = false)
        : m_stage(std::move(stage)), m_file(std::move(file)), m_rule_file(rule_file) {}

    const std::string& file() const { return m_file; }

    std::string where(const YAML::Node& n) const { return fmt::format("{}:{}", m_file, n.Mark().line + 1); }

    [[noreturn]] void fail(const YAML::Node& n, const std::string& what) const {
        const auto message = fmt::format("{}: {}", where(n), what);
        if (m_rule_file) throw RuleError(m_stage, message);
        throw InputError(m_stage, message);
    }

    // "a, b, c" for messages that list what is allowed.
    static std::string joined(const std::set<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
        return out;
    }

    // A mapping key as text (YAML also allows lists and mappings as keys: `? [a, b]: c`).
    std::string key(const YAML::Node& k) const {
        if (!k.IsScalar()) fail(k, "a key must be a plain word, not a list or a mapping");
        return k.Scalar();
    }

    // true/false (also yes/no, on/off).
    bool flag(const YAML::Node& n, const std::string& name) const {
        bool value = false;
        if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) fail(n, fmt::format("'{}' must be true or false", name));
        return value;
    }

    void only_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& section) const {
        if (!map.IsMap()) fail(map, fmt::format("'{}' must be a mapping of keys to values", section));
        for (const auto& kv : map) {
            auto key = this->key(kv.first);
            if (!allowed.count(key))
                fail(kv.first, fmt::format("unknown key '{}' in {}; allowed keys: {}", key, section, joined(allowed)));
        }
    }

    // A list of text values; with one_value_allowed a single value counts as a list of one.
    std::vector<std::string> text_list(const YAML::Node& n, const std::string& key, bool one_value_allowed = false) const {
        std::vector<std::string> out;
        if (one_value_allowed && n.IsScalar()) {
            out.push_back(n.Scalar());
        } else if (n.IsSequence()) {
            for (const auto& item : n) out.push_back(text(item, key));
        } else {
            fail(n, one_value_allowed ? fmt::format("'{}' must be a value or a list of values", key)
                                      : fmt::format("'{}' must be a list, e.g. [first, second]", key));
        }
        return out;
    }

    std::string text(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a text value", key));
        return n.as<std::string>();
    }

    double number(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a number", key));
        double v = 0;
        if (!YAML::convert<double>::decode(n, v)) fail(n, fmt::format("'{}' must be a number, not '{}'", key, n.Scalar()));
        if (!std::isfinite(v)) fail(n, fmt::format("'{}' must be a finite number, not '{}'", key, n.Scalar()));
        return v;
    }

    double non_negative(const YAML::Node& n, const std::string& key) const {
        const double v = number(n, key);
        if (!(v >= 0)) fail(n, fmt::format("'{}' must not be negative", key));
        return v;
    }

    // Runs a parser over a loaded document; a yaml-cpp exception the parser did not foresee (a bad conversion
    // deep inside) still becomes this reader's error with file:line, never an internal error.
    template <typename Parse>
    auto guarded(Parse&& parse) const -> decltype(parse()) {
        try {
            return parse();
        } catch (const YAML::Exception& e) {
            const auto message = fmt::format("{}:{}: {}", m_file, e.mark.line + 1, e.msg);
            if (m_rule_file) throw RuleError(m_stage, message);
            throw InputError(m_stage, message);
        }
    }

    // Loads a whole file (a UTF-8 BOM is accepted) or fails with file:line.
    static YAML::Node load_file(const std::string& stage, const std::string& path, bool rule_file = false);
    // The same for text already read; path only names it in messages.
    static YAML::Node load_text(const std::string& stage, std::string text, const std::string& path,
                                bool rule_file = false);
    // The whole file's bytes, or an error saying it cannot be read.
    static std::string read_file(const std::string& stage, const std::string& path, bool rule_file = false);

private:
    std::string m_stage;
    std::string m_file;
    bool m_rule_file = false;
};

}  // namespace parkgis::detail
