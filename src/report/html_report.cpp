#include "html_report.hpp"

#include <cpl_string.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "../write/xml_template.hpp"
#include "parkgis/errors.hpp"
#include "parkgis/units.hpp"

namespace parkgis::report {

namespace {

using detail::xml_escape;

std::string base64(const std::string& bytes) {
    char* encoded = CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data()));
    std::string out = encoded;
    CPLFree(encoded);
    return out;
}

std::string heading(const std::string& zh, const std::string& en) {
    return xml_escape(zh) + " <span class=\"en\">" + xml_escape(en) + "</span>";
}

std::string card(const std::string& key, const std::string& value, const std::string& unit, const std::string& tone = "") {
    return fmt::format(R"(<div class="card{}"><div class="k">{}</div><div class="v">{}</div><div class="u">{}</div></div>)",
                       tone.empty() ? "" : " " + tone, key, xml_escape(value), unit);
}

std::string summary(const ReportContent& c) {
    const Dataset& d = *c.dataset;
    std::string html = "<div class=\"cards\">";
    const AreaSummaryRow *total = nullptr, *core = nullptr, *expansion = nullptr;
    for (const auto& r : d.area_summary) {
        if (r.scope == ScopeLevel::total) total = &r;
        if (r.scope == ScopeLevel::kind && r.id == "core") core = &r;
        if (r.scope == ScopeLevel::kind && r.id == "expansion") expansion = &r;
    }
    if (total)
        html += card("申报总面积 <span class=\"en\">total area</span>", fmt::format("{:.4f}", units::km2(total->area.planar_m2)),
                     fmt::format("km² · {:.2f} 公顷 · {:.1f} 亩 · {} 个区块", units::ha(total->area.planar_m2),
                                 units::mu(total->area.planar_m2), total->zone_count));
    if (core) html += card("核心区 <span class=\"en\">core</span>", fmt::format("{:.4f}", units::km2(core->area.planar_m2)),
                           fmt::format("km² · {:.2f} 公顷", units::ha(core->area.planar_m2)));
    if (expansion)
        html += card("扩区 <span class=\"en\">expansion</span>", fmt::format("{:.4f}", units::km2(expansion->area.planar_m2)),
                     fmt::format("km² · {} 个组团 clusters", expansion->zone_count));
    html += card("界址点 <span class=\"en\">boundary points</span>", std::to_string(d.boundary_points.size()),
                 fmt::format("个 · EPSG:{}", d.prefixed_epsg));

    int qa_errors = 0, qa_warnings = 0;
    std::vector<const Finding*> to_resolve;
    std::set<std::string> rule_ids;  // rule outcomes are findings too; the checks card counts the rest
    for (const auto& r : d.judged_rules) rule_ids.insert(r.rule_id);
    for (const auto& f : d.findings) {
        if (rule_ids.count(f.check_id)) continue;
        if (f.severity == Severity::error) {
            ++qa_errors;
            to_resolve.push_back(&f);
        } else if (f.severity == Severity::warning) {
            ++qa_warnings;
        }
    }
    html += card("边界与数据检查 <span class=\"en\">checks</span>", fmt::format("{} / {}", qa_errors, qa_warnings),
                 "错误 errors / 警告 warnings", qa_errors ? "bad" : "ok");

    std::set<size_t> judged, failing;  // parcel indices
    int zone_fail = 0, zone_total = 0;
    for (const auto& o : d.compliance) {
        if (o.zone_subject) {
            ++zone_total;
            zone_fail += o.status == RuleOutcome::Status::fail;
        } else {
            judged.insert(o.parcel);
            if (o.status == RuleOutcome::Status::fail) failing.insert(o.parcel);
        }
    }
    if (!judged.empty())
        html += card("地块判定 <span class=\"en\">parcels</span>", fmt::format("{} / {}", failing.size(), judged.size()),
                     "至少一条未通过 / 参评 failing / judged", failing.empty() ? "ok" : "bad");
    if (zone_total)
        html += card("区块目标 <span class=\"en\">zone targets</span>", fmt::format("{} / {}", zone_fail, zone_total),
                     "未达标 / 判定 missed / judged", zone_fail ? "bad" : "ok");
    for (const auto& r : d.indicators)
        if (r.category == "score" && r.scope == ScopeLevel::total && r.value) {
            html += card("集约度分值 <span class=\"en\">TD/T 1029 score</span>", fmt::format("{:.1f}", *r.value), "分 (0–100)");
            break;
        }
    for (const auto& r : d.jobs_housing)
        if (r.scope == ScopeLevel::total && r.radius_m == 0) {
            html += card("职住比 <span class=\"en\">jobs-housing</span>", r.ratio ? fmt::format("{:.2f}", *r.ratio) : "—",
                         xml_escape(r.band_zh.empty() ? std::string(label(r.status).id) : r.band_zh));
            break;
        }
    html += "</div>";
    if (!to_resolve.empty()) {
        html += "<h3>" + heading("需处理的问题", "Errors to resolve before submission") + "</h3><ul class=\"status\">";
        for (const auto* f : to_resolve)
            html += fmt::format("<li><b>{}</b> {}：{} <span class=\"en\">{}</span></li>", xml_escape(f->check_id),
                                xml_escape(f->subject_id), xml_escape(f->message_zh), xml_escape(f->message_en));
        html += "</ul>";
    }
    return html;
}

