#include "summary_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "parkgis/errors.hpp"
#include "parkgis/judge/judge.hpp"
#include "parkgis/judge/rule_set.hpp"
#include "parkgis/measure/jobs_housing.hpp"
#include "parkgis/units.hpp"

namespace parkgis::cli {

namespace {

// Terminal columns of a UTF-8 string: CJK and full-width forms take two.
size_t display_width(const std::string& s) {
    size_t width = 0;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        int len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
        else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += len;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

std::string pad(const std::string& s, size_t width, bool right = false) {
    const size_t w = display_width(s);
    const std::string fill(width > w ? width - w : 0, ' ');
    return right ? fill + s : s + fill;
}

size_t g_width = 100;  // the terminal's columns (set_terminal_width)
Lang g_lang = Lang::zh;

// Rows as columns padded to their widest cell. A table wider than the terminal is cut into blocks of columns
// that fit, one under the other, each starting with the first column (what the rows are).
std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right_align) {
    const size_t n = rows.front().size();
    std::vector<size_t> widths(n, 0);
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size() && c < n; ++c) widths[c] = std::max(widths[c], display_width(r[c]));
    std::vector<std::vector<size_t>> blocks;
    for (size_t c = 1; c < n; ++c) {
        size_t used = widths[0];
        if (!blocks.empty())
            for (size_t k : blocks.back()) used += 2 + widths[k];
        if (blocks.empty() || used + 2 + widths[c] > g_width) blocks.push_back({});
        blocks.back().push_back(c);
    }
    if (blocks.empty()) blocks.push_back({});
    std::string out;
    for (size_t b = 0; b < blocks.size(); ++b) {
        std::vector<size_t> cols = {0};
        cols.insert(cols.end(), blocks[b].begin(), blocks[b].end());
        if (b > 0) out += "\n";
        for (size_t i = 0; i < rows.size(); ++i) {
            std::string line;
            for (size_t k = 0; k < cols.size(); ++k) {
                const size_t c = cols[k];
                line += (k ? "  " : "") + pad(c < rows[i].size() ? rows[i][c] : "", widths[c], right_align[c]);
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
            if (i == 0) {
                size_t total = 0;
                for (size_t c : cols) total += widths[c] + 2;
                out += std::string(std::min(total - 2, g_width), '-') + "\n";
            }
        }
    }
    return out;
}

}  // namespace

void set_terminal_width(size_t columns) { g_width = std::max<size_t>(columns, 40); }
void set_language(Lang lang) { g_lang = lang; }
const char* tr(const char* zh, const char* en) { return g_lang == Lang::zh ? zh : en; }

namespace {

// A coded value as the summary's language names it.
std::string coded(const Label& l) { return std::string(g_lang == Lang::zh ? l.zh : l.id); }
std::string kind_text(const std::string& kind) {
    if (g_lang == Lang::en) return kind;
    return kind == "core" ? "核心区" : kind == "expansion" ? "扩区" : kind == "cluster" ? "组团" : kind;
}
std::string status_text(RuleOutcome::Status s) {
    if (g_lang == Lang::en) return status_name(s);
    return s == RuleOutcome::Status::pass ? "合格" : s == RuleOutcome::Status::fail ? "不合格" : "无法判定";
}

}  // namespace

std::string fit_lines(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        std::string indent;
        // A line wider than the terminal breaks at its last space that fits (else where it must, between
        // characters); what follows goes on indented by two.
        while (display_width(line) > g_width) {
            size_t cut = 0, last_space = std::string::npos, width = 0;
            for (size_t i = 0; i < line.size();) {
                size_t len = 1;
                const unsigned char c = static_cast<unsigned char>(line[i]);
                if (c >= 0xF0) len = 4;
                else if (c >= 0xE0) len = 3;
                else if (c >= 0xC0) len = 2;
                const size_t w = display_width(line.substr(i, len));
                if (width + w > g_width) break;
                width += w;
                if (line[i] == ' ') last_space = i;
                i += len;
                cut = i;
            }
            const size_t at = last_space != std::string::npos && last_space > indent.size() ? last_space : cut;
            out += line.substr(0, at) + "\n";
            indent = "  ";
            line = indent + line.substr(line[at] == ' ' ? at + 1 : at);
        }
        out += line;
        if (end < text.size()) out += "\n";
        start = end + 1;
    }
    return out;
}

