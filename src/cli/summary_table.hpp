#pragma once
#include <memory>
#include <string>
#include <vector>

#include "parkgis/dataset.hpp"
#include "parkgis/judge/rule_set.hpp"
#include "parkgis/stage.hpp"

namespace parkgis::cli {
// The width the tables below fit (columns of a terminal); a wider table is cut into blocks of columns.
void set_terminal_width(size_t columns);
// The language of the run summary (headings, column titles, coded values): Chinese by default (--lang).
enum class Lang { zh, en };
void set_language(Lang lang);
// zh or en as the summary's language is.
const char* tr(const char* zh, const char* en);
// Text whose lines are wider than the terminal broken at spaces, continued indented.
std::string fit_lines(const std::string& text);
std::string format_area_table(const Dataset& d);
std::string format_findings_summary(const Dataset& d);
std::string format_indicator_table(const Dataset& d);
std::string format_jobs_housing_table(const Dataset& d);
std::string format_compliance_summary(const Dataset& d);
std::string format_rule_set_list(const std::vector<std::string>& files);
std::string format_rule_set(const RuleSet& s);
// parkgis stages: every stage with what it does, what it needs and its options; then each command's job.
std::string format_stage_list(const std::vector<std::unique_ptr<Stage>>& stages);
}  // namespace parkgis::cli
