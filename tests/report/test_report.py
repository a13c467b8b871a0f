#!/usr/bin/python3
"""The application report as its readers get it: report/index.html opened by headless Chromium (Debian
chromium) and saved as PNG pages, the page checked for anything it could load from outside, and the
XLSX workbook (read back with openpyxl) and the CSV copies checked value by value against the
GeoPackage's tables.

Usage: test_report.py <parkgis binary> <source dir> <png out dir>
"""
import base64
import csv
import io
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

import openpyxl
from osgeo import ogr
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Checks  # noqa: E402

BIN, SRC, PNG_DIR = (os.path.abspath(a) for a in sys.argv[1:4])
check = Checks()
os.makedirs(PNG_DIR, exist_ok=True)

work = tempfile.mkdtemp(prefix="parkgis_report_")
gpkg = os.path.join(work, "wansheng.gpkg")
r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", gpkg],
                   capture_output=True, text=True)
check(r.returncode == 0, f"parkgis run failed: {r.stderr}")
report = os.path.join(work, "report")
html_path = os.path.join(report, "index.html")
xlsx_path = os.path.join(report, "wansheng.xlsx")
check(f"报告：          {html_path}" in r.stdout, "the run names the report (in Chinese, the summary's default)")
check(f"工作簿：        {xlsx_path}" in r.stdout, "the run names the workbook")
check(os.path.isfile(html_path) and os.path.isfile(xlsx_path), f"report files: {os.listdir(work)}")
leftovers = [f for f in os.listdir(report) + os.listdir(os.path.join(report, "csv")) if "parkgis-tmp" in f]
check(not leftovers, f"no temp files are left behind: {leftovers}")

db = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
html = open(html_path, encoding="utf-8").read()

# --- self-contained: nothing the browser could fetch -------------------------------------------------
check(re.search(r"(?i)\b(?:https?|ftp|wss?|file):", html) is None,
      f"no URL scheme in the page: {re.findall(r'(?i).{30}(?:https?|ftp|wss?|file):.{30}', html)[:3]}")
check(re.search(r"(?i)<(script|link|iframe|object|embed|base)\b", html) is None, "no script, link, frame or embed")
check(re.search(r"(?i)url\(|@import", html) is None, "no url() or @import in the CSS")
refs = re.findall(r'(?i)\b(?:src|href)\s*=\s*"([^"]*)"', html)
external = [x for x in refs if not (x.startswith("data:image/png;base64,") or x.startswith("#"))]
check(not external, f"every src/href is an embedded image or an anchor: {external[:3]}")
check("Content-Security-Policy" in html and "default-src 'none'" in html, "the page forbids every load (CSP)")
for anchor in re.findall(r'href="#([^"]+)"', html):
    check(f'id="{anchor}"' in html, f"anchor #{anchor} exists")

# --- maps: four PNGs rendered by Mapnik, with legends -------------------------------------------------
images = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]*)"', html)
check(len(images) == 4, f"four maps embedded, found {len(images)}")
for data, width, height, alt in images:
    png = base64.b64decode(data)
    im = Image.open(io.BytesIO(png))
    check(im.format == "PNG" and im.size == (2 * int(width), 2 * int(height)), f"{alt}: a {im.size} PNG drawn at 2×")
    colours = im.convert("RGB").getcolors(maxcolors=1 << 16) or []
    check(len(colours) >= 5, f"{alt}: the map is drawn ({len(colours)} colours)")
for title in ["申报范围图", "土地利用现状图", "地块合规判定图", "职住比网格图"]:
    check(title in html, f"map '{title}' is in the report")
for legend in ["永久基本农田", "平山组团", "M 工业用地", "未通过（至少一条规则）", "基本平衡（0.8 – 1.2）", "申报范围边界"]:
    check(f"</span>{legend}</li>" in html, f"legend entry '{legend}'")

# --- headings in Chinese and English, charts, tables ----------------------------------------------------
for zh, en in [("概况", "Summary"), ("图件", "Maps"), ("指标图表", "Charts"), ("指标与坐标表", "Tables"),
               ("判定结果", "Findings"), ("方法与依据", "Methods and sources")]:
    check(re.search(rf"<h2>\d {zh} <span class=\"en\">{en}</span></h2>", html) is not None, f"section {zh} / {en}")
