#include "parkgis/judge/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "../core/yaml_reader.hpp"
#include "parkgis/measure/indicators.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/measure/parcels.hpp"
#include "parkgis/read/ogr_source.hpp"

namespace fs = std::filesystem;

namespace parkgis {

namespace {

constexpr const char* kStage = "rules";
using Reader = detail::YamlReader;

std::string required_text(const Reader& r, const YAML::Node& map, const std::string& key, const std::string& what) {
    if (!map[key]) r.fail(map, fmt::format("{} needs '{}'", what, key));
    const auto v = r.text(map[key], key);
    if (v.empty()) r.fail(map[key], fmt::format("'{}' of {} must not be empty", key, what));
    return v;
}

// Codes are kept as text so that 0601 or 13 keep their digits; YAML numbers are accepted.
std::vector<std::string> code_list(const Reader& r, const YAML::Node& n, const std::string& key) {
    auto codes = r.text_list(n, key, true);
    for (const auto& c : codes)
        if (c.empty() || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            r.fail(n, fmt::format("'{}' holds GB/T 4754 codes made of digits (e.g. \"13\", \"392\"), not '{}'", key, c));
    return codes;
}

std::string edition(const Reader& r, const YAML::Node& n) {
    const auto e = r.text(n, "industry_edition");
    if (!industry_code_editions().count(e)) r.fail(n, fmt::format("industry_edition must be one of {}, not '{}'", Reader::joined(industry_code_editions()), e));
    return e;
}

ThresholdTable parse_table(const Reader& r, const YAML::Node& t) {
    r.only_keys(t, {"by", "industry_edition", "tiers", "rows"}, "threshold.table");
    ThresholdTable table;
    if (!t["by"]) r.fail(t, "threshold.table needs 'by': [industry], [region_tier] or [industry, region_tier]");
    for (const auto& key : r.text_list(t["by"], "by", true)) {
        if (key == "industry") table.by_industry = true;
        else if (key == "region_tier") table.by_region_tier = true;
        else r.fail(t["by"], fmt::format("threshold.table 'by' takes industry and/or region_tier, not '{}'", key));
    }
    if (table.by_industry) {
        if (!t["industry_edition"]) r.fail(t, "a table by industry needs 'industry_edition' (e.g. GB/T 4754-2002)");
        table.industry_edition = edition(r, t["industry_edition"]);
    }
    if (table.by_region_tier) {
        if (!t["tiers"]) r.fail(t, "a table by region_tier needs 'tiers' (the number of 地区分类 columns, e.g. 7)");
        const double n = r.number(t["tiers"], "tiers");
        if (n != std::floor(n) || n < 1 || n > 20) r.fail(t["tiers"], "'tiers' must be a whole number from 1 to 20");
        table.tiers = static_cast<int>(n);
    }
    const auto& rows = t["rows"];
    if (!rows || !rows.IsSequence() || rows.size() == 0) r.fail(t, "threshold.table needs 'rows': a list of rows");
    std::set<std::string> seen;
    for (const auto& row : rows) {
        r.only_keys(row, {"industry", "label", "value", "values"}, "a threshold.table row");
        ThresholdTable::Row out;
        out.where = r.where(row);
        if (table.by_industry) {
            if (!row["industry"]) r.fail(row, "each row of a table by industry needs 'industry': its codes");
            out.industry_codes = code_list(r, row["industry"], "industry");
            for (const auto& c : out.industry_codes)
                if (!seen.insert(c).second) r.fail(row["industry"], fmt::format("industry code {} is in two rows", c));
        } else if (row["industry"]) {
            r.fail(row["industry"], "'industry' in a row of a table that is not by industry");
        }
        if (row["label"]) out.label = r.text(row["label"], "label");
        auto cell = [&](const YAML::Node& v) -> std::optional<double> {
            if (v.IsNull()) return std::nullopt;  // an empty cell: the value is not known
            return r.number(v, "value");
        };
        if (table.by_region_tier) {
            if (!row["values"] || !row["values"].IsSequence())
                r.fail(row, fmt::format("each row needs 'values': a list of {} cells (~ for an unknown value)", table.tiers));
            if (static_cast<int>(row["values"].size()) != table.tiers)
                r.fail(row["values"], fmt::format("'values' has {} cells; the table has {} tiers", row["values"].size(),
                                                   table.tiers));
            for (const auto& v : row["values"]) out.values.push_back(cell(v));
        } else {
            if (!row["value"]) r.fail(row, "each row needs 'value' (~ for an unknown value)");
            out.values.push_back(cell(row["value"]));
        }
        table.rows.push_back(std::move(out));
    }
    if (!table.by_industry && table.rows.size() != 1)
        r.fail(rows, "a table by region_tier alone has exactly one row");
    return table;
}

Threshold parse_threshold(const Reader& r, const YAML::Node& t, Comparison c) {
    Threshold th;
    if (t.IsScalar()) {
        if (c == Comparison::between) r.fail(t, "comparison between needs threshold: {min: …, max: …}");
        th.value = r.number(t, "threshold");
        return th;
    }
    if (!t.IsMap())
        r.fail(t, "threshold must be a number, {min, max}, {table}, {project: key} or {ideal_value: indicator}");
    r.only_keys(t, {"min", "max", "table", "project", "ideal_value", "factor"}, "threshold");
    if (t["min"] || t["max"]) {
        if (c != Comparison::between) r.fail(t, "threshold {min, max} is for comparison between");
        if (!t["min"] || !t["max"]) r.fail(t, "a range threshold needs both min and max");
        th.kind = Threshold::Kind::range;
        th.value = r.number(t["min"], "min");
        th.max = r.number(t["max"], "max");
        if (th.max < th.value) r.fail(t, "threshold max is below min");
    } else if (t["table"]) {
        th.kind = Threshold::Kind::table;
        th.table = parse_table(r, t["table"]);
    } else if (t["project"]) {
        th.kind = Threshold::Kind::project_parameter;
        th.key = r.text(t["project"], "project");
    } else if (t["ideal_value"]) {
        th.kind = Threshold::Kind::ideal_value;
        th.key = r.text(t["ideal_value"], "ideal_value");
    } else {
        r.fail(t, "threshold needs one of: a number, {min, max}, {table}, {project: key}, {ideal_value: indicator}");
    }
    if (c == Comparison::between && th.kind != Threshold::Kind::range)
        r.fail(t, "comparison between needs threshold: {min: …, max: …}");
    if (t["factor"]) {
        if (th.kind != Threshold::Kind::project_parameter) r.fail(t["factor"], "'factor' multiplies a {project: key} threshold");
        th.factor = r.number(t["factor"], "factor");
        if (!(th.factor > 0)) r.fail(t["factor"], "'factor' must be positive");
    }
    return th;
}

const IndicatorInfo* find_indicator(const std::vector<IndicatorInfo>& catalogue, const std::string& id) {
    for (const auto& i : catalogue)
        if (i.id == id) return &i;
    return nullptr;
}

Condition parse_condition(const Reader& r, const YAML::Node& n, const std::vector<IndicatorInfo>& catalogue,
                          const std::string& scope) {
    Condition c;
    c.where = r.where(n);
    c.indicator = required_text(r, n, "indicator", "a rule");
    const IndicatorInfo* info = find_indicator(catalogue, c.indicator);
    if (!info) {
        std::set<std::string> names;
        for (const auto& i : catalogue) names.insert(i.id);
        r.fail(n["indicator"], fmt::format("unknown {} indicator '{}'; known: {}", scope, c.indicator, Reader::joined(names)));
    }
    if (!n["comparison"]) r.fail(n, "a rule needs 'comparison': at_least, more_than, at_most, less_than, between or any_of");
    const auto name = r.text(n["comparison"], "comparison");
    const auto comparison = comparison_from_name(name);
    if (!comparison || *comparison == Comparison::any_of)
        r.fail(n["comparison"], fmt::format("unknown comparison '{}'; use at_least, more_than, at_most, less_than or between",
                                            name));
    c.comparison = *comparison;
    if (!n["threshold"]) r.fail(n, "a rule needs 'threshold'");
    c.threshold = parse_threshold(r, n["threshold"], c.comparison);
    if (!n["unit"]) r.fail(n, fmt::format("a rule needs 'unit' (the indicator {} is in '{}')", c.indicator, info->unit));
    c.unit = n["unit"].IsNull() ? "" : r.text(n["unit"], "unit");
    // A unit slip (万元/亩 for 万元/ha) would compare numbers 15 times apart: refuse it here.
    if (c.unit != info->unit)
        r.fail(n["unit"], fmt::format("unit '{}' but the indicator {} is in '{}'", c.unit, c.indicator, info->unit));
    return c;
}

void parse_applicability(const Reader& r, const YAML::Node& n, Rule& rule) {
    static const std::set<std::string> parcel_keys = {"tdt_class", "landuse", "industry", "zone_kind", "zone_level",
                                                      "zone_type"};
    static const std::set<std::string> zone_keys = {"scope", "zone_level", "zone_type"};
    r.only_keys(n, rule.scope == "parcel" ? parcel_keys : zone_keys,
                fmt::format("applies_when of a {} rule", rule.scope));
    auto& w = rule.when;
    auto checked = [&](const char* key, const std::set<std::string>& allowed) {
        auto values = r.text_list(n[key], key, true);
        for (const auto& v : values)
            if (!allowed.count(v)) r.fail(n[key], fmt::format("{} '{}' is unknown; use {}", key, v, Reader::joined(allowed)));
        return values;
    };
    if (n["tdt_class"]) {
        w.tdt_classes = r.text_list(n["tdt_class"], "tdt_class", true);
        static const std::set<std::string> classes = {"A", "A1", "A2", "A3", "A31", "A32", "A4", "A5", "A51", "A52",
                                                      "A6", "B", "B1", "B11", "B12", "B2", "B21", "B22", "C", "C1", "C2",
                                                      "C3"};
        for (const auto& c : w.tdt_classes)
            if (!classes.count(c))
                r.fail(n["tdt_class"], fmt::format("tdt_class '{}' is not a TD/T 1029 class; use {}", c, Reader::joined(classes)));
    }
    if (n["landuse"]) w.landuse_prefixes = r.text_list(n["landuse"], "landuse", true);
    if (const auto& ind = n["industry"]) {
        r.only_keys(ind, {"edition", "codes"}, "applies_when.industry");
        if (!ind["edition"] || !ind["codes"]) r.fail(ind, "applies_when.industry needs 'edition' and 'codes'");
        const auto e = r.text(ind["edition"], "edition");
        if (!industry_code_editions().count(e)) r.fail(ind["edition"], fmt::format("edition must be one of {}", Reader::joined(industry_code_editions())));
        w.industry_edition = e;
        w.industry_codes = code_list(r, ind["codes"], "codes");
    }
    if (n["zone_kind"]) w.zone_kinds = checked("zone_kind", {"core", "expansion"});
    if (n["scope"]) w.scopes = checked("scope", {"zones", "core", "expansion", "total"});
    if (n["zone_level"]) w.zone_levels = checked("zone_level", {"municipal", "provincial", "national"});
    if (n["zone_type"]) w.zone_types = checked("zone_type", {"industrial_led", "integrated"});
}

Rule parse_rule(const Reader& r, const YAML::Node& n, const std::vector<IndicatorInfo>& parcel_catalogue,
                const std::vector<IndicatorInfo>& zone_catalogue) {
    r.only_keys(n,
                {"id", "name_zh", "name_en", "scope", "applies_when", "indicator", "comparison", "threshold", "unit",
                 "any_of", "severity", "citation", "confidence", "binding", "note"},
                "a rule");
    Rule rule;
    rule.where = r.where(n);
    rule.id = required_text(r, n, "id", "a rule");
    const std::string what = "rule " + rule.id;
    rule.name_zh = required_text(r, n, "name_zh", what);
    rule.name_en = required_text(r, n, "name_en", what);
    rule.scope = required_text(r, n, "scope", what);
    if (rule.scope != "parcel" && rule.scope != "zone") r.fail(n["scope"], "scope must be parcel or zone");
    if (n["applies_when"]) parse_applicability(r, n["applies_when"], rule);
    if (rule.scope == "zone" && rule.when.scopes.empty()) rule.when.scopes = {"total"};
    const auto& catalogue = rule.scope == "parcel" ? parcel_catalogue : zone_catalogue;
    auto no_industry_table = [&](const Condition& c) {
        if (rule.scope == "zone" && c.threshold.kind == Threshold::Kind::table && c.threshold.table.by_industry)
            r.fail(n, fmt::format("{}: a zone rule cannot take its threshold from a table by industry", what));
    };
    if (n["comparison"] && n["comparison"].IsScalar() && n["comparison"].Scalar() == "any_of") {
        rule.condition.comparison = Comparison::any_of;
        for (const char* k : {"indicator", "threshold", "unit"})
            if (n[k]) r.fail(n[k], fmt::format("a rule with comparison any_of gives '{}' in each alternative", k));
        if (!n["any_of"] || !n["any_of"].IsSequence() || n["any_of"].size() < 2)
            r.fail(n, "comparison any_of needs 'any_of': a list of two or more {indicator, comparison, threshold, unit}");
        for (const auto& alt : n["any_of"]) {
            r.only_keys(alt, {"indicator", "comparison", "threshold", "unit"}, "an any_of alternative");
            rule.any_of.push_back(parse_condition(r, alt, catalogue, rule.scope));
            no_industry_table(rule.any_of.back());
        }
    } else {
        if (n["any_of"]) r.fail(n["any_of"], "'any_of' needs comparison: any_of");
        rule.condition = parse_condition(r, n, catalogue, rule.scope);
        no_industry_table(rule.condition);
    }
    const auto severity = required_text(r, n, "severity", what);
    if (severity == "error") rule.severity = Severity::error;
    else if (severity == "warning") rule.severity = Severity::warning;
    else if (severity == "info") rule.severity = Severity::info;
    else r.fail(n["severity"], "severity must be error, warning or info");
    if (!n["citation"]) r.fail(n, fmt::format("{} needs a citation: {{document: …, clause: …}}", what));
    const auto& c = n["citation"];
    r.only_keys(c, {"document", "clause", "url"}, "citation");
    rule.citation.document = required_text(r, c, "document", "the citation of " + what);
    rule.citation.clause = required_text(r, c, "clause", "the citation of " + what);
    if (c["url"]) rule.citation.url = r.text(c["url"], "url");
    rule.confidence = required_text(r, n, "confidence", what);
    if (rule.confidence != "verified" && rule.confidence != "secondary source")
        r.fail(n["confidence"], "confidence must be 'verified' or 'secondary source'");
    rule.binding = n["binding"] ? r.text(n["binding"], "binding") : "binding";
    if (rule.binding != "binding" && rule.binding != "recommended")
        r.fail(n["binding"], "binding must be 'binding' (规范性/约束性) or 'recommended' (推荐性)");
    if (n["note"]) rule.note = r.text(n["note"], "note");
    return rule;
}

void parse_statistics(const Reader& r, const YAML::Node& n, std::map<std::string, StatisticDefinition>& out) {
    if (!n.IsMap()) r.fail(n, "'statistics' maps a statistic id to {name_zh, name_en, unit, column | numerator …}");
    for (const auto& kv : n) {
        StatisticDefinition s;
        s.id = r.key(kv.first);
        const auto& d = kv.second;
        const std::string what = "statistic " + s.id;
        r.only_keys(d, {"name_zh", "name_en", "unit", "column", "numerator", "denominator", "scale", "definition"}, what);
        s.name_zh = required_text(r, d, "name_zh", what);
        s.name_en = required_text(r, d, "name_en", what);
        if (!d["unit"]) r.fail(d, what + " needs 'unit'");
        s.unit = d["unit"].IsNull() ? "" : r.text(d["unit"], "unit");
        if (d["column"] && (d["numerator"] || d["denominator"]))
            r.fail(d, what + ": give 'column', or 'numerator' and 'denominator', not both");
        if (d["column"]) s.numerator = r.text(d["column"], "column");
        else if (d["numerator"]) s.numerator = r.text(d["numerator"], "numerator");
        else r.fail(d, what + " needs 'column' or 'numerator'");
        if (d["denominator"]) s.denominator = r.text(d["denominator"], "denominator");
        if (d["scale"]) s.scale = r.number(d["scale"], "scale");
        if (d["definition"]) s.definition = r.text(d["definition"], "definition");
        out[s.id] = s;
    }
}

// Read once per process: every rule set starts from them.
const std::map<std::string, StatisticDefinition>& bundled_statistics() {
    static const std::map<std::string, StatisticDefinition> statistics = [] {
        const std::string path = bundled_data_path("judge/statistics.yaml");
        const Reader r(kStage, path, true);
        const YAML::Node root = Reader::load_file(kStage, path, true);
        r.only_keys(root, {"statistics"}, "the statistics file");
        std::map<std::string, StatisticDefinition> out;
        parse_statistics(r, root["statistics"], out);
        return out;
    }();
    return statistics;
}

}  // namespace

const char* comparison_name(Comparison c) {
    switch (c) {
        case Comparison::at_least: return "at_least";
        case Comparison::more_than: return "more_than";
        case Comparison::at_most: return "at_most";
        case Comparison::less_than: return "less_than";
        case Comparison::between: return "between";
        case Comparison::any_of: return "any_of";
    }
    return "?";
}

std::optional<Comparison> comparison_from_name(const std::string& name) {
    for (auto c : {Comparison::at_least, Comparison::more_than, Comparison::at_most, Comparison::less_than,
                   Comparison::between, Comparison::any_of})
        if (name == comparison_name(c)) return c;
    return std::nullopt;
}

const char* comparison_symbol(Comparison c) {
    switch (c) {
        case Comparison::at_least: return "≥";
        case Comparison::more_than: return ">";
        case Comparison::at_most: return "≤";
        case Comparison::less_than: return "<";
        case Comparison::between: return "∈";
        case Comparison::any_of: return "any of";
    }
    return "?";
}

const std::vector<IndicatorInfo>& parcel_metric_catalogue() {
    // The per-parcel ratios the measure stage computes (parcel_metric_definitions()).
    static const std::vector<IndicatorInfo> c = [] {
        std::vector<IndicatorInfo> out;
        for (const auto& m : parcel_metric_definitions())
            out.push_back({m.id, m.name_zh, m.name_en, m.unit, "parcel_metric"});
        return out;
    }();
    return c;
}

std::vector<IndicatorInfo> zone_indicator_catalogue() {
    std::vector<IndicatorInfo> out;
    for (const auto& d : indicator_definitions())
        if (d.category == "indicator") out.push_back({d.id, d.name_zh, d.name_en, d.unit, "zone_indicator"});
    for (const auto& d : jobs_housing_indicator_definitions())
        if (d.category == "indicator") out.push_back({d.id, d.name_zh, d.name_en, d.unit, "zone_indicator"});
    return out;
}

RuleSet load_rule_set(const std::string& path) {
    RuleSet set = parse_rule_set(Reader::read_file(kStage, path, true), path);
    set.sha256 = sha256_file(path);
    return set;
}

void show_public_paths(RuleSet& set, const std::string& project_folder) {
    const std::string from = set.file, to = public_path(set.file, project_folder);
    auto relabel = [&](std::string& where) {
        if (where.rfind(from + ":", 0) == 0) where = to + where.substr(from.size());
    };
    auto relabel_condition = [&](Condition& c) {
        relabel(c.where);
        for (auto& row : c.threshold.table.rows) relabel(row.where);
    };
    for (auto& rule : set.rules) {
        relabel(rule.where);
        relabel_condition(rule.condition);
        for (auto& c : rule.any_of) relabel_condition(c);
    }
    set.file = to;
}

namespace {
RuleSet parse_rule_set_document(const std::string& text, const std::string& path) {
    const Reader r(kStage, path, true);
    const YAML::Node root = Reader::load_text(kStage, text, path, true);
    if (!root.IsMap()) throw RuleError(kStage, fmt::format("{}: a rule set is a mapping with id, title, document, rules", path));
    r.only_keys(root,
                {"id", "title", "title_en", "document", "version", "issued", "status", "note", "sources", "statistics",
                 "rules"},
                "a rule set");
    RuleSet set;
    set.file = fs::absolute(path).lexically_normal().string();
    set.id = required_text(r, root, "id", "the rule set");
    set.title = required_text(r, root, "title", "the rule set");
    if (root["title_en"]) set.title_en = r.text(root["title_en"], "title_en");
    set.document = required_text(r, root, "document", "the rule set");
    set.version = required_text(r, root, "version", "the rule set");
    if (root["issued"]) set.issued = r.text(root["issued"], "issued");
    if (root["status"]) set.status = r.text(root["status"], "status");
    if (root["note"]) set.note = r.text(root["note"], "note");
    if (root["sources"]) set.sources = r.text_list(root["sources"], "sources", true);
    set.statistics = bundled_statistics();
    if (root["statistics"]) parse_statistics(r, root["statistics"], set.statistics);

    std::vector<IndicatorInfo> zone_catalogue = zone_indicator_catalogue();
    for (const auto& [id, s] : set.statistics) zone_catalogue.push_back({id, s.name_zh, s.name_en, s.unit, "zone_statistic"});
    // A plan's own count of its targets met (e.g. 总体完成率达80%以上): judge computes it from the set's other
    // zone rules judged before it on the same scope (judge.cpp).
    zone_catalogue.push_back({std::string(kRuleSetCompletion), "指标任务总体完成率", "Share of the rule set's targets met",
                              "%", "rule_set"});
    if (!root["rules"] || !root["rules"].IsSequence() || root["rules"].size() == 0)
        r.fail(root, "a rule set needs 'rules': a list of rules");
    std::set<std::string> ids;
    for (const auto& n : root["rules"]) {
        Rule rule = parse_rule(r, n, parcel_metric_catalogue(), zone_catalogue);
        if (!ids.insert(rule.id).second) r.fail(n["id"], fmt::format("rule id {} is used twice", rule.id));
        set.rules.push_back(std::move(rule));
    }
    return set;
}
}  // namespace

RuleSet parse_rule_set(const std::string& text, const std::string& path) {
    return Reader(kStage, path, true).guarded([&] { return parse_rule_set_document(text, path); });
}

std::string rule_set_file(const std::string& id_or_path) {
    std::error_code ec;
    if (fs::is_regular_file(id_or_path, ec)) return id_or_path;
    const auto bundled = bundled_data_path("rules/" + id_or_path + ".yaml");
    if (id_or_path.find('/') == std::string::npos && fs::is_regular_file(bundled, ec)) return bundled;
    std::string known;
    for (const auto& f : bundled_rule_set_files()) known += (known.empty() ? "" : ", ") + fs::path(f).stem().string();
    throw RuleError(kStage, fmt::format("rule set '{}' is neither a file nor a bundled rule set; bundled: {}", id_or_path,
                                        known));
}

std::vector<std::string> bundled_rule_set_files() {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(bundled_data_path("rules"), ec))
        if (e.path().extension() == ".yaml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace parkgis
