#pragma once
// The application tables as files a planner opens in Excel: one XLSX workbook (libxlsxwriter) and a
// CSV copy of each table in UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK).
// Internal to libparkgis.
#include <string>
#include <vector>

#include "report_tables.hpp"

namespace parkgis::report {

struct WorkbookInfo {
    std::string title, notice, generator, date;
};

// Writes the workbook to path (the caller renames it into place): an 说明 (About) sheet, then a
// sheet per available table with a Chinese and an English header row (units in both), frozen
// headers, an autofilter, number formats by the columns' decimals and full values in the cells.
void write_workbook(const std::string& path, const std::vector<Table>& tables, const WorkbookInfo& info);

// One table as CSV: BOM, the Chinese headers, CRLF rows (RFC 4180 quoting), full-precision numbers.
std::string table_csv(const Table& table, bool full_precision = false);

}  // namespace parkgis::report