check(html.count("<svg class=\"chart\"") == 2, "two charts (realization, FAR by industry)")
check("39 计算机、通信和其他电子设备制造业" in html, "FAR chart: divisions named from the GB/T 4754 crosswalk")
check("控制值 ≥ 0.6" in html, "FAR chart: the 2008 control value of division 26 (化学原料) is marked")

# the FAR chart's bars are the parcels' Σ floor area ÷ Σ land area per division
far39 = db.execute("SELECT sum(far_gfa_m2) / sum(area_m2) FROM parcels WHERE tdt_class = 'A2' "
                   "AND substr(industry_code, 1, 2) = '39'").fetchone()[0]
check(f">{far39:.2f}（控制值 ≥ 1）</text>" in html, f"FAR chart: division 39 at {far39:.2f} with its control value 1")

judged, failing = db.execute(
    "SELECT count(DISTINCT subject_id), count(DISTINCT CASE WHEN status = 'fail' THEN subject_id END) "
    "FROM compliance WHERE subject_layer = 'parcels'").fetchone()
check(f'<div class="v">{failing} / {judged}</div>' in html, f"summary: {failing} of {judged} parcels fail a rule")
total_km2 = db.execute("SELECT area_km2 FROM area_summary WHERE scope = 'total'").fetchone()[0]
check(f'<div class="v">{total_km2:.4f}</div>' in html, f"summary: total area {total_km2:.4f} km²")
qa_errors = db.execute("SELECT count(*) FROM findings WHERE severity = 'error' "
                       "AND check_id NOT IN (SELECT rule_id FROM compliance)").fetchone()[0]
check(qa_errors == 1 and "QA-CONSTRAINT-FARMLAND" in html, "summary lists the error to resolve (WS-E4 in 永久基本农田)")
# The zone targets' 说明 column: a failure in words (an sql column of type text), not a number.
row = re.search(r"<tr><td>[^<]*</td><td>CQWS-NEW-TECH</td>.*?</tr>", html)
check(row and "不满足" in row.group(0) and "148" in row.group(0), f"zone targets: the failure's 说明 {row and row.group(0)[-200:]}")
for title in ["土地集约利用指标（现状值、理想值、实现度）", "界址点坐标表", "地块判定：未通过及无法判定",
              "采用的规则集", "就业岗位估算依据", "面积计算方法", "国土资发〔2008〕24号"]:
    check(title in html, f"report shows '{title}'")
core_dev = db.execute("SELECT value, target, realization_pct FROM indicators WHERE scope_id = 'WS-CORE' "
                      "AND indicator_id = 'land_development_rate'").fetchone()
check(f'<td class="num">{core_dev[0]:.2f}</td><td>%</td><td class="num">{core_dev[1]:.2f}</td>'
      f'<td class="num">{core_dev[2]:.1f}</td>' in html, f"indicator row: 土地开发率 of the core {core_dev}")
check(f'<td>土地开发率</td><td>%</td><td class="num">100.00</td><td class="num">{core_dev[0]:.2f}<br>'
      f'<span class="realization">{core_dev[2]:.1f}%</span></td>' in html, "indicators by scope: 土地开发率 of the core")
point = db.execute("SELECT point_name, x_north, y_east_prefixed FROM boundary_points ORDER BY fid LIMIT 1").fetchone()
check(f"<td>{point[0]}</td><td class=\"num\">{point[1]:.2f}</td><td class=\"num\">{point[2]:.2f}</td>" in html,
      f"界址点 row {point}")

# --- Chromium renders the page; the PNG pages are kept for people to open ------------------------------
shot = os.path.join(work, "page.png")
r = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                    "--window-size=1240,40000", f"--screenshot={shot}", "file://" + html_path],
                   capture_output=True, text=True, timeout=180)
