// The report's parts: tables read back from a GeoPackage (the declared aliases as headers, units, SQL columns),
// cell formatting, CSV for Excel, the workbook written by libxlsxwriter, and the SVG bar charts.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "parkgis/errors.hpp"
#include "report/charts.hpp"
#include "report/html_report.hpp"
#include "report/report_tables.hpp"
#include "report/table_files.hpp"

using namespace parkgis;
using namespace parkgis::report;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("parkgis_report_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A GeoPackage written by GDAL with the area_summary table as a planner may have edited it: three of its
// declared fields, in another order (the report selects by name).
std::string sample_geopackage() {
    GDALAllRegister();
    const std::string path = scratch("t.gpkg").string();
    fs::remove(path);
    auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("area_summary", nullptr, wkbNone, nullptr);
    OGRFieldDefn zones("zone_count", OFTInteger), name("name", OFTString), area("area_km2", OFTReal),
        declared("declared_area_km2", OFTReal);
    for (auto* f : {&zones, &name, &area, &declared}) layer->CreateField(f);
    struct Row {
        const char* name;
        double area;
        double declared;
        int zones;
    };
    for (const Row& r : {Row{"核心区", 5.3899996, 5.39, 1}, Row{"平山组团, \"东\"", 1.3200004, 1.32, 2}}) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("name", r.name);
        f.SetField("area_km2", r.area);
        f.SetField("declared_area_km2", r.declared);
        f.SetField("zone_count", r.zones);
        EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
    OGRFeature empty(layer->GetLayerDefn());
    empty.SetField("name", "无面积");
    EXPECT_EQ(layer->CreateFeature(&empty), OGRERR_NONE);
    return path;
}

std::string spec_file(const std::string& columns, const std::string& layer = "area_summary") {
    const auto path = scratch("tables.yaml");
    write_text(path, "tables:\n  - id: areas\n    sheet: 面积\n    zh: 面积汇总\n    en: Areas\n    section: summary\n"
                     "    layer: " + layer + "\n    order: \"fid\"\n    columns:\n" + columns);
    return path.string();
}

std::string load_error(const std::string& spec) {
    try {
        load_table_specs(spec);
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST(ReportTables, HeadersAndTypesFromTheDeclarationsUnitsAndSqlColumns) {
    const auto gpkg = sample_geopackage();
    const auto specs = load_table_specs(spec_file(
        "      - {field: name, en: Name}\n"
        "      - {field: area_km2, en: Area (km²), decimals: 4}\n"
        "      - {field: declared_area_km2, en: Declared (km²), unit: km², decimals: 2}\n"
        "      - {field: zone_count, en: Zones, unit: 个, report: false}\n"
        "      - {sql: \"area_km2 - declared_area_km2\", zh: 差值(km²), en: Difference (km²), decimals: 4}\n"));
    const auto tables = read_tables(gpkg, specs);
    ASSERT_EQ(tables.size(), 1u);
    const auto& t = tables[0];
    ASSERT_TRUE(t.available);
    const auto& c = t.spec.columns;
    EXPECT_EQ(c[0].header_zh, "名称");           // the declared alias
    EXPECT_EQ(c[1].header_zh, "实测面积(km²)");  // the alias already names the unit
    EXPECT_EQ(c[2].header_zh, "申报面积(km²)");
    EXPECT_EQ(c[3].header_zh, "区块数(个)");     // the unit added
    EXPECT_EQ(c[4].header_zh, "差值(km²)");
    EXPECT_EQ(c[1].kind, Column::Kind::real);
    EXPECT_EQ(c[3].kind, Column::Kind::integer);
    EXPECT_FALSE(c[3].in_report);
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "核心区");
    EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][1]), 5.3899996);
    EXPECT_EQ(std::get<long long>(t.rows[1][3]), 2);
    EXPECT_NEAR(std::get<double>(t.rows[1][4]), 0.0000004, 1e-12);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[2][1]));  // NULL stays empty, never 0
    EXPECT_EQ(format_cell(t.rows[0][1], c[1]), "5.3900");
    EXPECT_EQ(format_cell(t.rows[2][1], c[1]), "");
}

