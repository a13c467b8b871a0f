#include "table_files.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "../core/escape.hpp"
#include "../core/text.hpp"
#include "parkgis/errors.hpp"

namespace parkgis::report {

namespace {

constexpr const char* kStage = "report";
constexpr size_t kMaxSheetRows = 1048576 - 2;  // Excel's row limit less the two header rows

// Excel holds at most 32,767 characters in a cell; longer text is cut at a character boundary and says so.
constexpr std::size_t kMaxCellBytes = 32767;
std::string fit_cell(const std::string& s) {
    if (s.size() <= kMaxCellBytes) return s;
    static const std::string mark = "…（过长，已截断；全文见 GeoPackage / cut, full text in the GeoPackage）";
    std::size_t end = kMaxCellBytes - mark.size();
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end) + mark;
}

void check(lxw_error error, const std::string& path, const std::string& what) {
    if (error != LXW_NO_ERROR)
        throw OutputError(kStage, fmt::format("{}: {} failed ({})", path, what, lxw_strerror(error)));
}

std::string number_format(int decimals, bool grouped) {
    const std::string whole = grouped ? "#,##0" : "0";
    return decimals <= 0 ? whole : whole + "." + std::string(static_cast<size_t>(decimals), '0');
}

}  // namespace

std::string table_csv(const Table& table, bool full_precision) {
    std::string out = "\xEF\xBB\xBF";
    for (size_t i = 0; i < table.spec.columns.size(); ++i)
        out += (i ? "," : "") + detail::csv_field(table.spec.columns[i].header_zh);
    out += "\r\n";
    for (const auto& row : table.rows) {
        // Text from the data is neutralised (a leading = + - @ runs as a formula in Excel); numbers are numbers.
        for (size_t i = 0; i < row.size(); ++i)
            out += (i ? "," : "") + (std::holds_alternative<std::string>(row[i])
                                         ? detail::csv_field(csv_value(row[i], table.spec.columns[i], full_precision))
                                         : csv_value(row[i], table.spec.columns[i], full_precision));
        out += "\r\n";
    }
    return out;
}