check(r.returncode == 0 and os.path.isfile(shot), f"chromium rendered the page: {r.stderr[-400:]}")
if os.path.isfile(shot):
    page = Image.open(shot).convert("RGB")
    # trim the white below the page's end, then cut into pages of 1754 px (A4 at 1240 px wide)
    inverted = Image.eval(page, lambda v: 255 - v)
    bbox = inverted.getbbox()
    check(bbox is not None and bbox[3] > 6000, f"the rendered page is long enough to hold maps and tables: {bbox}")
    page = page.crop((0, 0, 1240, min(page.height, (bbox[3] if bbox else page.height) + 40)))
    for old in os.listdir(PNG_DIR):
        if old.startswith("report_page_"):
            os.remove(os.path.join(PNG_DIR, old))
    step = 1754
    for i, top in enumerate(range(0, page.height, step), start=1):
        part = page.crop((0, top, 1240, min(page.height, top + step)))
        part.save(os.path.join(PNG_DIR, f"report_page_{i:02d}.png"))
    # the header's red rule and the maps' colours made it onto the screen, not only into the file
    first = page.crop((0, 0, 1240, 1754))
    reds = sum(n for n, (red, g, b) in first.getcolors(1 << 20) if red > 150 and g < 80 and b < 80)
    check(reds > 1000, f"page 1 shows the red header rule and red text ({reds} px)")
    print(f"report rendered: {page.height} px tall, {math.ceil(page.height / step)} PNG pages in {PNG_DIR}")

# --- printed to PDF (A4) by Chromium: numbered pages, folded tables open on paper unless long -------------------
pdf = os.path.join(work, "report.pdf")
r = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", f"--print-to-pdf={pdf}",
                    "file://" + html_path], capture_output=True, text=True, timeout=180)
check(r.returncode == 0 and os.path.isfile(pdf), f"chromium printed the report: {r.stderr[-300:]}")
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
# Portrait A4, and the tables of many columns (the 界址点 table's 11) on landscape pages of their own.
sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                   subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), pdf], capture_output=True, text=True).stdout)
landscape = sum(1 for w, h in sizes if float(w) > float(h))
check(sizes and float(sizes[0][0]) < float(sizes[0][1]) and 0 < landscape < len(sizes),
      f"the report prints portrait with landscape pages for wide tables: {landscape} of {len(sizes)} landscape")
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
# An attachable report cites documents by name: no internal note or confidence marker, on the page (images
# aside) nor in print.
page_text = re.sub(r'src="data:[^"]*"', "", html)
for marker in ("domain-spec", "⚠", "❌", "✅", "文号未核实"):
    check(marker not in page_text and marker not in text, f"the report prints the internal marker {marker!r}")
check(not re.search(r"[(（]S\d", page_text) and not re.search(r"[(（]S\d", text),
      f"the report prints a source code (S…): {re.findall(r'.{30}[(（]S[0-9].{10}', page_text + text)[:2]}")
numbers = re.findall(r"第 (\d+) 页 / 共 (\d+) 页", text)
check(10 < pages < 80 and [int(n) for n, _ in numbers] == list(range(1, pages + 1))
      and all(int(t) == pages for _, t in numbers), f"every printed page is numbered 第 n 页 / 共 {pages} 页: {numbers[:3]}")
first_x = db.execute("SELECT x_north FROM boundary_points ORDER BY fid LIMIT 1").fetchone()[0]
check(f"{first_x:.2f}" in text, "the folded 界址点 table prints open")
long_rows = db.execute("SELECT count(*) FROM compliance WHERE subject_layer = 'parcels' AND status <> 'pass'").fetchone()[0]
check(f"打印从略：共 {long_rows} 行" in text, f"the {long_rows}-row parcel table is left out of print, saying where it is")

# --- the workbook, read back ---------------------------------------------------------------------------
wb = openpyxl.load_workbook(xlsx_path)
sheets = ["说明", "面积汇总", "指标", "用地面积账", "扩区前后对比", "区块指标判定", "地块不合格及无法判定", "判定汇总",
          "边界检查", "职住平衡", "四至", "界址点圈", "界址点", "规则集", "就业密度假设"]
check(wb.sheetnames == sheets, f"sheets {wb.sheetnames}")
check(wb.properties.title == "重庆万盛经开区 市级高新区申报（示例数据）", f"workbook title {wb.properties.title}")


about = {row[0]: row[1] for row in wb["说明"].iter_rows(values_only=True) if row[0]}
n_ind = db.execute("SELECT count(*) FROM indicators WHERE category <> 'account'").fetchone()[0]
check(about.get("指标", "").endswith(f"（{n_ind} 行 rows）"), f"说明 lists the 指标 sheet with {n_ind} rows: {about.get('指标')}")
check("示例数据" in (about.get("说明 Notice") or ""), "说明 carries the sample-data notice")


def sheet_rows(name):
    ws = wb[name]
    rows = list(ws.iter_rows(values_only=True))
    return ws, rows[0], rows[1], rows[2:]


