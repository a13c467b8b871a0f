// Every declared output table (include/parkgis/write/tables.hpp) written by the one table writer into a real
// GeoPackage and read back: its fields, types and Chinese aliases are the declaration's, and each cell is
// what the column's getter gave. A column whose getter gives another type than declared is refused, naming
// the table and the column.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "parkgis/pipeline.hpp"
#include "parkgis/project.hpp"
#include "parkgis/value_labels.hpp"
#include "parkgis/write/tables.hpp"
#include "write/table_writer.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {

struct GeoPackage {
    fs::path path = fs::temp_directory_path() / ("parkgis-tables-test-" + std::to_string(::getpid()) + ".gpkg");
    std::unique_ptr<GDALDataset> ds;
    GeoPackage() {
        GDALAllRegister();
        fs::remove(path);
        ds.reset(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    ~GeoPackage() {
        ds.reset();
        fs::remove(path);
    }
    // Makes the table's layer with GDAL, closes the file and inserts the rows through SQLite, as the write
    // stage does (a refused row throws).
    template <typename Row>
    void write(const output::Table<Row>& table, const std::vector<Row>& rows, const OGRSpatialReference* srs = nullptr) {
        detail::TableWriter tables(*ds);
        tables.add(table, rows, srs);
        aliases.clear();
        OGRFeatureDefn* made = ds->GetLayerByName(table.name.c_str())->GetLayerDefn();
        for (int i = 0; i < made->GetFieldCount(); ++i) aliases.push_back(made->GetFieldDefn(i)->GetAlternativeNameRef());
        ds.reset();
        detail::SqliteSession db(path.string());
        tables.insert(db);
        db.commit();
    }
    std::vector<std::string> aliases;  // the layer's as GDAL made it
    // Closes and opens again, as a reader of the file sees it.
    GDALDataset& reopened() {
        ds.reset();
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
        return *ds;
    }
};

OGRFieldType expected_type(output::ColumnType t) {
    switch (t) {
        case output::ColumnType::text: return OFTString;
        case output::ColumnType::integer: return OFTInteger;
        case output::ColumnType::integer64: return OFTInteger64;
        case output::ColumnType::real: return OFTReal;
    }
    return OFTMaxType;
}

// Writes the rows, reads the layer back and compares it with the declaration, field by field and cell by cell.
template <typename Row>
void round_trip(const output::Table<Row>& table, const std::vector<Row>& rows) {
    SCOPED_TRACE(table.name);
    GeoPackage gpkg;
    gpkg.write(table, rows);
    // The aliases as the layer holds them once made: what describe_layers() gives gpkg_data_columns and the
    // QGIS styles (GDAL 3.6 keeps them in memory only; the write stage stores them itself).
    ASSERT_EQ(gpkg.aliases.size(), table.columns.size());
    for (size_t i = 0; i < table.columns.size(); ++i) {
        EXPECT_EQ(gpkg.aliases[i], table.columns[i].info.alias_zh);
        EXPECT_FALSE(table.columns[i].info.alias_zh.empty()) << table.columns[i].info.name << ": no Chinese alias";
    }
    OGRLayer* layer = gpkg.reopened().GetLayerByName(table.name.c_str());
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(layer->GetMetadataItem("DESCRIPTION"), table.description.c_str());
    EXPECT_STREQ(layer->GetMetadataItem("IDENTIFIER"), table.title_zh.c_str());
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(table.columns.size()));
    for (size_t i = 0; i < table.columns.size(); ++i) {
        const auto& c = table.columns[i].info;
        const OGRFieldDefn* f = defn->GetFieldDefn(static_cast<int>(i));
        EXPECT_EQ(f->GetNameRef(), c.name);
        EXPECT_EQ(f->GetType(), expected_type(c.type)) << c.name;
    }
    ASSERT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(rows.size()));
    layer->ResetReading();
    for (const auto& row : rows) {
        std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
        ASSERT_NE(f, nullptr);
        for (size_t i = 0; i < table.columns.size(); ++i) {
            const int k = static_cast<int>(i);
            const output::Cell cell = table.columns[i].get(row);
            const std::string& name = table.columns[i].info.name;
            if (std::holds_alternative<std::monostate>(cell)) EXPECT_TRUE(f->IsFieldNull(k)) << name;
            else if (auto* s = std::get_if<std::string>(&cell)) EXPECT_EQ(f->GetFieldAsString(k), *s) << name;
            else if (auto* d = std::get_if<double>(&cell)) EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(k), *d) << name;
            else EXPECT_EQ(f->GetFieldAsInteger64(k), std::get<long long>(cell)) << name;
        }
    }
}

}  // namespace