TEST(ReportTables, BadSpecsNameTheLineTableAndField) {
    const std::string unknown_key = load_error(spec_file("      - {field: name, en: Name, colour: red}\n"));
    EXPECT_NE(unknown_key.find("tables.yaml:10"), std::string::npos) << unknown_key;
    EXPECT_NE(unknown_key.find("colour"), std::string::npos) << unknown_key;
    EXPECT_EQ(load_error(spec_file("      - {field: area_m2, en: Area}\n      - {field: nowhere, en: Nowhere}\n")),
              "report: " + scratch("tables.yaml").string() +
                  ":11: table 'areas': the output table area_summary declares no column 'nowhere'");
    const std::string layer = load_error(spec_file("      - {field: name, en: Name}\n", "areas"));
    EXPECT_NE(layer.find("tables.yaml:7"), std::string::npos) << layer;
    EXPECT_NE(layer.find("no output table is called 'areas'"), std::string::npos) << layer;
    // An expression's type: real, integer or text; a field has its declared type.
    EXPECT_NE(load_error(spec_file("      - {sql: \"name || '!'\", type: colour, zh: 名, en: Name}\n"))
                  .find("type is real, integer or text, not 'colour'"),
              std::string::npos);
    EXPECT_NE(load_error(spec_file("      - {field: name, type: text, en: Name}\n")).find("'type' is for sql columns"),
              std::string::npos);
    const auto text = load_table_specs(spec_file("      - {sql: \"name || '!'\", type: text, zh: 名, en: Name}\n"));
    EXPECT_EQ(text.at(0).columns.at(0).kind, Column::Kind::text);
}

TEST(ReportTables, AMissingLayerIsNotAvailableAndAMissingFieldIsRefused) {
    const auto gpkg = sample_geopackage();
    auto specs = load_table_specs(spec_file("      - {field: cell_id, en: Cell}\n", "jh_grid"));
    EXPECT_FALSE(read_tables(gpkg, specs)[0].available);
    // Declared, but not in this GeoPackage (edited in QGIS, or written by another version).
    specs = load_table_specs(spec_file("      - {field: area_ha, en: Area (ha)}\n"));
    try {
        read_tables(gpkg, specs);
        FAIL() << "accepted";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("table 'areas': layer area_summary has no field 'area_ha'"),
                  std::string::npos)
            << e.what();
    }
}

// file_rows: the workbook and the CSV keep the first rows in order, and the table knows how many there are.
TEST(ReportTables, FileRowsKeepTheFirstRowsAndCountThemAll) {
    const auto gpkg = sample_geopackage();
    const auto path = scratch("tables.yaml");
    write_text(path, "tables:\n  - id: areas\n    sheet: 面积\n    zh: 面积汇总\n    en: Areas\n    section: summary\n"
                     "    layer: area_summary\n    order: \"fid DESC\"\n    file_rows: 2\n    columns:\n"
                     "      - {field: name, en: Name}\n");
    const auto tables = read_tables(gpkg, load_table_specs(path.string()));
    const auto& t = tables.at(0);
    EXPECT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.total_rows, 3u);
    EXPECT_TRUE(t.cut());
    EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "无面积");  // the order is kept: the last feature first
    EXPECT_EQ(table_csv(t), "\xEF\xBB\xBF名称\r\n无面积\r\n\"平山组团, \"\"东\"\"\"\r\n");
    // Without file_rows every row is read and counted.
    const auto all = read_tables(gpkg, load_table_specs(spec_file("      - {field: name, en: Name}\n")));
    EXPECT_EQ(all.at(0).rows.size(), 3u);
    EXPECT_EQ(all.at(0).total_rows, 3u);
    EXPECT_FALSE(all.at(0).cut());
}