for name in sheets[1:]:
    ws, zh, en, rows = sheet_rows(name)
    check(ws.freeze_panes == "A3", f"{name}: the two header rows are frozen ({ws.freeze_panes})")
    check(all(zh) and all(en), f"{name}: every column has a Chinese and an English header")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A2:"), f"{name}: autofilter {ws.auto_filter.ref}")

ws, zh, en, rows = sheet_rows("面积汇总")
check("实测面积(km²)" in zh and "实测面积(公顷)" in zh and "实测面积(亩)" in zh, f"areas: units in the headers {zh}")
col = zh.index("实测面积(km²)")
check(ws.cell(row=3, column=col + 1).number_format == "#,##0.0000", "areas: km² shown with 4 decimals")
total_row = [r for r in rows if r[0] == "合计"]
check(len(total_row) == 1 and total_row[0][col] == total_km2, f"areas: total {total_row} = {total_km2} km²")
ws, zh, en, rows = sheet_rows("界址点")
check("X坐标（北，m）" in zh and "Y坐标（东，含带号，m）" in zh, f"界址点: metres in the headers {zh}")
check(len(rows) == db.execute("SELECT count(*) FROM boundary_points").fetchone()[0], "界址点: every point")
x_col = zh.index("X坐标（北，m）(m)") if "X坐标（北，m）(m)" in zh else zh.index("X坐标（北，m）")
check(ws.cell(row=3, column=x_col + 1).number_format == "0.00", "界址点: X at 2 decimals, no thousands separator")
check("边长(m，至下一点)" in zh and "圈号（1外环，2起为该部分的内环）" in zh, f"界址点: 边长 and 圈号 per part {zh}")
edges = db.execute("SELECT sum(edge_m) FROM boundary_points WHERE zone_id = 'WS-CORE'").fetchone()[0]
zones_ds = ogr.Open(gpkg)  # held while its features are read: GDAL's objects die with their dataset
core = next(f for f in zones_ds.GetLayer("zones") if f["zone_id"] == "WS-CORE")
core_perimeter = core.GetGeometryRef().Boundary().Length()
del core, zones_ds
check(abs(edges - core_perimeter) < 0.01 * 29, f"界址点: the core's 边长 add up to its perimeter {edges} ≈ {core_perimeter}")

# 四至: without a neighbours layer each side is named by its extreme 界址点 and its coordinates.
ws, zh, en, rows = sheet_rows("四至")
core_row = next(r for r in rows if r[zh.index("区块名称")] == "万盛经开区高新技术产业核心区")
east_point = db.execute("SELECT point_name, x_north, y_east_prefixed FROM boundary_points WHERE zone_id = 'WS-CORE' "
                        "ORDER BY y_east DESC, point_no LIMIT 1").fetchone()
check(core_row[zh.index("东至")] == f"{east_point[0]}（X={east_point[1]:.2f}，Y={east_point[2]:.2f}）",
      f"四至: the core's east side is its easternmost point {core_row} {east_point}")
check(len(rows) == 6 and all(all(r[zh.index(k)] for k in ("东至", "南至", "西至", "北至")) for r in rows), "四至: every zone, every side")

# Coded values in Chinese: the workbook's and the page's results read 合格/不合格/无法判定, never pass/fail.
ws, zh, en, rows = sheet_rows("区块指标判定")
results = {r[zh.index("结果（pass合格/fail不合格/not_available无法判定）")] for r in rows}
stored = {s for (s,) in db.execute("SELECT DISTINCT status FROM compliance WHERE subject_layer = 'zones'")}
label = {"pass": "合格", "fail": "不合格", "not_available": "无法判定"}
check(results == {label[s] for s in stored} and len(results) >= 2, f"zone targets: results in Chinese {results}")
check('<td class="fail">不合格</td>' in html and '<td class="fail">fail</td>' not in html,
      "the page shows 不合格, styled as a failure")
kinds = {r[1] for r in sheet_rows("面积汇总")[3]}
check({"核心区", "扩区"} <= kinds and not kinds & {"core", "expansion"}, f"areas: kinds in Chinese {kinds}")

# indicators: 指标 + 用地面积账 together are the GeoPackage's indicators table, value for value
# the workbook shows a status by its Chinese label (the vocabulary's), the GeoPackage stores its code
value_status = {"ok": "已计算", "partial": "部分数据", "not_available": "缺数据", "not_scored": "不计分"}
gp = {(s, i): (v, u, t, rp, w, value_status[st]) for s, i, v, u, t, rp, w, st in db.execute(
    "SELECT scope_id, indicator_id, value, unit, target, realization_pct, weight, status FROM indicators")}
