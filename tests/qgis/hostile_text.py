#!/usr/bin/python3
"""Hostile text through every sink (issue 20, items 3–6): zone names and ids that are spreadsheet formulas,
carry commas, line breaks, control and invisible characters, characters outside GBK and HTML; a parcel id
that is a DDE payload; a project title that is a QGIS expression. Each output must hold them as inert text:

- the CSV copies (csv module) and the workbook (openpyxl): no formula, formula-like text apostrophed;
- every QML in layer_styles and the embedded QGS: parsed by a strict XML parser (expat);
- the report page: the markup escaped;
- the 坐标 TXT: parsed record by record, no added field or record, every character kept (GB18030);
- the embedded project in headless QGIS: the layout labels show the title literally.

Usage: hostile_text.py <parkgis binary> <source dir> <png out dir>
"""
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg_"))

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "e2e"))
from checks import Checks  # noqa: E402
import bad_inputs as b  # noqa: E402
from output_text import layout_labels, styles_and_project, xml_errors  # noqa: E402

BIN, SRC, PNG_DIR = (os.path.abspath(a) for a in sys.argv[1:4])
check = Checks()

FORMULA_NAME = '=HYPERLINK("http://evil.invalid","点击")'
FORMULA_ID = "@SUM(1+1)"
DDE_PARCEL = "+1+cmd|' /C calc'!A0"
FORGED_NAME = "平山,组团\nJ1,1,0.00,0.00"
ODD_NAME = "平山\U00020000园区\u202e\u200b<script>alert(1)</script>\x01尾"
TITLE = "申报 [% env('HOME') %]"


def build(d):
    zones = os.path.join(d, "zones.gpkg")
    b.write_layer(zones, "zones", [
        ({"zone_id": FORMULA_ID, "name": FORMULA_NAME, "kind": "core"}, b.square(*b.Z1)),
        ({"zone_id": "Z2", "name": FORGED_NAME, "kind": "expansion"}, b.square(*b.Z2)),
        ({"zone_id": "Z3", "name": ODD_NAME, "kind": "expansion"}, b.square(396000, 3205000, 500))])
    parcels = os.path.join(d, "parcels.gpkg")
    b.write_layer(parcels, "parcels", [b.parcel_row(DDE_PARCEL, b.square(393100, 3205100, 200)),
                                       b.parcel_row("=1+1", b.square(395100, 3205100, 200))])
    proj = os.path.join(d, "project.yaml")
    with open(proj, "w", encoding="utf-8") as f:
        f.write(f'name: h\ntitle: "{TITLE}"\ninputs:\n  zones: {{path: zones.gpkg}}\n  parcels: {{path: parcels.gpkg}}\n')
    return proj


def number(text):
    try:
        float(text.replace(",", ""))
        return True
    except ValueError:
        return False


def formula_like(text):
    return bool(text) and (text[0] in "=+-@\t\r" or text[0] in "＝＋－＠") and not number(text)


def check_csv(folder):
    texts = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    check(not formula_like(cell), f"csv {name}: a cell Excel would run: {cell!r}")
                    texts.append(cell)
    check("'" + FORMULA_NAME in texts and "'" + FORMULA_ID in texts, "csv: the formula name and id, apostrophed")
    check(FORGED_NAME in texts, "csv: the name with a comma and a line break is one quoted cell")