// join: a report table reads the columns of the tables its layer's declaration joins (compliance → rules,
// → reasons), row for row on the keys (a NULL key joins nothing); a join the declaration does not name, or a field neither table has, is refused.
TEST(ReportTables, JoinReadsTheJoinedTablesColumnsOnTheDeclaredKey) {
    GDALAllRegister();
    const std::string gpkg = scratch("joined.gpkg").string();
    fs::remove(gpkg);
    {
        auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        std::unique_ptr<GDALDataset> ds(driver->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRLayer* outcomes = ds->CreateLayer("compliance", nullptr, wkbNone, nullptr);
        OGRLayer* rules = ds->CreateLayer("rules", nullptr, wkbNone, nullptr);
        OGRLayer* reasons = ds->CreateLayer("reasons", nullptr, wkbNone, nullptr);
        for (const char* f : {"rule_id", "subject_id", "status"}) {
            OGRFieldDefn d(f, OFTString);
            outcomes->CreateField(&d);
        }
        OGRFieldDefn reason_key("reason_id", OFTInteger64), reason_text("reason_zh", OFTString);
        outcomes->CreateField(&reason_key);
        reasons->CreateField(&reason_key);
        reasons->CreateField(&reason_text);
        {
            OGRFeature f(reasons->GetLayerDefn());
            f.SetField("reason_id", 7);
            f.SetField("reason_zh", "未填写行业代码");
            ASSERT_EQ(reasons->CreateFeature(&f), OGRERR_NONE);
        }
        for (const char* f : {"rule_id", "citation"}) {
            OGRFieldDefn d(f, OFTString);
            rules->CreateField(&d);
        }
        for (auto [rule, citation] : {std::pair{"R-B", "第二条"}, std::pair{"R-A", "第一条"}}) {
            OGRFeature f(rules->GetLayerDefn());
            f.SetField("rule_id", rule);
            f.SetField("citation", citation);
            ASSERT_EQ(rules->CreateFeature(&f), OGRERR_NONE);
        }
        for (auto [rule, subject] : {std::pair{"R-A", "P1"}, std::pair{"R-B", "P1"}, std::pair{"R-A", "P2"}}) {
            OGRFeature f(outcomes->GetLayerDefn());
            f.SetField("rule_id", rule);
            f.SetField("subject_id", subject);
            f.SetField("status", std::string(subject) == "P2" ? "not_available" : "fail");
            if (std::string(subject) == "P2") f.SetField("reason_id", 7);
            ASSERT_EQ(outcomes->CreateFeature(&f), OGRERR_NONE);
        }
    }
    const auto path = scratch("tables.yaml");
    auto spec = [&](const std::string& join, const std::string& column) {
        write_text(path, "tables:\n  - id: fails\n    sheet: 未通过\n    zh: 未通过\n    en: Failures\n    section: findings\n"
                         "    layer: compliance\n" + join + "    order: \"compliance.fid DESC\"\n    file_rows: 2\n"
                         "    columns:\n      - {field: subject_id, en: Parcel}\n      - {field: rule_id, en: Rule}\n" + column);
        return path.string();
    };
    const auto tables = read_tables(gpkg, load_table_specs(spec("    join: rules\n", "      - {field: citation, en: Clause}\n")));
    const auto& t = tables.at(0);
    EXPECT_EQ(t.spec.columns[2].header_zh, "依据条款");  // the rules table's declared alias
    EXPECT_EQ(t.total_rows, 3u);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "P2");
    EXPECT_EQ(std::get<std::string>(t.rows[0][2]), "第一条");
    EXPECT_EQ(std::get<std::string>(t.rows[1][1]), "R-B");
    EXPECT_EQ(std::get<std::string>(t.rows[1][2]), "第二条");
    const auto both = read_tables(gpkg, load_table_specs(spec("    join: [rules, reasons]\n",
                                                              "      - {field: citation, en: Clause}\n"
                                                              "      - {field: reason_zh, en: Reason}\n")));
    const auto& r = both.at(0);
    EXPECT_EQ(r.spec.columns[3].header_zh, "无法判定原因");  // the reasons table's declared alias
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(std::get<std::string>(r.rows[0][2]), "第一条");
    EXPECT_EQ(std::get<std::string>(r.rows[0][3]), "未填写行业代码");      // P2: reason 7
    EXPECT_TRUE(std::holds_alternative<std::monostate>(r.rows[1][3]));  // P1 failed: no reason
    EXPECT_NE(load_error(spec("", "      - {field: citation, en: Clause}\n"))
                  .find("the output table compliance declares no column 'citation'"),
              std::string::npos);
    EXPECT_NE(load_error(spec("    join: rules\n", "      - {field: colour, en: Colour}\n")).find("(nor does rules)"),
              std::string::npos);
    EXPECT_NE(load_error(spec("    join: parcels\n", "")).find("the output table compliance declares no join to 'parcels'"),
              std::string::npos);
}