std::string format_area_table(const Dataset& d) {
    std::vector<std::vector<std::string>> rows = {
        {tr("区块", "zone"), tr("名称", "name"), tr("类型", "kind"), tr("申报 km²", "declared km²"),
         tr("实测 km²", "measured km²"), tr("椭球 km²", "ellipsoidal km²"), "公顷", "亩", tr("差值 %", "diff %"),
         tr("检查", "QA")}};
    std::map<std::string, std::string> status;
    for (const auto& z : d.zones) status[z.zone_id] = coded(label(z.qa_status));
    for (const auto& r : d.area_summary) {
        const double km2 = units::km2(r.area.planar_m2);
        std::string diff = "";
        if (r.declared_area_km2 && *r.declared_area_km2 != 0)
            diff = fmt::format("{:+.3f}", std::round(100000.0 * (km2 - *r.declared_area_km2) / *r.declared_area_km2) / 1000.0 + 0.0);
        rows.push_back({r.scope == ScopeLevel::zone ? r.id : "", r.name, kind_text(r.kind),
                        r.declared_area_km2 ? fmt::format("{:.2f}", *r.declared_area_km2) : "–", fmt::format("{:.2f}", km2),
                        fmt::format("{:.4f}", units::km2(r.area.ellipsoidal_m2)), fmt::format("{:.2f}", units::ha(r.area.planar_m2)),
                        fmt::format("{:.1f}", units::mu(r.area.planar_m2)), diff, r.scope == ScopeLevel::zone ? status[r.id] : ""});
    }
    return fmt::format(tr("区块面积（工作坐标系 EPSG:{}；界址点 EPSG:{}，{} 带）\n",
                          "Zone areas (working CRS EPSG:{}; 界址点 in EPSG:{}, zone {})\n"),
                       d.working_epsg, d.prefixed_epsg, d.gk_zone) +
           table(rows, {false, false, false, true, true, true, true, true, true, false});
}

std::string format_jobs_housing_table(const Dataset& d) {
    if (d.jobs_housing.empty()) return "";
    const auto& settings = d.project->jobs_housing;
    std::vector<double> radii = settings.catchment_radii_m;
    auto radius_title = [](double r) {
        return std::fmod(r, 1000) == 0 ? fmt::format("{:.0f} km", r / 1000) : fmt::format("{:.0f} m", r);
    };
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"范围", "岗位", "就业居民", "职住比", "类型", "岗户比"};
    for (double r : radii) header.push_back(radius_title(r) + " 职住比");
    for (const char* h : {"需增住房 m²", "需增住房 套", "需增岗位", "居住自足率"}) header.push_back(h);
    rows.push_back(header);
    auto people = [](double v) { return fmt::format("{:.0f}", v); };
    auto ratio_text = [](const JobsHousingRow& r) {
        if (r.status == ValueStatus::not_available) return std::string("n/a");
        if (!r.ratio) return std::string(r.jobs > 0 ? "∞" : "–");
        return fmt::format("{:.2f}", *r.ratio);
    };
    bool any_partial = false;
    for (const auto& row : d.jobs_housing) {
        if (row.radius_m != 0) continue;
        const bool available = row.status != ValueStatus::not_available;
        std::vector<std::string> line = {row.scope_name,
                                         available ? people(row.jobs) : "n/a",
                                         available ? people(row.resident_workers) : "n/a",
                                         ratio_text(row),
                                         row.band_zh.empty() ? "–" : row.band_zh,
                                         row.jobs_per_household ? fmt::format("{:.2f}", *row.jobs_per_household) : "–"};
        for (double r : radii) {
            std::string cell = "–";
            for (const auto& c : d.jobs_housing)
                if (c.scope == row.scope && c.scope_id == row.scope_id && c.radius_m == r) {
                    cell = ratio_text(c);
                    if (c.status == ValueStatus::partial) {
                        cell += fmt::format(" ({:.0f}%*)", c.coverage_pct());
                        any_partial = true;
                    }
                }
            line.push_back(cell);
        }
        line.push_back(available ? people(row.housing_floor_area_m2) : "n/a");
        line.push_back(available ? people(std::ceil(row.dwellings_needed)) : "n/a");
        line.push_back(available ? people(row.jobs_needed) : "n/a");
        line.push_back(row.self_containment_pct ? fmt::format("{:.1f}%", *row.self_containment_pct) : "–");
        rows.push_back(line);
    }
    std::vector<bool> right(rows.front().size(), true);
    right[0] = right[4] = false;
    const auto& balanced = balanced_band(settings.bands);
    std::string out = fmt::format(tr("职住平衡（职住比 = 就业岗位 ÷ 就业居民；{} {}–{}）\n",
                                     "职住平衡 Jobs-housing balance (职住比 = jobs ÷ resident workers; {} {}–{})\n"),
                                  balanced.name_zh, format_number(balanced.min.value_or(0)),
                                  format_number(balanced.max.value_or(0))) +
                      table(rows, right);
    if (any_partial)
        out += tr("* 部分覆盖：输入数据只覆盖该缓冲区的这一比例（jobs_housing 状态 partial）\n",
                  "* partial: the inputs cover only this share of the buffer (jobs_housing.status = partial)\n");
    out += fmt::format(tr("就业：{}\n居住：{}\n参数：{}\n", "jobs: {}\nresidents: {}\nparameters: {}\n"), d.jh_basis.jobs_source,
                       d.jh_basis.residents_source, d.jh_basis.parameters);
    return out;
}