def check_workbook(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                check(c.data_type != "f", f"xlsx {ws.title}!{c.coordinate}: a formula {c.value!r}")
                if isinstance(c.value, str):
                    check(not formula_like(c.value), f"xlsx {ws.title}!{c.coordinate}: runs on edit: {c.value!r}")
                    texts.append(c.value)
    check("'" + FORMULA_NAME in texts, "xlsx: the formula name apostrophed, as text")
    check(wb.worksheets[0]["A1"].value == TITLE, f"xlsx: the title as given: {wb.worksheets[0]['A1'].value!r}")


def check_xml(gpkg):
    styles, qgs = styles_and_project(gpkg)
    check(len(styles) >= 5, f"{len(styles)} styles")
    errors = xml_errors(styles, qgs)  # expat: strict XML 1.0
    check(errors == [], f"not well-formed: {errors}")
    check(b"\x01" not in qgs and b"&#x1;" not in qgs, "QGS: the control character removed")
    check(not any(TITLE in t for t in layout_labels(qgs)), "QGS: the title is not a live [% %] in any label")


def check_txt(path):
    raw = open(path, "rb").read()
    check(raw.count(b"\n") == raw.count(b"\r\n") == raw.count(b"\r"), "TXT: lines end in CR LF, and only there")
    lines = raw.decode("gb18030").split("\r\n")
    at = lines.index("[地块坐标]")
    i, names = at + 1, []
    while i < len(lines) and lines[i]:
        fields = lines[i].split(",")
        check(len(fields) == 9 and fields[-1] == "@", f"TXT: a record header of 9 fields: {lines[i]!r}")
        rows = int(fields[0])
        points = lines[i + 1:i + 1 + rows]
        check(all(p.startswith("J") and len(p.split(",")) == 4 for p in points), f"TXT: {rows} point rows of {fields[2]}")
        names.append(fields[3])
        i += 1 + rows
    check(i == len(lines) - 1, "TXT: nothing after the last record")
    # Records are numbered 1, 2, 3 (the zones in order); the names are the zones' own, made safe.
    check(len(names) == 3, f"TXT: three records, no forged one: {names}")
    check("平山，组团 J1，1，0.00，0.00" in names, f"TXT: Z2's name {names}")
    check("平山\U00020000园区<script>alert(1)</script> 尾" in names, f"TXT: Z3's name {names}")


def check_html(path):
    page = open(path, encoding="utf-8").read()
    check("<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "HTML: markup escaped")
    check("\x01" not in page, "HTML: no control character")
    check(os.environ.get("HOME", "/root") not in page, "HTML: no home folder")


def check_qgis(gpkg):
    from qgis.core import QgsApplication, QgsLayoutExporter, QgsLayoutItemLabel, QgsProject
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    check(project.read(f"geopackage:{gpkg}?projectName=h"), f"QGIS: the project opens: {project.error()}")
    home = os.path.expanduser("~")
    layouts = project.layoutManager().printLayouts()
    check(len(layouts) >= 1, "QGIS: layouts")
    for lay in layouts:
        texts = [i.currentText() for i in lay.items() if isinstance(i, QgsLayoutItemLabel)]
        check(any(t.startswith(TITLE) for t in texts), f"QGIS {lay.name()}: the title shown literally: {texts[:1]}")
        check(not any(home in t for t in texts), f"QGIS {lay.name()}: a label shows the home folder")
        os.makedirs(PNG_DIR, exist_ok=True)
        png = os.path.join(PNG_DIR, f"hostile_{lay.name()}.png")
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = 60
        check(QgsLayoutExporter(lay).exportToImage(png, settings) == QgsLayoutExporter.Success, f"QGIS: {png}")
    project.clear()
    app.exitQgis()


d = tempfile.mkdtemp(prefix="parkgis_hostile_")
try:
    proj = build(d)
    out = os.path.join(d, "out", "h.gpkg")
    r = subprocess.run([BIN, "run", proj, "-o", out, "-q"], capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"run: exit {r.returncode}: {r.stderr}")
    con = sqlite3.connect(out)
    notes = {s: m for s, m in con.execute("SELECT subject_id, message_en FROM findings WHERE check_id = "
                                          "'WRITE-COORDINATE-FILE-TEXT'")}
    names = {z: n for z, n in con.execute("SELECT zone_id, name FROM zones")}
    con.close()
    check("Z2" in notes and "commas" in notes["Z2"] and "line breaks" in notes["Z2"], f"finding for Z2: {notes}")
    check("Z3" in notes, f"findings for Z3: {notes}")
    check(names.get("Z3") == ODD_NAME and names.get(FORMULA_ID) == FORMULA_NAME,
          "GeoPackage: the names as given (the data is the planner's)")
    check_csv(os.path.join(d, "out", "report", "csv"))
    check_workbook(os.path.join(d, "out", "report", "h.xlsx"))
    check_xml(out)
    check_txt(os.path.join(d, "out", "h_boundary_points.txt"))
    check_html(os.path.join(d, "out", "report", "index.html"))
    check_qgis(out)
finally:
    shutil.rmtree(d, ignore_errors=True)
sys.exit(check.summary())