void write_workbook(const std::string& path, const std::vector<Table>& tables, const WorkbookInfo& info) {
    // Constant memory: rows go to temp files as they are written (in order), so a city-sized table
    // does not sit in memory twice; libxlsxwriter's temp files go next to the output.
    const std::string tmpdir = std::filesystem::path(path).parent_path().string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir.empty() ? nullptr : const_cast<char*>(tmpdir.c_str());
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    if (!wb) throw OutputError(kStage, fmt::format("{}: the workbook cannot be created", path));
    // workbook_close frees the workbook whatever happens; a throw below must not leak it.
    struct Closer {
        lxw_workbook* wb;
        ~Closer() {
            if (wb) workbook_close(wb);
        }
    } closer{wb};

    lxw_doc_properties props{};
    props.title = const_cast<char*>(info.title.c_str());
    props.author = const_cast<char*>(info.generator.c_str());
    props.comments = const_cast<char*>(info.notice.c_str());
    check(workbook_set_properties(wb, &props), path, "setting the document properties");

    lxw_format* header_zh = workbook_add_format(wb);
    format_set_bold(header_zh);
    format_set_text_wrap(header_zh);
    format_set_align(header_zh, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(header_zh, 0xDCE6F1);
    format_set_border(header_zh, LXW_BORDER_THIN);
    lxw_format* header_en = workbook_add_format(wb);
    format_set_italic(header_en);
    format_set_text_wrap(header_en);
    format_set_align(header_en, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(header_en, 0xEEF3F8);
    format_set_border(header_en, LXW_BORDER_THIN);
    format_set_font_color(header_en, 0x404040);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    std::map<std::pair<int, bool>, lxw_format*> real_formats;
    auto real_format = [&](int decimals, bool grouped) {
        auto& f = real_formats[{decimals, grouped}];
        if (!f) {
            f = workbook_add_format(wb);
            format_set_num_format(f, number_format(decimals, grouped).c_str());
        }
        return f;
    };
    // Text cells are strings (Excel runs none on opening); formula-like text also gets the leading apostrophe
    // the CSV copy has, so that editing the cell does not make it a formula either (libxlsxwriter 1.1 has no
    // quote-prefix format).
    auto write_text = [&](lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& text, lxw_format* f) {
        const std::string cell = fit_cell(detail::looks_like_formula(text) ? "'" + text : text);
        check(worksheet_write_string(ws, r, c, cell.c_str(), f), path, "writing a cell");
    };
    lxw_format* integer_format = workbook_add_format(wb);
    format_set_num_format(integer_format, "0");

    // 说明: what the workbook is, where it comes from, and its sheets.
    lxw_worksheet* about = workbook_add_worksheet(wb, "说明");
    if (!about) throw OutputError(kStage, fmt::format("{}: the sheet 说明 cannot be added", path));
    worksheet_set_paper(about, 9);
    worksheet_fit_to_pages(about, 1, 0);
    worksheet_set_footer(about, "&C第 &P 页，共 &N 页");
    worksheet_set_column(about, 0, 0, 28, nullptr);
    worksheet_set_column(about, 1, 1, 90, wrap);
    lxw_row_t r = 0;
    write_text(about, r++, 0, info.title, bold);
    const std::vector<std::pair<std::string, std::string>> facts = {
        {"生成 Generated by", info.generator}, {"日期 Date", info.date}, {"说明 Notice", info.notice}};
    for (const auto& [k, v] : facts) {
        if (v.empty()) continue;
        worksheet_write_string(about, r, 0, k.c_str(), bold);
        write_text(about, r++, 1, v, wrap);
    }
    ++r;
    worksheet_write_string(about, r, 0, "工作表 Sheet", bold);
    worksheet_write_string(about, r++, 1, "内容 Content", bold);

    for (const auto& table : tables) {
        const bool cut = table.rows.size() > kMaxSheetRows;
        const std::string content = !table.available ? fmt::format("{} / {}：未生成（缺少所需输入） not written (inputs missing)",
                                                      table.spec.title_zh, table.spec.title_en)
                                    : table.cut() ? fmt::format("{} / {}（共 {} 行，本表与 CSV 列前 {} 行，全部见 GeoPackage 图层 {}；"
                                                                "{} rows: the first {} here and in the CSV, all in the "
                                                                "GeoPackage layer {}）",
                                                                table.spec.title_zh, table.spec.title_en, table.total_rows,
                                                                table.rows.size(), table.spec.layer, table.total_rows,
                                                                table.rows.size(), table.spec.layer)
                                    : cut ? fmt::format("{} / {}（共 {} 行，超出 Excel 行数上限，本表列前 {} 行，完整数据见 CSV；"
                                                        "{} rows, more than Excel holds: the first {} here, all in the CSV）",
                                                        table.spec.title_zh, table.spec.title_en, table.rows.size(),
                                                        kMaxSheetRows, table.rows.size(), kMaxSheetRows)
                                          : fmt::format("{} / {}（{} 行 rows）", table.spec.title_zh, table.spec.title_en,
                                                        table.rows.size());
        worksheet_write_string(about, r, 0, table.spec.sheet.c_str(), nullptr);
        worksheet_write_string(about, r++, 1, content.c_str(), wrap);
        if (!table.available) continue;

        lxw_worksheet* ws = workbook_add_worksheet(wb, table.spec.sheet.c_str());
        if (!ws)
            throw OutputError(kStage, fmt::format("{}: the sheet '{}' cannot be added (Excel allows 31 characters, no "
                                                  "[]:*?/\\, and unique names; see layers/report/tables.yaml)",
                                                  path, table.spec.sheet));
        // Printed as a reviewer files it: A4 landscape, one page wide, both header rows on every page, the
        // table's title at the top and the page number at the foot. (An & in a title would be a code there.)
        worksheet_set_paper(ws, 9);
        worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, 0, 1);
        std::string header_title;
        for (char ch : table.spec.title_zh) header_title += ch == '&' ? std::string("&&") : std::string(1, ch);
        worksheet_set_header(ws, ("&C" + header_title).c_str());
        worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
        const auto& cols = table.spec.columns;
        for (size_t c = 0; c < cols.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            double width = std::max(detail::display_cells(cols[c].header_zh), detail::display_cells(cols[c].header_en) * 0.8);
            for (size_t r = 0; r < table.rows.size() && r < 5000; ++r)  // a sample is enough to size a column
                width = std::max(width, detail::display_cells(format_cell(table.rows[r][c], cols[c])));
            lxw_format* cell_format = cols[c].kind == Column::Kind::real      ? real_format(cols[c].decimals, cols[c].grouped)
                                      : cols[c].kind == Column::Kind::integer ? integer_format
                                                                              : nullptr;
            worksheet_set_column(ws, col, col, std::clamp(width + 2, 8.0, 60.0), cell_format);
        }
        // Row by row: in constant-memory mode a row is flushed once the next one is started.
        for (size_t c = 0; c < cols.size(); ++c)
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cols[c].header_zh.c_str(), header_zh);
        for (size_t c = 0; c < cols.size(); ++c)
            worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), cols[c].header_en.c_str(), header_en);
        lxw_row_t row_index = 2;
        for (size_t r = 0; r < table.rows.size() && r < kMaxSheetRows; ++r) {
            const auto& row = table.rows[r];
            for (size_t c = 0; c < row.size(); ++c) {
                const auto col = static_cast<lxw_col_t>(c);
                if (const auto* d = std::get_if<double>(&row[c])) {
                    // Excel has no ∞: an unbounded ratio (jobs and no workers) is written as text.
                    if (std::isfinite(*d)) worksheet_write_number(ws, row_index, col, *d, nullptr);
                    else write_text(ws, row_index, col, format_cell(row[c], cols[c]), nullptr);
                } else if (const auto* i = std::get_if<long long>(&row[c])) {
                    worksheet_write_number(ws, row_index, col, static_cast<double>(*i), nullptr);
                } else if (std::holds_alternative<std::string>(row[c])) {
                    write_text(ws, row_index, col, format_cell(row[c], cols[c]), nullptr);  // a code by its label
                }
            }
            ++row_index;
        }
        worksheet_freeze_panes(ws, 2, 0);
        worksheet_autofilter(ws, 1, 0, static_cast<lxw_row_t>(std::max<size_t>(1, row_index - 1)),
                             static_cast<lxw_col_t>(cols.size() - 1));
    }
    closer.wb = nullptr;
    check(workbook_close(wb), path, "writing the workbook");
}

}  // namespace parkgis::report