TEST(OutputTables, AreaSummaryReadsBackAsDeclared) {
    AreaSummaryRow core;
    core.scope = ScopeLevel::kind;
    core.id = "core";
    core.name = "核心区";
    core.kind = "core";
    core.zone_count = 1;
    core.declared_area_km2 = 5.39;
    core.area = {5390000.0, 5388500.0};
    AreaSummaryRow total = core;
    total.scope = ScopeLevel::total;
    total.id = "total";
    total.name = "合计";
    total.kind = "";
    total.declared_area_km2.reset();
    round_trip(output::area_summary_table(), {core, total});
    // The units are the declared ones: 5 390 000 m² = 5.39 km² = 539 公顷 = 8 085 亩.
    const auto& t = output::area_summary_table();
    auto value = [&](const char* column) {
        for (const auto& c : t.columns)
            if (c.info.name == column) return std::get<double>(c.get(core));
        return -1.0;
    };
    EXPECT_DOUBLE_EQ(value("area_km2"), 5.39);
    EXPECT_DOUBLE_EQ(value("area_ha"), 539.0);
    EXPECT_DOUBLE_EQ(value("area_mu"), 8085.0);
}

TEST(OutputTables, ZoneTotalsReadBackAsDeclared) {
    ZoneTotal t;
    t.zone_id = "Z1";
    t.parcel_count = 3;
    t.land_m2 = 20000;
    t.gfa_m2 = 30000;
    t.far = 1.5;
    ZoneTotal empty;
    empty.zone_id = "Z2";  // no parcel: no ratio
    round_trip(output::zone_totals_table(), {t, empty});
}

TEST(OutputTables, ComplianceSummaryRuleSetsAndBasisReadBackAsDeclared) {
    ComplianceCount c{"total", "合计", "industrial-land-control-2008", 270, 194, 54, 22, 0, 0, 0};
    round_trip(output::compliance_summary_table(), {c});
    AppliedRuleSet s{"tdt1029-2014", "2014", "开发区土地集约利用评价", "TD/T 1029", "parkgis/rules/x.yaml", "ab12", 18, 1,
                     {"R1: switched off (no data; project.yaml:12)", "R2: threshold 1.2 (reason; project.yaml:14)"}};
    AppliedRuleSet plain{"hebei-2020", "2020", "河北", "冀政字〔2020〕52号", "parkgis/rules/h.yaml", "cd34", 6, 0, {}};
    round_trip(output::rule_sets_table(), {s, plain});
    EXPECT_EQ(std::get<std::string>(output::rule_sets_table().columns.back().get(s)),
              "R1: switched off (no data; project.yaml:12)\nR2: threshold 1.2 (reason; project.yaml:14)");
    JobsHousingBasis::Activity office;
    office.activity = "office";
    office.floor_area_m2 = 12000;
    office.m2_per_job = 20;
    office.net_to_gross = 0.8;
    office.jobs = 480;
    office.basis = "NIA";
    JobsHousingBasis::Activity unknown;
    unknown.activity = "unknown";
    unknown.floor_area_m2 = 900;
    unknown.source = "use not recognised";
    round_trip(output::jh_basis_table(), {office, unknown});
}