// A scale bar (about 150 px) and a north arrow: the maps are in Gauss-Krüger, grid north is up.
std::string scale_bar(const RenderedMap& m) {
    const double metres_per_css_px = m.metres_per_px * 2;  // the PNG is drawn at 2×
    const double length_m = nice_floor(150 * metres_per_css_px);
    const double px = length_m / metres_per_css_px;
    const std::string label = length_m >= 1000 ? fmt::format("{:g} km", length_m / 1000) : fmt::format("{:g} m", length_m);
    return fmt::format(
        R"(<svg width="{0:.0f}" height="44" role="img"><rect x="30" y="24" width="{1:.1f}" height="6" fill="#222"/>)"
        R"(<rect x="{2:.1f}" y="24" width="{3:.1f}" height="6" fill="#fff" stroke="#222"/>)"
        R"(<text x="30" y="20" font-size="11">0</text><text x="{4:.1f}" y="20" font-size="11" text-anchor="end">{5}</text>)"
        R"(<path d="M10 30 L15 8 L20 30 L15 25 Z" fill="#222"/><text x="15" y="42" font-size="10" text-anchor="middle">N</text></svg>)",
        px + 60, px / 2, 30 + px / 2, px / 2, 30 + px, label);
}

std::string maps(const ReportContent& c) {
    const Dataset& d = *c.dataset;
    std::string html;
    int n = 0;
    for (const auto& m : c.maps) {
        ++n;
        const std::string caption = fmt::format("图{} {}", n, heading(m.title_zh, m.title_en));
        if (!m.available) {
            html += fmt::format("<h3>{}</h3><p class=\"note\">{}</p>", caption, xml_escape(m.reason));
            continue;
        }
        html += fmt::format(R"(<figure id="map-{}"><figcaption>{}</figcaption>)", xml_escape(m.id), caption);
        html += fmt::format(R"(<img src="data:image/png;base64,{}" width="{}" height="{}" alt="{}">)", base64(m.png),
                            m.width_px / 2, m.height_px / 2, xml_escape(m.title_zh));
        html += "<div class=\"mapfoot\"><ul class=\"legend\">";
        for (const auto& e : m.legend) {
            std::string style;
            if (!e.fill.empty()) style += fmt::format("background:{};opacity:{:.2f};", e.fill, std::max(0.35, e.fill_opacity));
            if (!e.stroke.empty())
                style += fmt::format("border:2px {} {};", e.dashed ? "dashed" : "solid", e.stroke);
            html += fmt::format(R"(<li><span class="swatch" style="{}"></span>{}</li>)", style, xml_escape(e.label));
        }
        html += "</ul><div class=\"scale\">" + scale_bar(m) +
                fmt::format("<br>{} (EPSG:{})<br>数据：{} <span class=\"en\">rendered by Mapnik from the GeoPackage</span>",
                            xml_escape(d.working_crs.GetName() ? d.working_crs.GetName() : ""), d.working_epsg,
                            xml_escape(c.geopackage)) +
                "</div></div></figure>";
    }
    return html;
}

std::string charts(const ReportContent& c) {
    std::string html;
    int n = 0;
    for (const auto& ch : c.charts) {
        ++n;
        html += fmt::format("<figure id=\"chart-{}\"><figcaption>图表{} {}</figcaption>", xml_escape(ch.id), n,
                            heading(ch.title_zh, ch.title_en));
        if (ch.chart) html += bar_chart_svg(*ch.chart);
        html += "<p class=\"note\">" + xml_escape(ch.note) + "</p></figure>";
    }
    return html;
}

