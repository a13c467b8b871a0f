#!/usr/bin/python3
"""Headless QGIS opens parkgis's output as a planner would: every layer valid with its CRS, styled from
layer_styles (our renderers, Chinese aliases), the embedded project with both print layouts exported to
PDF and PNG, and the GeoPackage still working after it is moved to another folder.

Usage: test_output_loads.py <parkgis binary> <source dir> <png out dir>
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg_"))

from qgis.core import (QgsApplication, QgsExpression, QgsExpressionContext,  # noqa: E402
                       QgsExpressionContextUtils, QgsLayoutExporter, QgsLayoutItemAttributeTable,
                       QgsGeometry, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemMapGrid,
                       QgsLayoutItemPicture,
                       QgsLayoutItemScaleBar, QgsMapRendererParallelJob, QgsMapSettings, QgsProject,
                       QgsProviderRegistry, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Checks  # noqa: E402

BIN, SRC, PNG_DIR = (os.path.abspath(a) for a in sys.argv[1:4])
check = Checks()


app = QgsApplication([], False)
app.initQgis()
work = tempfile.mkdtemp(prefix="parkgis_qgis_")
out = os.path.join(work, "wansheng.gpkg")
r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", out, "-q"],
                   capture_output=True, text=True)
check(r.returncode == 0, f"parkgis run failed: {r.stderr}")

expected = {"zones": 6, "boundary_points": None, "findings": None, "qa_issues": None, "area_summary": 9,
            "parcels": 549, "buildings": 1062, "indicators": None, "expansion_comparison": None,
            "compliance": None, "rules": 24, "compliance_summary": None, "rule_sets": 3,
            "jobs_housing": 36, "jh_grid": None, "jh_basis": None, "constraints": 4, "zone_totals": 6,
            "finding_subjects": None, "reasons": None, "boundary_rings": 8}
sublayers = QgsProviderRegistry.instance().querySublayers(out)
names = {s.name() for s in sublayers}
check(set(expected) <= names, f"layers in the GeoPackage: {sorted(names)}")
layers = {}
for name, count in expected.items():
    layer = QgsVectorLayer(f"{out}|layername={name}", name, "ogr")
    check(layer.isValid(), f"{name}: not valid in QGIS")
    if count is not None:
        check(layer.featureCount() == count, f"{name}: {layer.featureCount()} features, expected {count}")
    if layer.isSpatial():
        check(layer.crs().authid() == "EPSG:4545", f"{name}: CRS {layer.crs().authid()}")
    layers[name] = layer
names_zh = sorted(f["name"] for f in layers["zones"].getFeatures())
check("平山组团" in names_zh, f"zones: Chinese names in QGIS: {names_zh}")


# --- layer_styles: QGIS's schema, one default per layer, our renderer and the aliases of every field ---
db = sqlite3.connect(out)
geometry_column = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
data_layers = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE table_name != 'layer_styles'")]
rows = db.execute("SELECT f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, "
                  "useAsDefault FROM layer_styles").fetchall()
check(all(r[0] == "" and r[1] == "" for r in rows), "layer_styles: catalog and schema are empty strings")
for name in data_layers:
    mine = [r for r in rows if r[2] == name]
    check(sum(1 for r in mine if r[6]) == 1, f"layer_styles: {name} has {sum(1 for r in mine if r[6])} default styles")
    check(all(r[3] == geometry_column.get(name, "") and r[5].startswith("<!DOCTYPE qgis") for r in mine),
          f"layer_styles: {name}: geometry column or QML wrong")
check({r[4] for r in rows if r[2] == "parcels"} == {"土地利用现状", "合规结果"}, "parcels: land-use and compliance styles")
titles = {(t, c): title for t, c, title in db.execute("SELECT table_name, column_name, title FROM gpkg_data_columns")}
db.close()

# A layer opened on its own takes its default style from layer_styles (what a planner gets by dragging it
# into QGIS): our renderer, never the default single symbol, and a Chinese alias on every field.
ours = {"zones": ("categorizedSymbol", "zone_id"), "parcels": ("categorizedSymbol", "map_class"),
        "buildings": ("graduatedSymbol", "floors"), "constraints": ("categorizedSymbol", "kind"),
        "qa_issues": ("categorizedSymbol", "severity"), "jobs_housing": ("RuleRenderer", None),
        "jh_grid": ("graduatedSymbol", None), "boundary_points": ("singleSymbol", None)}
for name, layer in layers.items():
    fields = [f.name() for f in layer.fields() if f.name() != "fid"]
    missing = [f for f in fields if not layer.attributeAlias(layer.fields().indexOf(f))]
    check(not missing, f"{name}: fields without an alias: {missing}")
    wrong = [f for f in fields if titles.get((name, f)) != layer.attributeAlias(layer.fields().indexOf(f))]
    check(not wrong, f"{name}: gpkg_data_columns titles differ from the QML aliases: {wrong}")
    if layer.isSpatial():
        kind, attr = ours[name]
        r = layer.renderer()
        check(r.type() == kind, f"{name}: renderer {r.type()}, expected {kind}")
        if attr:
            check(r.classAttribute() == attr, f"{name}: classified on {r.classAttribute()}, expected {attr}")
# The one single-symbol layer is ours too: red-ringed white points labelled J1….
marker = layers["boundary_points"].renderer().symbol()
check(marker.symbolLayer(0).strokeColor().name() == "#c80000", "boundary_points: our marker, not the default")
check(layers["boundary_points"].labelsEnabled() and
      layers["boundary_points"].labeling().settings().fieldName == "point_name", "boundary_points: labelled J1…")
check(layers["zones"].labelsEnabled() and "area_km2" in layers["zones"].labeling().settings().fieldName,
      "zones: labelled with name and km²")
# Zones: the core and each cluster a category of its own, labelled with the zone's name.
zone_categories = {c.value(): c.label() for c in layers["zones"].renderer().categories()}
zone_names = {f["zone_id"]: f["name"] for f in layers["zones"].getFeatures()}
check(set(zone_categories) == set(zone_names), f"zones: categories {sorted(zone_categories)}")
check(zone_categories["WS-CORE"] == zone_names["WS-CORE"] + "（核心区）", "zones: the core is marked 核心区")
# Parcels: every map class of the sample has its own category (none falls to the catch-all).
parcel_categories = {c.value() for c in layers["parcels"].renderer().categories()}
classes = {f["map_class"] for f in layers["parcels"].getFeatures()}
check(classes <= parcel_categories and "" in parcel_categories, f"parcels: map classes {sorted(classes)}")
# Constraints are hatched: a line-pattern fill on farmland and the red line.
for cat in layers["constraints"].renderer().categories():
    if cat.value() in ("basic_farmland", "eco_redline"):
        check(any(sl.layerType() == "LinePatternFill" for sl in cat.symbol().symbolLayers()), f"constraints: {cat.value()} hatched")
# jh_grid: one range per 职住比 band, and every cell falls in the range of its own class (the graduated
# edges reproduce the bands' edge rules); partial windows carry a hatch switched on by coverage.
grid = layers["jh_grid"]
renderer = grid.renderer()
band_order = ["housing_severe", "housing_mild", "balanced", "jobs_mild", "jobs_severe"]
check([r.label().split("（")[0] for r in renderer.ranges()] == ["严重居住倾向", "轻微居住倾向", "基本平衡", "轻微就业倾向", "严重就业倾向"],
      f"jh_grid: ranges {[r.label() for r in renderer.ranges()]}")
expression = QgsExpression(renderer.classAttribute())
context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(grid))
ranges = renderer.ranges()  # copies: keep them alive while their symbols are used
mismatched = 0
for f in grid.getFeatures():
    context.setFeature(f)
    value = expression.evaluate(context)
    index = next((i for i, r in enumerate(ranges) if r.lowerValue() <= value <= r.upperValue()), None)
    if index is None or band_order[index] != f["jh_class_id"]:
        mismatched += 1
check(mismatched == 0, f"jh_grid: {mismatched} cells drawn in another band than their class")
first_symbol = ranges[0].symbol()
hatch = first_symbol.symbolLayer(1)
check(hatch.layerType() == "LinePatternFill" and "window_coverage_pct" in
      hatch.dataDefinedProperties().property(hatch.PropertyLayerEnabled).expressionString(), "jh_grid: partial windows hatched")


def render(map_layers, name, extent):
    """Renders map_layers to <PNG_DIR>/<name>.png and checks the image is not blank."""
    settings = QgsMapSettings()
    settings.setLayers(map_layers)
    settings.setDestinationCrs(layers["zones"].crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    os.makedirs(PNG_DIR, exist_ok=True)
    png = os.path.join(PNG_DIR, name + ".png")
    check(image.save(png), f"could not save {png}")
    non_white = sum(1 for x in range(0, image.width(), 10) for y in range(0, image.height(), 10)
                    if image.pixelColor(x, y) != QColor("white"))
    check(non_white > 200, f"{name}: rendered map is nearly blank ({non_white} sampled non-white pixels)")


# Renders with the stored styles: zones and boundary points; a close-up where a building straddles a
# parcel line; compliance (the parcels' second style); the 职住比 grid.
whole = QgsRectangle(layers["zones"].extent())
whole.scale(1.1)
render([layers["boundary_points"], layers["qa_issues"], layers["zones"], layers["constraints"]], "wansheng_zones", whole)
straddling = next(f for f in layers["buildings"].getFeatures() if f["parcel_count"] > 1)
c = straddling.geometry().boundingBox().center()
close_up = QgsRectangle(c.x() - 200, c.y() - 150, c.x() + 200, c.y() + 150)
render([layers["buildings"], layers["parcels"]], "wansheng_parcels_buildings", close_up)
statuses = {f["compliance"] for f in layers["parcels"].getFeatures()}
# No sample parcel passes outright: the 2008 投资强度 waits for judge.region_tier and the 2023 容积率
# table is empty, so a factory that meets every decidable rule is "not_available", never "pass".
check(statuses == {"fail", "not_available", "not_applicable"}, f"parcels: compliance values {sorted(statuses)}")
# The second style is one click away in QGIS (Load Style ▸ From database); load it the same way.
count, ids, style_names, descriptions, error = layers["parcels"].listStylesInDatabase()
check(count == 2 and "合规结果" in style_names, f"parcels: styles in the database {style_names}")
qml, error = layers["parcels"].getStyleFromDatabase(ids[style_names.index("合规结果")])
document = QDomDocument()
check(document.setContent(qml) and layers["parcels"].importNamedStyle(document)[0], "parcels: the compliance style loads")
check(layers["parcels"].renderer().classAttribute() == "compliance", "parcels: compliance style classifies compliance")
core = next(f for f in layers["zones"].getFeatures() if f["zone_id"] == "WS-CORE").geometry().boundingBox()
core.scale(1.05)
render([layers["parcels"]], "wansheng_compliance", core)
fails = [f for f in layers["compliance"].getFeatures() if f["status"] == "fail"]
check(len(fails) > 100 and all(f["message_zh"] for f in fails), "compliance: failures with messages")
check("citation" not in layers["compliance"].fields().names(), "compliance: the rule's citation is stored once, in rules")
# Coded fields are value maps: QGIS shows 不合格 where the field holds fail, and every stored code has a label.
for layer_name, field, code, label in (("compliance", "status", "fail", "不合格"), ("parcels", "compliance", "not_applicable", "不适用"),
                                       ("findings", "severity", "error", "错误"), ("boundary_points", "ring_kind", "outer", "外环"),
                                       ("indicators", "scope", "total", "合计"), ("jh_grid", "status", "partial", "部分数据")):
    lay = layers[layer_name]
    setup = lay.editorWidgetSetup(lay.fields().indexOf(field))
    mapping = {k: v for entry in setup.config().get("map", []) for k, v in entry.items()}
    check(setup.type() == "ValueMap" and mapping.get(label) == code, f"{layer_name}.{field}: value map {setup.type()} {mapping}")
    stored = {f[field] for f in lay.getFeatures()} - {None, ""}
    check(stored and stored <= set(mapping.values()), f"{layer_name}.{field}: every stored code has a label: {stored - set(mapping.values())}")
count, ids, style_names, descriptions, error = layers["zones"].listStylesInDatabase()
qml, error = layers["zones"].getStyleFromDatabase(ids[style_names.index("仅边界")])
check(document.setContent(qml) and layers["zones"].importNamedStyle(document)[0], "zones: the outline style loads")
grid_extent = QgsRectangle(layers["jh_grid"].extent())
grid_extent.scale(1.02)
render([layers["zones"], layers["jh_grid"]], "wansheng_jh_grid", grid_extent)
del layers, layer, grid, renderer, marker, ranges, first_symbol, hatch


def open_project(gpkg):
    """Reads the embedded project; returns the QgsProject (the global instance)."""
    project = QgsProject.instance()
    project.clear()
    check(project.read(f"geopackage:{gpkg}?projectName=wansheng"), f"project in {gpkg} does not open: {project.error()}")
    return project


# --- the embedded project, in place and after the GeoPackage is moved to another folder ---
moved_dir = tempfile.mkdtemp(prefix="parkgis_moved_")
moved = os.path.join(moved_dir, "wansheng.gpkg")
for gpkg, label in ((out, "in place"), (moved, "moved")):
    if label == "moved":
        shutil.move(out, moved)
        shutil.rmtree(work)
    project = open_project(gpkg)
    check(project.crs().authid() == "EPSG:4545", f"{label}: project CRS {project.crs().authid()}")
    project_layers = list(project.mapLayers().values())
    check(len(project_layers) == len(expected), f"{label}: {len(project_layers)} layers in the project")
    for layer in project_layers:
        check(layer.isValid(), f"{label}: project layer {layer.name()} is not valid")
        check(os.path.dirname(layer.source().split("|")[0]) == os.path.dirname(gpkg),
              f"{label}: {layer.name()} reads {layer.source()}")
    by_source = {layer.source().split("layername=")[1]: layer for layer in project_layers}
    check(by_source["zones"].name() == "申报范围（区块）", "project: layers carry Chinese names")
    check(by_source["parcels"].renderer().classAttribute() == "map_class", "project: parcels styled by land use")
    # The project joins each outcome to its rule: the attribute table shows the rule's name and citation.
    joined = [f for f in by_source["compliance"].getFeatures() if f["status"] == "fail"]
    check(len(joined) > 100 and all(f["citation"] and f["rule_name"] for f in joined),
          f"{label}: compliance joined to rules shows each failure's rule and citation")
    unjudged = [f for f in by_source["compliance"].getFeatures() if f["status"] == "not_available"]
    check(len(unjudged) > 100 and all(f["reason_zh"] and f["rule_name"] for f in unjudged),
          f"{label}: compliance joined to reasons shows why each outcome was not judged")
    check(set(project.mapThemeCollection().mapThemes()) == {"申报范围图", "土地利用现状图"}, "project: map themes")
    layouts = {lay.name(): lay for lay in project.layoutManager().printLayouts()}
    check(set(layouts) == {"申报范围图", "土地利用现状图", "分区块界址点图"}, f"{label}: layouts {sorted(layouts)}")
    # The atlas: one page per zone, each at a nice scale that shows it, with its own 界址点成果表.
    atlas_layout = layouts.pop("分区块界址点图")
    atlas = atlas_layout.atlas()
    points_of = {}
    for f in by_source["boundary_points"].getFeatures():
        points_of.setdefault(f["zone_id"], []).append(f["point_name"])
    check(atlas.enabled() and atlas.coverageLayer() is not None and atlas.updateFeatures() == 6,
          f"{label}: the atlas has one page per zone ({atlas.count()})")
    atlas_table = next(t for t in atlas_layout.multiFrames() if isinstance(t, QgsLayoutItemAttributeTable))
    atlas_map = next(i for i in atlas_layout.items() if isinstance(i, QgsLayoutItemMap))
    check(atlas.beginRender(), f"{label}: the atlas renders")
    for page in range(atlas.count()):
        atlas.seekTo(page)
        zone = atlas.layout().reportContext().feature()
        zone_geometry = zone.geometry()
        atlas_table.refreshAttributes()
        rows = atlas_table.contents()
        scale = round(atlas_map.scale())
        check(len(rows) == len(points_of[zone["zone_id"]]) and [r[0] for r in rows] == points_of[zone["zone_id"]],
              f"{label}: atlas page {page + 1} ({zone['zone_id']}) lists its {len(points_of[zone['zone_id']])} 界址点 "
              f"alone, in order ({len(rows)} rows)")
        check(scale in (1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000)
              and QgsGeometry.fromRect(atlas_map.extent()).contains(zone_geometry),
              f"{label}: atlas page {page + 1} shows {zone['zone_id']} whole at a nice scale (1:{scale})")
        if page < 2 and label == "in place":
            settings = QgsLayoutExporter.ImageExportSettings()
            settings.dpi = 100
            check(QgsLayoutExporter(atlas_layout).exportToImage(
                os.path.join(PNG_DIR, f"wansheng_atlas_page_{page + 1}.png"), settings) == QgsLayoutExporter.Success,
                f"{label}: atlas page {page + 1} PNG")
    atlas.endRender()
    del atlas_layout, atlas, atlas_table, atlas_map
    for name, lay in layouts.items():
        page = lay.pageCollection().page(0)
        check(lay.pageCollection().pageCount() == 1 and round(page.pageSize().width()) == 420 and
              round(page.pageSize().height()) == 297, f"{name}: one A3 landscape page")
        items = lay.items()
        maps = [i for i in items if isinstance(i, QgsLayoutItemMap)]
        check(len(maps) == 1 and maps[0].followVisibilityPreset() and maps[0].followVisibilityPresetName() == name,
              f"{name}: one map following its theme")
        grids = maps[0].grids().asList() if maps else []
        check(len(grids) == 1 and grids[0].crs().authid() == "EPSG:4524" and grids[0].annotationEnabled(),
              f"{name}: GK coordinate grid in EPSG:4524")
        scale = round(maps[0].scale()) if maps else 0
        nice = [m * 10 ** k for k in range(3, 7) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8)]
        check(scale in nice, f"{name}: map scale 1:{scale} is a scale a planner names")
        check(grids and grids[0].style() == QgsLayoutItemMapGrid.Cross, f"{name}: the grid drawn as crosses (十字丝)")
        check(any(isinstance(i, QgsLayoutItemLegend) for i in items), f"{name}: legend")
        check(any(isinstance(i, QgsLayoutItemScaleBar) and i.linkedMap() for i in items), f"{name}: scale bar")
        check(any(isinstance(i, QgsLayoutItemPicture) and "north_arrow" in i.picturePath() for i in items),
              f"{name}: north arrow")
        texts = " ".join(i.text() for i in items if isinstance(i, QgsLayoutItemLabel))
        check("重庆万盛经开区" in texts and name in texts and "日期" in texts and "数据" in texts,
              f"{name}: title, source and date")
        check(f"比例尺 1:{scale}" in texts, f"{name}: the printed scale is the map's")
        check("中央经线东经 108°" in texts and "制图单位：重庆万盛经济技术开发区管理委员会（示例）" in texts and "制图日期" in texts,
              f"{name}: the central meridian, the producing organisation and the date")
        # Legend and tables hide no zone and no finding: each item's rectangle on the page, where it lies over
        # the map, mapped to the map's coordinates, meets none of them.
        if maps:
            m = maps[0]
            frame = m.sceneBoundingRect()
            extent = m.extent()
            def on_map(rect):
                part = rect.intersected(frame)
                if part.isEmpty():
                    return None
                to_x = lambda px: extent.xMinimum() + (px - frame.left()) / frame.width() * extent.width()
                to_y = lambda py: extent.yMaximum() - (py - frame.top()) / frame.height() * extent.height()
                return QgsGeometry.fromRect(QgsRectangle(to_x(part.left()), to_y(part.bottom()), to_x(part.right()),
                                                         to_y(part.top())))
            for legend in (i for i in items if isinstance(i, QgsLayoutItemLegend)):
                legend.adjustBoxSize()  # its size as drawn (resized to its contents, from its reference point)
            covering = [i for i in items if isinstance(i, QgsLayoutItemLegend)] + \
                       [f for t in lay.multiFrames() if isinstance(t, QgsLayoutItemAttributeTable) for f in t.frames()]
            shapes = [f.geometry() for f in by_source["zones"].getFeatures()] + \
                     [f.geometry() for f in by_source["qa_issues"].getFeatures()]
            for item in covering:
                over = on_map(item.sceneBoundingRect())
                hidden = [] if over is None else [g for g in shapes if g.intersects(over)]
                check(not hidden, f"{name}: {type(item).__name__} at {item.sceneBoundingRect()} hides "
                                  f"{len(hidden)} zone(s) or finding(s)")
        if name == "申报范围图":
            tables = {t.vectorLayer().source().split("layername=")[1]: t for t in lay.multiFrames()
                      if isinstance(t, QgsLayoutItemAttributeTable)}
            check(set(tables) == {"boundary_points", "area_summary"}, f"{name}: tables {sorted(tables)}")
            for table_name, table in tables.items():
                # The frames must hold every row: a cut-off 界址点 table is a silently wrong dossier.
                shown = sum(f.extent().height() for f in table.frames())
                check(shown >= table.totalSize().height() - 0.01,
                      f"{name}: {table_name} table cut off ({shown:.1f} of {table.totalSize().height():.1f} mm)")
            check(len(tables["boundary_points"].contents()) == 208, "申报范围图: all 208 界址点 in the table")
        exporter = QgsLayoutExporter(lay)
        stem = {"申报范围图": "wansheng_layout_zone_application", "土地利用现状图": "wansheng_layout_landuse"}[name]
        pdf = os.path.join(moved_dir if label == "moved" else work, stem + ".pdf")
        check(exporter.exportToPdf(pdf, QgsLayoutExporter.PdfExportSettings()) == QgsLayoutExporter.Success and
              os.path.getsize(pdf) > 50_000, f"{label}: {name} PDF export")
        png = os.path.join(PNG_DIR, stem + ("" if label == "in place" else "_moved") + ".png")
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = 150
        check(exporter.exportToImage(png, settings) == QgsLayoutExporter.Success, f"{label}: {name} PNG export")
    del layouts, lay, items, maps, grids, project_layers, by_source
    project.clear()

check(subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", moved],
                     capture_output=True).returncode == 0, "validate_gpkg on the output")

# --- a planner saves the project from QGIS: a new run refuses to replace it, --overwrite replaces it -------
project = open_project(moved)
check(project.write(), f"QGIS saves the project back into the GeoPackage: {project.error()}")
project.clear()
before = open(moved, "rb").read()
rerun = [BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", moved, "-q", "--no-report"]
r = subprocess.run(rerun, capture_output=True, text=True)
check(r.returncode == 4 and "QGIS project 'wansheng' saved from QGIS" in r.stderr and "--overwrite" in r.stderr,
      f"a project saved from QGIS is not replaced silently: exit {r.returncode} {r.stderr}")
check(open(moved, "rb").read() == before, "the refused run leaves the GeoPackage as QGIS saved it")
r = subprocess.run(rerun + ["--overwrite"], capture_output=True, text=True)
check(r.returncode == 0, f"--overwrite replaces it: exit {r.returncode} {r.stderr}")
r = subprocess.run(rerun, capture_output=True, text=True)
check(r.returncode == 0, f"and the project parkgis wrote is its own again: exit {r.returncode} {r.stderr}")
code = check.summary()
# Drop every QGIS object before exitQgis, then leave without Python's teardown (a known QGIS
# crash when layers outlive the application).
app.exitQgis()
os._exit(code)