TEST(OutputTables, IndicatorsReadBackAsDeclared) {
    IndicatorRow far;
    far.scope = ScopeLevel::total;
    far.scope_id = "total";
    far.scope_name = "合计";
    far.area_type = EvaluationArea::combined;
    far.category = "indicator";
    far.indicator_id = "composite_far";
    far.name_zh = "综合容积率";
    far.name_en = "Composite FAR";
    far.value = 0.98;
    far.numerator = 8.6e6;
    far.denominator = 8.77e6;
    far.parts_unit = "m² / m²";
    far.target = 1.2;
    far.realization = 81.67;
    IndicatorRow missing = far;
    missing.value.reset();
    missing.status = ValueStatus::not_available;
    missing.reason = "no buildings input";
    round_trip(output::indicators_table(), {far, missing});
    EXPECT_EQ(std::get<std::string>(output::indicators_table().columns[16].get(missing)), "not_available");
    EXPECT_EQ(std::get<std::string>(output::indicators_table().columns[3].get(far)), "combined");
}

TEST(OutputTables, BoundaryPointsReadBackAsDeclaredToTheCentimetre) {
    BoundaryPoint p;
    p.zone_id = "WS-CORE";
    p.zone_name = "核心区";
    p.ring = 2;
    p.hole = true;
    p.number = 17;
    p.x_north = 3205000.126;
    p.y_east_prefixed = 36393000.004;
    p.y_east = 393000.004;
    p.lon = 106.9;
    p.lat = 28.96;
    p.part = 2;
    p.record = 5;
    p.edge_m = 12.126;
    round_trip(output::boundary_points_table(), {p});
    const auto& t = output::boundary_points_table();
    auto cell = [&](const std::string& name) {
        for (const auto& c : t.columns)
            if (c.info.name == name) return c.get(p);
        ADD_FAILURE() << "no column " << name;
        return output::Cell{};
    };
    EXPECT_EQ(std::get<long long>(cell("part")), 2);
    EXPECT_EQ(std::get<long long>(cell("record")), 5);
    EXPECT_EQ(std::get<long long>(cell("ring")), 2);
    EXPECT_EQ(std::get<std::string>(cell("ring_kind")), "hole");
    EXPECT_EQ(std::get<std::string>(cell("point_name")), "J17");
    EXPECT_DOUBLE_EQ(std::get<double>(cell("x_north")), 3205000.13);
    EXPECT_DOUBLE_EQ(std::get<double>(cell("y_east_prefixed")), 36393000.0);
    EXPECT_DOUBLE_EQ(std::get<double>(cell("edge_m")), 12.13);
    EXPECT_EQ(std::get<std::string>(cell("lon_dms")), "106°54′00.00″");
}

// The rows go in through SQLite with geometry blobs parkgis makes itself: GDAL reads every geometry back as
// written (a hole, several parts, an empty one, none), the feature count and the extent are the layer's, and
// the blobs of 9 000 rows (three batches, made on a second thread) come back in order.
TEST(OutputTables, GeometryBlobsReadBackAsWrittenInOrder) {
    const std::vector<std::string> shapes = {
        "MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)))",
        "MULTIPOLYGON (((20 0,30 0,30 5,20 5,20 0)),((40 -3,45 -3,45 1,40 1,40 -3)))",
        "MULTIPOLYGON EMPTY",
        ""};  // no geometry: NULL
    std::vector<int> rows;
    for (int i = 0; i < 9000; ++i) rows.push_back(i);
    output::Table<int> table{"shapes", "形状", "geometry blobs",
                             {{{"n", output::ColumnType::integer, "序号", ""}, [](const int& v) { return output::integer(v); }}},
                             output::Geometry::multipolygon};
    table.geometry_of = [&](const int& v) -> std::unique_ptr<OGRGeometry> {
        const std::string& wkt = shapes[static_cast<size_t>(v) % shapes.size()];
        if (wkt.empty()) return nullptr;
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
        return std::unique_ptr<OGRGeometry>(g);
    };
    OGRSpatialReference srs;
    srs.importFromEPSG(4545);
    GeoPackage gpkg;
    gpkg.write(table, rows, &srs);
    OGRLayer* layer = gpkg.reopened().GetLayerByName("shapes");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetFeatureCount(false), 9000);  // gpkg_ogr_contents, as the insert left it
    OGREnvelope extent;
    ASSERT_EQ(layer->GetExtent(&extent, false), OGRERR_NONE);
    EXPECT_DOUBLE_EQ(extent.MinX, 0);
    EXPECT_DOUBLE_EQ(extent.MaxX, 45);
    EXPECT_DOUBLE_EQ(extent.MinY, -3);
    EXPECT_DOUBLE_EQ(extent.MaxY, 10);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4545");
    layer->ResetReading();
    int n = 0;
    while (std::unique_ptr<OGRFeature> f{layer->GetNextFeature()}) {
        ASSERT_EQ(f->GetFieldAsInteger(0), n);
        const std::string& wkt = shapes[static_cast<size_t>(n) % shapes.size()];
        const OGRGeometry* g = f->GetGeometryRef();
        if (wkt.empty()) {
            EXPECT_EQ(g, nullptr) << n;
        } else {
            ASSERT_NE(g, nullptr) << n;
            char* got = nullptr;
            g->exportToWkt(&got);
            EXPECT_EQ(std::string(got), wkt) << n;
            CPLFree(got);
        }
        ++n;
    }
    EXPECT_EQ(n, 9000);
}