// Every table of the bundled report reads declared columns of declared output tables.
TEST(ReportTables, TheBundledSpecificationReadsDeclaredColumnsOnly) {
    const auto specs = load_table_specs(std::string(PARKGIS_SOURCE_DIR) + "/layers/report/tables.yaml");
    EXPECT_EQ(specs.size(), 14u);
    for (const auto& spec : specs)
        for (const auto& c : spec.columns) EXPECT_FALSE(c.header_zh.empty()) << spec.id << "." << c.field;
}

TEST(ReportTables, CellFormats) {
    Column c;
    c.kind = Column::Kind::real;
    c.decimals = 2;
    EXPECT_EQ(format_cell(Cell{12345.678}, c), "12,345.68");
    EXPECT_EQ(format_cell(Cell{-1234567.0}, c), "-1,234,567.00");
    EXPECT_EQ(format_cell(Cell{9999.994}, c), "9999.99");
    EXPECT_EQ(format_cell(Cell{-0.001}, c), "0.00");  // no "-0.00"
    EXPECT_EQ(format_cell(Cell{std::numeric_limits<double>::infinity()}, c), "∞");
    EXPECT_EQ(format_cell(Cell{7LL}, c), "7");
    EXPECT_EQ(csv_value(Cell{0.1 + 0.2}, Column{}), "0.30");  // the CSV as displayed (2 decimals by default) …
    EXPECT_EQ(csv_value(Cell{0.1 + 0.2}, Column{}, true), "0.30000000000000004");  // … or with every digit
    EXPECT_EQ(csv_value(Cell{12345.678}, c), "12345.68");                          // no thousands separators
    EXPECT_EQ(csv_value(Cell{-3.5783899576813383e-07}, c), "0.00");                 // no "-0.00" noise
    EXPECT_EQ(csv_value(Cell{}, Column{}), "");
    c.grouped = false;  // coordinates
    EXPECT_EQ(format_cell(Cell{3206131.634}, c), "3206131.63");
}

// `labels:` a coded column shows its vocabulary's Chinese label on the page, in the workbook and the CSV;
// text outside the vocabulary stays as it is; an unknown vocabulary is refused naming the known ones.
TEST(ReportTables, CodedValuesShowTheirChineseLabels) {
    Column status;
    status.labels = value_labels("outcome_status");
    ASSERT_NE(status.labels, nullptr);
    EXPECT_EQ(format_cell(Cell{std::string("fail")}, status), "不合格");
    EXPECT_EQ(format_cell(Cell{std::string("not_available")}, status), "无法判定");
    EXPECT_EQ(csv_value(Cell{std::string("pass")}, status), "合格");
    EXPECT_EQ(format_cell(Cell{std::string("passed")}, status), "passed");
    Column kind;
    kind.labels = value_labels("zone_group");
    EXPECT_EQ(format_cell(Cell{std::string("expansion")}, kind), "扩区");
    EXPECT_EQ(value_labels("colour"), nullptr);
    const std::string refused = load_error(spec_file("      - {field: kind, en: Kind, labels: colour}\n"));
    EXPECT_NE(refused.find("no vocabulary 'colour'; the vocabularies are: binding, comparison"), std::string::npos)
        << refused;
}