std::string cell_class(const Column& col, const Cell& cell) {
    if (col.kind != Column::Kind::text) return "num";
    if (const auto* s = std::get_if<std::string>(&cell)) {
        static const std::set<std::string> states = {"fail", "pass", "not_available", "error", "warning", "ok", "partial"};
        if ((col.field == "status" || col.field == "severity") && states.count(*s)) return *s;
    }
    return "";
}

// Indicators by scope: a row per indicator, a column per scope with the actual value and, where the
// indicator has a target, its 实现度; the target and the source once per row.
std::string by_scope(const Table& t) {
    auto at = [&](const char* field) {
        for (size_t i = 0; i < t.spec.columns.size(); ++i)
            if (t.spec.columns[i].field == field) return i;
        throw OutputError("report", fmt::format("{}: table '{}' is shown by scope and needs the field '{}'",
                                                t.spec.source_line, t.spec.id, field));
    };
    const size_t scope_id = at("scope_id"), scope_name = at("scope_name"), id = at("indicator_id"), name = at("name_zh"),
                 value = at("value"), unit = at("unit"), target = at("target"), realization = at("realization_pct"),
                 source = at("source");
    auto text = [](const Cell& c) { return std::holds_alternative<std::string>(c) ? std::get<std::string>(c) : ""; };
    std::vector<std::pair<std::string, std::string>> scopes;
    std::vector<std::string> indicators;
    std::map<std::string, const std::vector<Cell>*> first;                  // indicator → its first row
    std::map<std::pair<std::string, std::string>, const std::vector<Cell>*> cell;  // (indicator, scope) → row
    for (const auto& row : t.rows) {
        const std::string s = text(row[scope_id]), i = text(row[id]);
        if (std::none_of(scopes.begin(), scopes.end(), [&](const auto& p) { return p.first == s; }))
            scopes.emplace_back(s, text(row[scope_name]));
        if (!first.count(i)) {
            first[i] = &row;
            indicators.push_back(i);
        }
        cell[{i, s}] = &row;
    }
    // Sources are long and shared by many rows: numbered once, listed under the table.
    std::vector<std::string> sources;
    auto source_number = [&](const std::string& src) {
        auto it = std::find(sources.begin(), sources.end(), src);
        if (it == sources.end()) it = sources.insert(sources.end(), src);
        return static_cast<size_t>(it - sources.begin()) + 1;
    };
    std::string html = "<table class=\"pivot\"><thead><tr><th>指标</th><th>单位</th><th>理想值</th>";
    for (const auto& [sid, sname] : scopes) html += "<th>" + xml_escape(sname) + "</th>";
    html += "<th>依据</th></tr><tr class=\"en\"><th>Indicator</th><th>Unit</th><th>Target</th>";
    for (size_t i = 0; i < scopes.size(); ++i) html += "<th>现状值 / 实现度</th>";
    html += "<th>Source</th></tr></thead><tbody>";
    for (const auto& i : indicators) {
        const auto& row = *first[i];
        html += "<tr><td>" + xml_escape(text(row[name])) + "</td><td>" + xml_escape(text(row[unit])) + "</td>";
        html += "<td class=\"num\">" + xml_escape(format_cell(row[target], t.spec.columns[target])) + "</td>";
        for (const auto& [sid, sname] : scopes) {
            auto it = cell.find({i, sid});
            std::string v;
            if (it != cell.end()) {
                v = xml_escape(format_cell((*it->second)[value], t.spec.columns[value]));
                const std::string r = format_cell((*it->second)[realization], t.spec.columns[realization]);
                if (!r.empty()) v += "<br><span class=\"realization\">" + xml_escape(r) + "%</span>";
            }
            html += "<td class=\"num\">" + v + "</td>";
        }
        html += fmt::format("<td>[{}]</td></tr>", source_number(text(row[source])));
    }
    html += "</tbody></table><ol class=\"sources\">";
    for (const auto& src : sources) html += "<li>" + xml_escape(src) + "</li>";
    html += "</ol>";
    return html;
}

// A page stays readable and light: a longer table shows its first rows, the workbook and CSV hold all.
constexpr size_t kMaxPageRows = 2000;
constexpr size_t kMaxPrintRows = 300;  // a folded table longer than this stays folded in print
constexpr size_t kMaxPortraitColumns = 9;  // a table of more columns prints landscape