TEST(OutputTables, AGetterOfAnotherTypeNamesTableAndColumn) {
    const output::Table<int> table{"t", "测试表", "a test table",
                                   {{{"count", output::ColumnType::integer, "数", ""}, [](const int& v) { return output::integer(v); }},
                                    {{"ratio", output::ColumnType::real, "比", ""},
                                     [](const int&) { return output::text("not a number"); }}}};
    for (size_t rows : {1, 9000}) {  // one batch, and batches made on a second thread while the first goes in
        GeoPackage gpkg;
        try {
            gpkg.write(table, std::vector<int>(rows, 1));
            FAIL() << "accepted";
        } catch (const std::logic_error& e) {
            EXPECT_STREQ(e.what(), "output table t: column ratio is declared real but its getter gave text");
        }
    }
}

namespace {

const std::string kSample = std::string(PARKGIS_SOURCE_DIR) + "/layers/wansheng/project.yaml";

// The sample run by a job into a scratch folder, removed afterwards.
struct SampleRun {
    fs::path folder = fs::temp_directory_path() / ("parkgis-tables-run-" + std::to_string(::getpid()));
    std::unique_ptr<GDALDataset> ds;
    explicit SampleRun(const std::vector<std::string>& job) {
        fs::remove_all(folder);
        static const auto project = load_project(kSample);
        RunOptions options;
        options.stages = job;
        options.output_path = (folder / "w.gpkg").string();
        run_pipeline(project, options);
        ds.reset(GDALDataset::Open(options.output_path.c_str(), GDAL_OF_VECTOR));
    }
    ~SampleRun() {
        ds.reset();
        fs::remove_all(folder);
    }
    // The alias gpkg_data_columns holds for a column (its title; what GeoPackage readers show).
    std::string stored_alias(const std::string& table, const std::string& column) {
        const std::string sql = "SELECT title FROM gpkg_data_columns WHERE table_name = '" + table +
                                "' AND column_name = '" + column + "'";
        OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        std::string alias;
        if (result) {
            if (std::unique_ptr<OGRFeature> f(result->GetNextFeature()); f) alias = f->GetFieldAsString(0);
            ds->ReleaseResultSet(result);
        }
        return alias;
    }
};

OGRwkbGeometryType expected_geometry(output::Geometry g) {
    switch (g) {
        case output::Geometry::none: return wkbNone;
        case output::Geometry::point: return wkbPoint;
        case output::Geometry::polygon: return wkbPolygon;
        case output::Geometry::multipolygon: return wkbMultiPolygon;
    }
    return wkbUnknown;
}

// The layer as the declaration says: title, description, geometry, every field's name, type and alias.
void expect_as_declared(SampleRun& run, const output::TableInfo& t) {
    SCOPED_TRACE(t.name);
    OGRLayer* layer = run.ds->GetLayerByName(t.name.c_str());
    ASSERT_NE(layer, nullptr) << "not written";
    EXPECT_STREQ(layer->GetMetadataItem("IDENTIFIER"), t.title_zh.c_str());
    EXPECT_STREQ(layer->GetMetadataItem("DESCRIPTION"), t.description.c_str());
    EXPECT_EQ(wkbFlatten(layer->GetGeomType()), expected_geometry(t.geometry));
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(t.columns.size()));
    for (size_t i = 0; i < t.columns.size(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(static_cast<int>(i));
        EXPECT_EQ(f->GetNameRef(), t.columns[i].name);
        EXPECT_EQ(f->GetType(), expected_type(t.columns[i].type)) << t.columns[i].name;
        EXPECT_EQ(run.stored_alias(t.name, t.columns[i].name), t.columns[i].alias_zh) << t.columns[i].name;
    }
    EXPECT_GT(layer->GetFeatureCount(), 0) << "the sample fills every table";
}

}  // namespace