std::string format_findings_summary(const Dataset& d) {
    std::map<std::pair<std::string, Severity>, int> count;  // a rule has failures (its severity) and gaps (info)
    for (const auto& f : d.findings) ++count[{f.check_id, f.severity}];
    std::string out = fmt::format(tr("检查与判定发现：{} 条\n", "Findings: {}\n"), d.findings.size());
    size_t width = 0;
    for (const auto& kv : count) width = std::max(width, kv.first.first.size());
    for (const auto& [key, n] : count)
        out += fmt::format("  {:<{}} {:>4}  ({})\n", key.first, width, n, coded(label(key.second)));
    // QA errors one by one; rule failures are summed up by format_compliance_summary.
    std::set<std::string> rule_ids;
    for (const auto& r : d.judged_rules) rule_ids.insert(r.rule_id);
    for (const auto& f : d.findings)
        if (f.severity == Severity::error && !rule_ids.count(f.check_id))
            out += fmt::format("  ! {}\n", g_lang == Lang::zh ? f.message_zh : f.message_en);
    return out;
}

std::string format_indicator_table(const Dataset& d) {
    if (d.indicators.empty()) return "";
    // Columns: the core, each expansion cluster, the expansion total, core + expansion, and the change
    // the expansion brings (the 扩区 question).
    struct Column {
        std::string id, title;
    };
    std::vector<Column> columns;
    auto scope_column = [](const Label& l) { return Column{std::string(l.id), std::string(l.zh)}; };
    for (const auto& z : d.zones)
        if (z.group == ZoneGroup::core) columns.push_back({z.zone_id, z.name});
    if (columns.size() > 1 || columns.empty()) columns.push_back(scope_column(label(ZoneGroup::core)));
    size_t clusters = 0;
    for (const auto& z : d.zones)
        if (z.group == ZoneGroup::expansion) {
            columns.push_back({z.zone_id, z.name});
            ++clusters;
        }
    if (clusters > 0) columns.push_back(scope_column(label(ZoneGroup::expansion)));
    columns.push_back(scope_column(whole_application()));
    const bool compare = d.indicator(std::string(label(ZoneGroup::core).id), "area_zone") && clusters > 0;

    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"指标", "单位"};
    for (const auto& c : columns) header.push_back(c.title);
    if (compare) header.push_back("扩区后变化");
    rows.push_back(header);
    const std::vector<std::string> ids = {
        "area_A",          "land_development_rate", "land_supply_rate", "land_built_rate", "industrial_land_rate",
        "high_tech_land_rate", "composite_far",     "building_density", "industrial_far",
        "industrial_building_coefficient", "industrial_invest_intensity", "industrial_tax_per_ha",
        "composite_tax_per_ha", "industrial_output_intensity", "population_density", "built_land_per_capita",
        "idle_land_rate", "score"};
    auto number = [](const IndicatorRow* r) -> std::string {
        if (!r || !r->value) return "n/a";
        const double v = *r->value;
        if (r->unit == "" ) return fmt::format("{:.2f}", v);
        if (std::abs(v) >= 1000) return fmt::format("{:.0f}", v);
        return fmt::format("{:.2f}", v);
    };
    const IndicatorRow* first = nullptr;
    for (const auto& id : ids) {
        first = d.indicator("total", id);
        if (!first) continue;
        std::vector<std::string> row = {first->name_zh, first->unit.empty() ? "–" : first->unit};
        for (const auto& c : columns) row.push_back(number(d.indicator(c.id, id)));
        if (compare) {
            const IndicatorRow* core = d.indicator("core", id);
            if (core && core->value && first->value) row.push_back(fmt::format("{:+.2f}", *first->value - *core->value));
            else row.push_back("n/a");
        }
        rows.push_back(row);
    }
    std::vector<bool> right(rows.front().size(), true);
    right[0] = right[1] = false;
    std::string out = tr("TD/T 1029 指标（核心区 / 组团 / 扩区 / 合计；n/a 的原因见 indicators 表）\n",
                         "TD/T 1029 indicators (core / clusters / expansion / total; n/a: see the indicators table)\n");
    out += table(rows, right);
    if (d.zone_type) out += fmt::format("开发区类型: {} — {}\n", label(*d.zone_type).zh, d.zone_type_reason);
    return out;
}