_, zh, _, rows = sheet_rows("指标")
idx = {h: zh.index(h) for h in ["范围编号", "指标编号", "现状值", "单位", "理想值", "实现度(%)", "权重", "状态"]}
seen = {}
for row in rows:
    seen[(row[idx["范围编号"]], row[idx["指标编号"]])] = tuple(
        row[idx[h]] for h in ["现状值", "单位", "理想值", "实现度(%)", "权重", "状态"])
_, zh2, _, rows2 = sheet_rows("用地面积账")
for row in rows2:
    seen[(row[zh2.index("范围编号")], row[zh2.index("指标编号")])] = (row[zh2.index("现状值")], row[zh2.index("单位")])


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-14, abs_tol=1e-14)
    return a == b


check(len(seen) == len(gp) == 465, f"indicators: {len(seen)} rows in the workbook, {len(gp)} in the GeoPackage")
mismatch = []
for key, expected in gp.items():
    got = seen.get(key)
    if got is None or not all(same(a, b) for a, b in zip(got, expected)):
        mismatch.append((key, got, expected))
check(not mismatch, f"indicators: every value, unit, target, 实现度, weight and status agree: {mismatch[:3]}")
ws = wb["指标"]
check(ws.cell(row=3, column=idx["现状值"] + 1).number_format == "#,##0.00", "indicators: value format #,##0.00")
check(ws.cell(row=3, column=idx["实现度(%)"] + 1).number_format == "#,##0.0", "indicators: 实现度 format #,##0.0")

# --- CSV copies: UTF-8 with BOM, the same rows as the workbook, at the precision the workbook shows ---------
csv_dir = os.path.join(report, "csv")
csv_files = sorted(os.listdir(csv_dir))
check(len(csv_files) == len(sheets) - 1, f"a CSV per table: {csv_files}")
for f in csv_files:
    raw = open(os.path.join(csv_dir, f), "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), f"{f}: starts with the UTF-8 BOM")
    check(b"\r\n" in raw, f"{f}: CRLF rows")
rows = list(csv.reader(io.StringIO(open(os.path.join(csv_dir, "wansheng_indicators.csv"), encoding="utf-8-sig",
                                        newline="").read())))
header = rows[0]
check(header[:3] == ["范围编号", "范围名称", "指标编号"], f"indicators CSV header {header[:3]}")


def displayed(v, decimals):
    text = f"{v:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def csv_mismatches(rows, exact):
    bad = []
    for row in rows[1:]:
        value = row[header.index("现状值")]
        expected = gp[(row[0], row[2])][0]
        if expected is None or expected in (float("inf"), float("-inf")):
            ok = value in ("", "∞", "−∞")
        else:
            ok = float(value) == expected if exact else value == displayed(expected, 2)
        if not ok:
            bad.append((row[0], row[2], value, expected))
    return bad


bad = csv_mismatches(rows, exact=False)
check(not bad and len(rows) - 1 == len(sheet_rows("指标")[3]), f"indicators CSV: values as the workbook shows them {bad[:3]}")
check(any("." in row[header.index("现状值")] and len(row[header.index("现状值")].split(".")[1]) == 2 for row in rows[1:])
      and not any("," in row[header.index("现状值")] for row in rows[1:]), "indicators CSV: 2 decimals, no separators")

# --- parkgis report: report/ rebuilt from the GeoPackage gives the run's pages; an edit in the file shows -------
def report_files():
    out = {}
    for folder, _, files in os.walk(report):
        for f in files:
            out[os.path.relpath(os.path.join(folder, f), report)] = open(os.path.join(folder, f), "rb").read()
    return out


def workbook_values(path):
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def without_date(page):
    return re.sub(rb"\d{4}-\d{2}-\d{2}", b"<date>", page)


db.close()
ran = report_files()
ran_workbook = workbook_values(xlsx_path)
r = subprocess.run([BIN, "report", gpkg], capture_output=True, text=True)
check(r.returncode == 0 and f"报告：          {html_path}" in r.stdout, f"parkgis report runs: {r.returncode} {r.stderr}")
rebuilt = report_files()
check(sorted(rebuilt) == sorted(ran), f"parkgis report writes the run's files: {sorted(set(rebuilt) ^ set(ran))}")
check(without_date(rebuilt.get("index.html", b"")) == without_date(ran["index.html"]),
      "parkgis report gives the run's page, byte for byte (maps included)")
check(all(rebuilt.get(f) == ran[f] for f in ran if f.startswith("csv/")), "parkgis report gives the run's CSV files")
check(workbook_values(xlsx_path) == ran_workbook, "parkgis report gives the run's workbook, cell for cell")
r = subprocess.run([BIN, "report", gpkg, "--csv-full-precision", "-q"], capture_output=True, text=True)
full_rows = list(csv.reader(io.StringIO(open(os.path.join(csv_dir, "wansheng_indicators.csv"), encoding="utf-8-sig",
                                             newline="").read())))
bad = csv_mismatches(full_rows, exact=True)
check(r.returncode == 0 and not bad and any(len(row[header.index("现状值")]) > 12 for row in full_rows[1:]),
      f"--csv-full-precision: every digit of the stored values {bad[:3]}")

# The workbook prints as a reviewer files it: A4 landscape, one page wide, both header rows on every page.
for name in sheets[1:]:
    ws = wb[name]
    check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
          and ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1, "1")  # 1: the default
          and ws.page_setup.fitToHeight in (0, "0") and ws.print_title_rows in ("1:2", "$1:$2")
          and "&P" in (ws.oddFooter.center.text or ""),
          f"sheet {name}: print setup {ws.page_setup.orientation} {ws.page_setup.paperSize} {ws.print_title_rows} "
          f"{ws.page_setup.fitToWidth}/{ws.page_setup.fitToHeight} {ws.oddFooter.center.text!r}")