// The sample's full run writes every declared table as declared, and no layer that is not declared.
TEST(OutputTables, TheSampleRunWritesEveryDeclaredTableAndNothingElse) {
    SampleRun run(job::run_without_report);
    ASSERT_NE(run.ds, nullptr);
    std::set<std::string> declared;
    for (const auto& t : output::declared_tables()) {
        EXPECT_TRUE(declared.insert(t.name).second) << t.name << " declared twice";
        expect_as_declared(run, t);
    }
    for (int i = 0; i < run.ds->GetLayerCount(); ++i) {
        const std::string name = run.ds->GetLayer(i)->GetName();
        if (name != "layer_styles") EXPECT_TRUE(declared.count(name)) << name << ": written but not declared";
    }
    EXPECT_EQ(declared.size(), 21u);
}

// A coded column names a vocabulary parkgis has, and its getter gives only that vocabulary's codes (checked
// on the sample run's tables in qgis/test_output_loads.py); here: every named vocabulary exists.
TEST(OutputTables, EveryDeclaredVocabularyExists) {
    int coded = 0;
    for (const auto& t : output::declared_tables())
        for (const auto& c : t.columns)
            if (!c.vocabulary.empty()) {
                ++coded;
                EXPECT_NE(value_labels(c.vocabulary), nullptr) << t.name << "." << c.name << ": " << c.vocabulary;
                EXPECT_EQ(c.type, output::ColumnType::text) << t.name << "." << c.name;
            }
    EXPECT_EQ(coded, 22);
}

// A declared join names a declared table, and both tables have its key column; compliance's rows name their
// rule in rules and repeat none of its columns.
TEST(OutputTables, JoinsNameADeclaredTableByAColumnOfBoth) {
    auto has = [](const output::TableInfo& t, const std::string& column) {
        for (const auto& c : t.columns)
            if (c.name == column) return true;
        return false;
    };
    int joins = 0;
    for (const auto& t : output::declared_tables()) {
        for (const auto& join : t.joins) {
            ++joins;
            const output::TableInfo* other = nullptr;
            for (const auto& o : output::declared_tables())
                if (o.name == join.table) other = &o;
            ASSERT_NE(other, nullptr) << t.name << " joins the undeclared " << join.table;
            EXPECT_TRUE(has(t, join.key)) << t.name << " lacks its join key " << join.key;
            EXPECT_TRUE(has(*other, join.key)) << other->name << " lacks the join key " << join.key;
            for (const auto& c : other->columns)
                if (c.name != join.key) EXPECT_FALSE(has(t, c.name)) << t.name << " repeats " << other->name << "." << c.name;
        }
    }
    EXPECT_EQ(joins, 2);
    const auto compliance = output::info(output::compliance_table());
    ASSERT_EQ(compliance.joins.size(), 2u);
    EXPECT_EQ(compliance.joins[0].table, "rules");
    EXPECT_EQ(compliance.joins[0].key, "rule_id");
    EXPECT_EQ(compliance.joins[1].table, "reasons");
    EXPECT_EQ(compliance.joins[1].key, "reason_id");
}

// --lean writes the overlay job's parcels and the zone totals, as declared.
TEST(OutputTables, TheLeanRunWritesItsTwoTablesAsDeclared) {
    SampleRun run(job::lean);
    ASSERT_NE(run.ds, nullptr);
    EXPECT_EQ(run.ds->GetLayerCount(), 2);
    expect_as_declared(run, output::info(output::lean_parcels_table()));
    expect_as_declared(run, output::info(output::zone_totals_table()));
}