std::string format_compliance_summary(const Dataset& d) {
    if (d.judged_rules.empty()) return "";
    struct Count {
        int judged = 0, pass = 0, fail = 0, na = 0;
    };
    std::vector<Count> counts(d.judged_rules.size());
    std::vector<std::vector<std::string>> zone_rows = {
        {tr("规则", "rule"), "指标", tr("范围", "scope"), tr("实际值", "actual"), tr("目标", "target"),
         tr("余量", "margin"), tr("结果", "result")}};
    for (const auto& o : d.compliance) {
        const JudgedRule& r = d.judged_rules[o.rule];
        if (!o.zone_subject) {
            auto& c = counts[o.rule];
            ++c.judged;
            (o.status == RuleOutcome::Status::pass ? c.pass : o.status == RuleOutcome::Status::fail ? c.fail : c.na)++;
            continue;
        }
        const auto comparison = comparison_from_name(r.comparison).value_or(Comparison::at_least);
        const std::string target = comparison == Comparison::any_of ? tr("任一满足", "any of")
                                   : o.threshold ? format_limit(comparison, o.threshold, o.threshold_max, r.unit)
                                                 : "–";
        std::string margin = o.margin ? format_number(*o.margin) : "";
        if (!margin.empty() && margin[0] != '-') margin = "+" + margin;
        zone_rows.push_back({r.rule_id, r.name_zh, o.subject_id, o.actual ? with_unit(*o.actual, r.unit) : "n/a", target,
                             margin, status_text(o.status)});
    }
    std::vector<std::vector<std::string>> parcel_rows = {{tr("规则集", "rule set"), tr("规则", "rule"), "指标",
                                                          tr("地块数", "parcels"), tr("合格", "pass"), tr("不合格", "fail"),
                                                          tr("无法判定", "n/a")}};
    for (size_t i = 0; i < d.judged_rules.size(); ++i) {
        const JudgedRule& r = d.judged_rules[i];
        if (r.scope != "parcel") continue;
        const auto& c = counts[i];
        parcel_rows.push_back({r.rule_set, r.rule_id, r.name_zh, std::to_string(c.judged), std::to_string(c.pass),
                               std::to_string(c.fail), std::to_string(c.na)});
    }
    std::string out;
    if (parcel_rows.size() > 1)
        out += std::string(tr("地块判定（compliance 表；parcels 图层的 compliance、failed_rules 字段）\n",
                              "Parcel compliance (compliance table; parcels layer: compliance, failed_rules)\n")) +
               table(parcel_rows, {false, false, false, true, true, true, true});
    if (zone_rows.size() > 1)
        out += (out.empty() ? "" : "\n") + std::string(tr("区块目标（n/a 的原因见 findings）\n",
                                                            "Zone targets (n/a: see the findings for the reason)\n")) +
               table(zone_rows, {false, false, false, true, true, true, false});
    for (const auto& s : d.rule_sets)
        for (const auto& o : s.overrides) out += fmt::format(tr("{} 的项目覆盖：{}\n", "override in {}: {}\n"), s.id, o);
    return out;
}

std::string format_rule_set_list(const std::vector<std::string>& files) {
    std::vector<std::vector<std::string>> rows = {{"id", "version", "rules", "document", "title"}};
    std::string errors;
    for (const auto& f : files) {
        try {
            const RuleSet s = load_rule_set(f);
            rows.push_back({s.id, s.version, std::to_string(s.rules.size()), s.document, s.title});
        } catch (const Error& e) {
            errors += fmt::format("  ! {}\n", e.what());
        }
    }
    return table(rows, {false, false, true, false, false}) + errors;
}