# A planner corrects a cluster's name and the total's measured area in QGIS; the rebuilt report follows.
# GDAL edits the file as QGIS would (its SQL functions serve the GeoPackage's R-tree triggers).
edit = ogr.Open(gpkg, update=1)
edit.ExecuteSQL("UPDATE zones SET name = '平山组团（已核）' WHERE name = '平山组团'")
edit.ExecuteSQL("UPDATE area_summary SET area_m2 = area_m2 + 1000000, area_km2 = area_km2 + 1 WHERE scope = 'total'")
edit = None
ro = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
total_after = ro.execute("SELECT area_m2 FROM area_summary WHERE scope = 'total'").fetchone()[0] / 1e6
ro.close()
r = subprocess.run([BIN, "report", gpkg, "--quiet"], capture_output=True, text=True)
page = open(html_path, encoding="utf-8").read()
check(r.returncode == 0 and r.stdout == "", f"parkgis report --quiet: {r.returncode} {r.stdout!r} {r.stderr}")
check("</span>平山组团（已核）</li>" in page, "the edited cluster name is in the rebuilt map legend")
check(f'<div class="v">{total_after:.4f}</div>' in page, f"the summary card shows the edited total {total_after:.4f} km²")

# A field deleted in QGIS: refused, naming layer and field; the report on disk stays as it was.
before = report_files()
edit = ogr.Open(gpkg, update=1)
findings = edit.GetLayerByName("findings")
check(findings.DeleteField(findings.GetLayerDefn().GetFieldIndex("message_en")) == 0, "QGIS-like edit: a field deleted")
edit = None
r = subprocess.run([BIN, "report", gpkg], capture_output=True, text=True)
check(r.returncode == 3 and "layer findings has no field 'message_en'" in r.stderr,
      f"a deleted field is named (exit 3): {r.returncode} {r.stderr}")
check(report_files() == before, "a refused parkgis report leaves the report as it was")
r = subprocess.run([BIN, "report", os.path.join(SRC, "layers/wansheng/landuse.gpkg")], capture_output=True, text=True)
check(r.returncode == 3 and "no parkgis provenance" in r.stderr, f"a GeoPackage parkgis did not write: {r.stderr}")
check(not os.path.exists(os.path.join(SRC, "layers/wansheng/report")), "nothing written beside a refused input")

# --- --no-report skips the folder --------------------------------------------------------------------------
other = tempfile.mkdtemp(prefix="parkgis_noreport_")
r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o",
                    os.path.join(other, "w.gpkg"), "--no-report"], capture_output=True, text=True)
check(r.returncode == 0 and not os.path.exists(os.path.join(other, "report")) and "Report:" not in r.stdout,
      f"--no-report writes no report: {os.listdir(other)}")

sys.exit(check.summary())