std::string tables(const ReportContent& c, const std::string& section) {
    std::string html;
    for (const auto& t : c.tables) {
        if (t.spec.section != section) continue;
        // A table of many columns prints on landscape pages of its own (the print CSS's page "wide").
        size_t reported = 0;
        for (const auto& col : t.spec.columns) reported += col.in_report ? 1 : 0;
        const bool wide = reported > kMaxPortraitColumns;
        const size_t start = html.size();
        const std::string title = heading(t.spec.title_zh, t.spec.title_en);
        if (!t.available) {
            html += fmt::format("<h3>{}</h3><p class=\"note\">未生成：缺少所需输入（{}） <span class=\"en\">not written: its "
                                "inputs are missing</span></p>",
                                title, xml_escape(t.spec.layer));
            continue;
        }
        std::string body = "<table><thead><tr>";
        for (const auto& col : t.spec.columns)
            if (col.in_report) body += "<th>" + xml_escape(col.header_zh) + "</th>";
        body += "</tr><tr class=\"en\">";
        for (const auto& col : t.spec.columns)
            if (col.in_report) body += "<th>" + xml_escape(col.header_en) + "</th>";
        body += "</tr></thead><tbody>";
        for (size_t r = 0; r < t.rows.size() && r < kMaxPageRows; ++r) {
            const auto& row = t.rows[r];
            body += "<tr>";
            for (size_t i = 0; i < row.size(); ++i) {
                if (!t.spec.columns[i].in_report) continue;
                const std::string cls = cell_class(t.spec.columns[i], row[i]);
                body += (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + xml_escape(format_cell(row[i], t.spec.columns[i])) +
                        "</td>";
            }
            body += "</tr>";
        }
        body += "</tbody></table>";
        const size_t shown = std::min(t.rows.size(), kMaxPageRows);
        if (t.cut())
            body += fmt::format("<p class=\"note\">本页列出前 {} 行，工作表与 CSV 列出前 {} 行，共 {} 行；全部记录见 GeoPackage 图层 {} "
                                "<span class=\"en\">the first {} of {} rows here, the first {} in the workbook and the CSV "
                                "file; every row is in the GeoPackage layer {}</span></p>",
                                shown, t.rows.size(), t.total_rows, xml_escape(t.spec.layer), shown, t.total_rows,
                                t.rows.size(), xml_escape(t.spec.layer));
        else if (t.rows.size() > kMaxPageRows)
            body += fmt::format("<p class=\"note\">本页列出前 {} 行，共 {} 行，完整数据见工作表与 CSV <span class=\"en\">the first {} "
                                "of {} rows; every row is in the workbook and the CSV file</span></p>",
                                kMaxPageRows, t.rows.size(), kMaxPageRows, t.rows.size());
        const std::string count = fmt::format("{} 行 rows · 工作表 sheet「{}」", t.total_rows, xml_escape(t.spec.sheet));
        // Folded tables print open, but a long one (or the row-by-row twin of a table shown by scope) stays
        // folded on paper, saying where its rows are: a dossier of hundreds of pages helps no reviewer.
        auto print_note = [&](size_t rows) {
            return fmt::format("<p class=\"note print-only\">打印从略：共 {} 行，见工作表「{}」及 GeoPackage 图层 {} "
                               "<span class=\"en\">not printed: {} rows, in the workbook and the GeoPackage</span></p>",
                               rows, xml_escape(t.spec.sheet), xml_escape(t.spec.layer), rows);
        };
        const bool long_table = t.total_rows > kMaxPrintRows;
        if (t.rows.empty()) body = "<p class=\"note\">无记录 <span class=\"en\">no rows</span></p>";
        if (t.spec.by_scope && !t.rows.empty())
            html += fmt::format("<h3 id=\"table-{}\">{}</h3><p class=\"note\">按范围列示；逐行明细（含状态与说明）见下方折叠表及工作表「{}」"
                                " <span class=\"en\">by scope; the row-by-row table (status, notes) is folded below and in the "
                                "workbook</span></p>{}<details class=\"print-folded\"><summary>{}（{}）</summary>{}</details>{}",
                                xml_escape(t.spec.id), title, xml_escape(t.spec.sheet), by_scope(t), title, count, body,
                                print_note(t.total_rows));
        else if (t.spec.collapsed)
            html += fmt::format("<details id=\"table-{}\"{}><summary>{}（{}）</summary>{}</details>{}", xml_escape(t.spec.id),
                                long_table ? " class=\"print-folded\"" : "", title, count, body,
                                long_table ? print_note(t.total_rows) : "");
        else
            html += fmt::format("<h3 id=\"table-{}\">{}</h3><p class=\"note\">{}</p>{}", xml_escape(t.spec.id), title,
                                count, body);
        if (wide) html.insert(start, "<section class=\"wide\">"), html += "</section>";
    }
    return html;
}

std::string fact(const std::string& key, const std::string& value) {
    return "<dt>" + key + "</dt><dd>" + xml_escape(value) + "</dd>";
}

std::string methods(const ReportContent& c) {
    const Dataset& d = *c.dataset;
    std::string html = "<h3>" + heading("坐标系与面积", "Coordinate systems and areas") + "</h3><dl class=\"facts\">";
    html += fact("工作坐标系 <span class=\"en\">working CRS</span>",
                 fmt::format("{} (EPSG:{}), 3° 带第 {} 带", d.working_crs.GetName() ? d.working_crs.GetName() : "",
                             d.working_epsg, d.gk_zone));
    html += fact("界址点坐标 <span class=\"en\">boundary-point table</span>",
                 fmt::format("EPSG:{}（Y 坐标带带号）及 EPSG:{}（不带带号）；经纬度为 CGCS2000", d.prefixed_epsg, d.working_epsg));
    html += fact("面积计算方法 <span class=\"en\">area method</span>", c.area_method);
    html += fact("单位换算 <span class=\"en\">units</span>", "1 km² = 100 公顷 = 1500 亩；1 公顷 = 15 亩");
    if (d.zone_type)
        html += fact("开发区类型 <span class=\"en\">zone type</span>",
                     std::string(label(*d.zone_type).zh) + "：" + d.zone_type_reason);
    html += "</dl>";

    html += "<h3>" + heading("职住平衡估算假设", "Jobs-housing assumptions") + "</h3><dl class=\"facts\">";
    html += fact("就业岗位 <span class=\"en\">jobs</span>", d.jh_basis.jobs_source);
    html += fact("居住人口 <span class=\"en\">residents</span>", d.jh_basis.residents_source);
    html += fact("参数 <span class=\"en\">parameters</span>", d.jh_basis.parameters);
    html += "</dl>";

    html += "<h3>" + heading("输入数据", "Inputs") + "</h3><table><thead><tr><th>角色 role</th><th>文件 file</th><th>图层 layer</th>"
            "<th>要素数 features</th><th>原坐标系 source CRS</th><th>SHA-256</th></tr></thead><tbody>";
    for (const auto& in : d.inputs) {
        std::string sums;
        for (const auto& [file, sha] : in.files_sha256) sums += (sums.empty() ? "" : "<br>") + xml_escape(sha.substr(0, 16)) + "…";
        html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                            xml_escape(in.role), xml_escape(in.path), xml_escape(in.layer), in.feature_count,
                            xml_escape(in.source_crs), sums);
    }
    html += "</tbody></table>";
    html += "<h3>" + heading("成果文件", "Output files") + "</h3><dl class=\"facts\">";
    html += fact("GeoPackage", c.geopackage + "（含 QGIS 样式与工程 / with QGIS styles and project）");
    html += fact("工作簿 <span class=\"en\">workbook</span>", c.workbook);
    html += fact("CSV (UTF-8)", c.csv_folder);
    html += "</dl>";
    return html;
}

}  // namespace

double nice_floor(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 1;
    const double power = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {5.0, 2.0, 1.0})
        if (step * power <= v * (1 + 1e-12)) return step * power;
    return power;
}

std::string build_html_report(const ReportContent& c, const std::string& template_path) {
    const Dataset& d = *c.dataset;
    const std::string title = d.project->title.empty() ? d.project->name : d.project->title;
    return detail::expand_template(
        detail::read_template(template_path), template_path,
        [&](const detail::Directive& dir) -> std::string {
            if (dir.name == "notice")
                return d.project->notice.empty() ? "" : "<div class=\"notice\">" + xml_escape(d.project->notice) + "</div>";
            if (dir.name == "summary") return summary(c);
            if (dir.name == "maps") return maps(c);
            if (dir.name == "charts") return charts(c);
            if (dir.name == "tables") return tables(c, dir.at("section", template_path));
            if (dir.name == "methods") return methods(c);
            throw OutputError("report", fmt::format("{}: unknown <!--parkgis:{}-->", template_path, dir.name));
        },
        {{"title", title}, {"date", c.date}, {"generator", c.generator}});
}

}  // namespace parkgis::report