std::string format_stage_list(const std::vector<std::unique_ptr<Stage>>& stages) {
    std::string out;
    for (const auto& s : stages) {
        out += fmt::format("{}\n    {}\n", s->name(), s->description());
        if (!s->needs().empty()) out += fmt::format("    needs: {}\n", fmt::join(s->needs(), ", "));
        for (const auto& o : s->options())
            out += fmt::format("    option {}.{} (default {}): {}\n", s->name(), o.name, o.default_value, o.description);
    }
    auto job = [](const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, " → ")); };
    out += fmt::format("\ncommands and their stages:\n  check            {}\n  run              {}\n  run --no-report  {}\n"
                       "  run --lean       {}\n  report OUT.gpkg  {}\n",
                       job(job::check), job(job::run), job(job::run_without_report), job(job::lean), job(job::report));
    return out;
}

std::string format_rule_set(const RuleSet& s) {
    std::string out = fmt::format("{} (version {}) — {}\n{}\nfile: {}\n", s.id, s.version, s.title, s.document, s.file);
    if (!s.status.empty()) out += "status: " + s.status + "\n";
    if (!s.note.empty()) out += "note: " + s.note + "\n";
    auto threshold = [](const Condition& c) -> std::string {
        const auto unit = c.unit.empty() || c.unit == "%" ? c.unit : " " + c.unit;
        const Threshold& t = c.threshold;
        switch (t.kind) {
            case Threshold::Kind::value: return format_limit(c.comparison, t.value, {}, c.unit);
            case Threshold::Kind::range: return format_limit(c.comparison, t.value, t.max, c.unit);
            case Threshold::Kind::project_parameter:
                return fmt::format("{} judge.parameters.{}{}{}", comparison_symbol(c.comparison), t.key,
                                   t.factor == 1 ? "" : fmt::format(" × {}", format_number(t.factor)), unit);
            case Threshold::Kind::ideal_value:
                return fmt::format("{} evaluation.ideal_values.{}{}", comparison_symbol(c.comparison), t.key, unit);
            case Threshold::Kind::table: {
                const auto& tb = t.table;
                std::string text = fmt::format("{} table by {}{}{}{}:", comparison_symbol(c.comparison),
                                               tb.by_industry ? "industry" : "", tb.by_industry && tb.by_region_tier ? " × " : "",
                                               tb.by_region_tier ? fmt::format("region tier 1–{}", tb.tiers) : "", unit);
                if (tb.by_industry) text += " (" + tb.industry_edition + ")";
                for (const auto& r : tb.rows) {
                    std::string codes, cells;
                    for (const auto& code : r.industry_codes) codes += (codes.empty() ? "" : " ") + code;
                    for (const auto& v : r.values) cells += (cells.empty() ? "" : " ") + (v ? format_number(*v) : "~");
                    text += fmt::format("\n        {:<24} {}{}", codes.empty() ? "all" : codes, cells,
                                        r.label.empty() ? "" : "  " + r.label);
                }
                return text;
            }
        }
        return "?";
    };
    for (const auto& r : s.rules) {
        out += fmt::format("\n{}  {} / {}  [{}, {}, {}, {}]\n", r.id, r.name_zh, r.name_en, r.scope, severity_name(r.severity),
                           r.binding, r.confidence);
        std::string when;
        auto list = [&](const char* key, const std::vector<std::string>& v) {
            if (v.empty()) return;
            std::string items;
            for (const auto& x : v) items += (items.empty() ? "" : " ") + x;
            when += fmt::format("{}{}: {}", when.empty() ? "" : "; ", key, items);
        };
        list("tdt_class", r.when.tdt_classes);
        list("landuse", r.when.landuse_prefixes);
        if (!r.when.industry_codes.empty()) list(("industry (" + r.when.industry_edition + ")").c_str(), r.when.industry_codes);
        list("zone_kind", r.when.zone_kinds);
        list("scope", r.when.scopes);
        list("zone_level", r.when.zone_levels);
        list("zone_type", r.when.zone_types);
        if (!when.empty()) out += "    applies when " + when + "\n";
        if (r.condition.comparison == Comparison::any_of) {
            out += "    any of:\n";
            for (const auto& c : r.any_of) out += fmt::format("      {} {}\n", c.indicator, threshold(c));
        } else {
            out += fmt::format("    {} {}\n", r.condition.indicator, threshold(r.condition));
        }
        out += fmt::format("    citation: {} {}{}\n", r.citation.document, r.citation.clause,
                           r.citation.url.empty() ? "" : " <" + r.citation.url + ">");
        if (!r.note.empty()) out += "    note: " + r.note + "\n";
    }
    return out;
}

}  // namespace parkgis::cli