TEST(TableFiles, CsvHasBomQuotingAndCrlf) {
    Table t;
    Column a, b;
    a.header_zh = "名称";
    b.header_zh = "面积(km²)";
    b.kind = Column::Kind::real;
    t.spec.columns = {a, b};
    t.rows = {{Cell{std::string("平山组团, \"东\"")}, Cell{1.32}}, {Cell{std::string("多行\n文本")}, Cell{}}};
    EXPECT_EQ(table_csv(t), "\xEF\xBB\xBF名称,面积(km²)\r\n\"平山组团, \"\"东\"\"\",1.32\r\n\"多行\n文本\",\r\n");
}

TEST(TableFiles, WorkbookIsAZipWithOneSheetPerAvailableTable) {
    const auto gpkg = sample_geopackage();
    auto specs = load_table_specs(spec_file("      - {field: name, en: Name}\n      - {field: area_km2, en: Area}\n"));
    auto tables = read_tables(gpkg, specs);
    Table missing;
    missing.spec = specs[0];
    missing.spec.sheet = "不存在";
    missing.available = false;
    tables.push_back(missing);
    const auto path = scratch("t.xlsx").string();
    write_workbook(path, tables, {"标题", "示例", "parkgis test", "2026-11-21"});
    // Read it back through GDAL's XLSX driver: sheets are layers.
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), 2);  // 说明 and 面积: a table that was not written gets no sheet
    EXPECT_STREQ(ds->GetLayer(0)->GetName(), "说明");
    EXPECT_STREQ(ds->GetLayer(1)->GetName(), "面积");
    // Duplicate sheet names are refused with the spec file named.
    tables.pop_back();
    tables.push_back(tables[0]);
    EXPECT_THROW(write_workbook(path, tables, {"标题", "", "parkgis test", ""}), OutputError);
}

TEST(Charts, NiceAxisEndsAndScaleBars) {
    EXPECT_DOUBLE_EQ(nice_ceiling(100), 100);
    EXPECT_DOUBLE_EQ(nice_ceiling(101), 200);
    EXPECT_DOUBLE_EQ(nice_ceiling(1.39), 2);
    EXPECT_DOUBLE_EQ(nice_ceiling(2.2), 2.5);
    EXPECT_DOUBLE_EQ(nice_ceiling(0), 1);
    EXPECT_DOUBLE_EQ(nice_floor(1499), 1000);
    EXPECT_DOUBLE_EQ(nice_floor(2600), 2000);
    EXPECT_DOUBLE_EQ(nice_floor(7.5), 5);
}

TEST(Charts, BarsAreProportionalAndTextIsEscaped) {
    BarChart chart;
    chart.axis_label = "实现度 (%)";
    chart.series = {{"核心区", "#c00"}};
    BarGroup g;
    g.label = "A<B";
    g.values = {50.0};
    chart.groups = {g, BarGroup{"无数据", {std::nullopt}, {""}, 1.0, "控制值"}};
    chart.reference = 100;
    const std::string svg = bar_chart_svg(chart);
    // The axis ends at 100; the plot spans 900 − label width (120) − 190 value room = 590 px, so 50 → 295 px.
    EXPECT_NE(svg.find(R"(width="295.0" height="14.0" fill="#c00")"), std::string::npos) << svg;
    EXPECT_NE(svg.find("A&lt;B"), std::string::npos);
    EXPECT_NE(svg.find("无数据 n/a"), std::string::npos);  // a missing value is said, not drawn as zero
    EXPECT_EQ(svg.find("http"), std::string::npos);       // inline SVG in HTML needs no namespace URL
}
