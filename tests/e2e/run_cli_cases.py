#!/usr/bin/python3
"""End-to-end CLI tests: the Wansheng sample and the bad-input catalogue (tests/data/bad/cases.json).

Usage: run_cli_cases.py <parkgis binary> <source dir> [sample|bad|kill|determinism]
Each bad case builds its input in a fresh temp folder, runs `parkgis run`, and checks the exit code,
the message and that no output was written.
"""
import csv
import hashlib
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import unicodedata
import sys
import tempfile
import time

from osgeo import gdal, ogr, osr

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402
from output_text import files_containing, layout_labels, styles_and_project, xml_errors  # noqa: E402
import bad_inputs  # noqa: E402

gdal.UseExceptions()
BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WHICH = sys.argv[3] if len(sys.argv) > 3 else "all"
check = Checks()


def run_bad_cases():
    """Each case of tests/data/bad/cases.json: build its inputs, run `parkgis run`, check the exit code and
    message; a refused input leaves no output and every input unchanged; an accepted one gives the findings
    and values the case names (SQL on the output GeoPackage)."""
    cases = json.load(open(os.path.join(SRC, "tests/data/bad/cases.json"), encoding="utf-8"))
    only = os.environ.get("PARKGIS_CASES", "").split(",")  # PARKGIS_CASES=a,b runs only those (while developing)
    for case in cases:
        name = case["case"]
        if only != [""] and name not in only:
            continue
        d = tempfile.mkdtemp(prefix="parkgis_bad_")
        lock = None
        try:
            inputs = bad_inputs.build(case["build"], d, case)
            proj = os.path.join(d, "project.yaml")
            text = bad_inputs.project_text(case, inputs).replace("{SRC}", SRC)
            if "long_title" in case:  # a title of that many characters
                text = text.replace("LONG_TITLE", "长" * case["long_title"])
            for old, new in case.get("project_replace", []):
                check(old in text, f"{name}: project text lacks {old!r}")
                text = text.replace(old, new)
            open(proj, "w", encoding=case.get("project_encoding", "utf-8")).write(text)
            zones = inputs["zones"]["path"]
            out = zones if case.get("output") == "INPUT" else case.get("output", os.path.join(d, "out", "r.gpkg"))
            output_args = ["-o", out]
            if "output_in_project" in case:  # the project's own `output:`, relative to its folder
                out, output_args = os.path.join(d, case["output_in_project"]), []
            before = tree_digest(d)
            if case["build"] == "locked_gpkg":  # QGIS editing the file: an exclusive SQLite lock
                lock = sqlite3.connect(zones, isolation_level=None)
                lock.execute("BEGIN EXCLUSIVE")
            r = subprocess.run([BIN, "run", proj, "--quiet"] + output_args + case.get("args", []),
                               capture_output=True, text=True, timeout=case.get("timeout_s", 120), cwd=SRC)
            if lock:
                lock.execute("ROLLBACK")
                lock.close()
                lock = None
            check(r.returncode == case["exit"], f"{name}: exit {r.returncode}, expected {case['exit']}: {r.stderr}")
            for e in case.get("expect", []):
                check(e in r.stderr, f"{name}: message lacks {e!r}: {r.stderr!r}")
            check("Traceback" not in r.stderr and "internal error" not in r.stderr and "runtime error" not in r.stderr,
                  f"{name}: crashed: {r.stderr}")
            after = tree_digest(d)
            check(all(after.get(p) == h for p, h in before.items()), f"{name}: an input changed")
            if case["exit"] != 0:
                check(after == before, f"{name}: wrote {sorted(set(after) - set(before))}")
                continue
            check_accepted_output(name, case, out)
            check_sinks(name, case, out, d)
        finally:
            if lock:
                lock.close()
            shutil.rmtree(d, ignore_errors=True)


def tree_digest(folder):
    """SHA-256 of every file under folder (folders as such are listed too: a new empty one counts)."""
    out = {}
    for root, dirs, names in os.walk(folder):
        for n in dirs:
            out[os.path.relpath(os.path.join(root, n), folder) + "/"] = "folder"
        for n in names:
            path = os.path.join(root, n)
            out[os.path.relpath(path, folder)] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return out


def read_coordinate_txt(raw, encoding="gb18030"):
    """The land-authority 坐标 TXT, read as an importer reads it (independently of parkgis's writer): the
    [属性描述] keys, then records of a 9-field header line (point count, area in 公顷, 地块编号, name, 面, 图幅号,
    地块用途, 地类编码, @) and point rows 点号,圈号,X,Y. Returns (keys, records); a record's rings map 圈号 to
    its points as (name, X, Y)."""
    lines = raw.decode(encoding).split("\r\n")
    assert lines[-1] == "", "the file ends with CR LF"
    lines = lines[:-1]
    at = lines.index("[地块坐标]")
    keys = dict(line.split("=", 1) for line in lines[1:at])
    records, i = [], at + 1
    while i < len(lines):
        head = lines[i].split(",")
        assert len(head) == 9 and head[-1] == "@", f"record header {lines[i]!r}"
        count = int(head[0])
        rings = {}
        for row in lines[i + 1:i + 1 + count]:
            point, ring, x, y = row.split(",")
            rings.setdefault(int(ring), []).append((point, float(x), float(y)))
        records.append({"count": count, "area_ha": float(head[1]), "number": head[2], "name": head[3],
                        "sheet": head[5], "land_use": head[6], "class_code": head[7], "rings": rings,
                        "rows": len(lines[i + 1:i + 1 + count])})
        i += 1 + count
    return keys, records


def shoelace(points):
    x0, y0 = points[0][1], points[0][2]
    s = 0.0
    for (_, x1, y1), (_, x2, y2) in zip(points, points[1:] + points[:1]):
        s += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
    return abs(s) / 2


def inside(ring, x, y):
    """Ray casting: (x, y) inside the closed ring of (name, X, Y) points."""
    hit = False
    for (_, x1, y1), (_, x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def check_sinks(name, case, out, folder):
    """What an accepted case promises of the files beside the GeoPackage: CSV cells read back, the 坐标 TXT's
    block headers, every QML and the QGS well-formed XML, and no absolute path of the case's folder."""
    out_dir = os.path.dirname(out)
    for table, text in case.get("csv_cells", []):
        with open(os.path.join(out_dir, "report", "csv", f"r_{table}.csv"), encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        check(text in cells, f"{name}: r_{table}.csv has no cell {text!r}")
    if "txt_names" in case:
        lines = open(os.path.join(out_dir, "r_boundary_points.txt"), "rb").read().decode("gb18030").split("\r\n")
        headers = [line.split(",") for line in lines if line.endswith(",@")]
        check(all(len(h) == 9 for h in headers) and [h[3] for h in headers] == case["txt_names"],
              f"{name}: TXT block headers {headers}")
    if case.get("xml_wellformed"):
        styles, qgs = styles_and_project(out)
        errors = xml_errors(styles, qgs)
        check(errors == [], f"{name}: not well-formed XML: {errors}")
        labels = layout_labels(qgs)
        for text in case.get("qgs_labels", []):
            check(any(text in label for label in labels), f"{name}: no layout label holds {text!r}: {labels[:2]}")
    if case.get("no_machine_paths"):
        leaks = files_containing(out_dir, [folder])
        check(leaks == [], f"{name}: outputs name the case's folder: {leaks}")


def check_accepted_output(name, case, out):
    """An accepted hostile input: the findings it must raise and the values it must still get right."""
    ds = ogr.Open(out)
    check(ds is not None, f"{name}: no output GeoPackage")
    if ds is None:
        return
    found = {f["check_id"] for f in ds.GetLayer("findings")}
    for fid in case.get("findings", []):
        check(fid in found, f"{name}: no {fid} finding; found {sorted(found)}")
    for fid in case.get("no_findings", []):
        check(fid not in found, f"{name}: unexpected {fid} finding")
    for q in case.get("sql", []):
        res = ds.ExecuteSQL(q["query"])
        row = res.GetNextFeature() if res else None
        value = row.GetField(0) if row else None
        if res:
            ds.ReleaseResultSet(res)
        if "value" in q and isinstance(q["value"], (int, float)) and isinstance(value, (int, float)):
            tol = q.get("rel", 1e-9) * max(abs(q["value"]), 1e-12)
            check(abs(value - q["value"]) <= tol, f"{name}: {q['query']} = {value}, expected {q['value']} ± {tol}")
        else:
            check(value == q["value"], f"{name}: {q['query']} = {value!r}, expected {q['value']!r}")
    ds = None


def run_repair():
    """Without --no-repair, a bowtie zone is repaired, with one finding of the area after repair."""
    d = tempfile.mkdtemp(prefix="parkgis_repair_")
    try:
        inputs = bad_inputs.build("bowtie_zone", d, {})
        proj = os.path.join(d, "project.yaml")
        open(proj, "w", encoding="utf-8").write(bad_inputs.project_text({}, inputs))
        out = os.path.join(d, "out", "r.gpkg")
        r = subprocess.run([BIN, "run", proj, "-o", out, "-q"], capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, f"repair: exit {r.returncode}: {r.stderr}")
        ds = ogr.Open(out)
        rows = [f for f in ds.GetLayer("findings") if f["check_id"] == "QA-GEOM-REPAIRED"]
        check(len(rows) == 1 and rows[0]["subject_id"] == "Z1", "repair: one QA-GEOM-REPAIRED finding for Z1")
        # 1 km bowtie: two triangles of 1000 × 500 / 2 = 250000 m² each.
        check(rows and abs(rows[0]["actual"] - 500000.0) < 1e-6, f"repair: area after repair {rows and rows[0]['actual']}")
        zone = next(iter(ds.GetLayer("zones")))
        check(abs(zone["area_m2"] - 500000.0) < 1e-6 and zone["parts"] == 2, "repair: zone area 500000 m² in 2 parts")
        ds = None
        # A zones-only project still gets its report: the zone map is drawn, the maps and tables that need
        # parcels say why they are missing, and the workbook has only the sheets it can fill.
        page = open(os.path.join(d, "out", "report", "index.html"), encoding="utf-8").read()
        check(page.count('<img src="data:image/png;base64,') == 1, "zones only: one map (the zone map) is drawn")
        check(page.count("layer parcels was not written (its inputs are missing)") == 2,
              "zones only: the land-use and compliance maps say that parcels are missing")
        check(re.search(r"<h3>扩区前后指标对比 <span class=\"en\">[^<]*</span></h3><p class=\"note\">未生成", page),
              "zones only: the core-versus-expansion table (no expansion) says it was not written")
        check("layer jh_grid was not written" in page, "zones only: the 职住比 grid map says it is missing")
        csvs = sorted(os.listdir(os.path.join(d, "out", "report", "csv")))
        check("r_areas.csv" in csvs and "r_boundary_points.csv" in csvs and "r_expansion_comparison.csv" not in csvs,
              f"zones only: CSV files for the tables that exist: {csvs}")
        # parkgis report rebuilds the same page from the GeoPackage alone (no parcels, rules or 职住比 in it).
        r = subprocess.run([BIN, "report", out, "-q"], capture_output=True, text=True, timeout=120)
        again = open(os.path.join(d, "out", "report", "index.html"), encoding="utf-8").read()
        undated = lambda text: re.sub(r"\d{4}-\d{2}-\d{2}", "<date>", text)  # noqa: E731
        check(r.returncode == 0 and undated(again) == undated(page),
              f"zones only: parkgis report gives the run's page: exit {r.returncode} {r.stderr}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def run_sample():
    d = tempfile.mkdtemp(prefix="parkgis_sample_")
    try:
        out = os.path.join(d, "wansheng.gpkg")
        r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", out, "--lang", "en"],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, f"sample: exit {r.returncode}: {r.stderr}")
        for needle in ("核心区", "扩区", "合计", "平山组团", "建设组团", "鱼田堡组团", "关坝组团", "青年组团"):
            check(needle in r.stdout, f"sample: summary lacks {needle}")
        ds = ogr.Open(out)
        summary = {f["id"]: f for f in ds.GetLayer("area_summary")}
        check(abs(summary["core"]["area_km2"] - 5.39) < 1e-6, f"sample: core {summary['core']['area_km2']} km²")
        check(abs(summary["expansion"]["area_km2"] - 4.81) < 1e-6, f"sample: expansion {summary['expansion']['area_km2']}")
        # Ellipsoidal is smaller by the GK scale excess, ≈ 2.8e-4 at 1.1° from the CM.
        ratio = summary["core"]["area_ellipsoidal_km2"] / summary["core"]["area_km2"]
        check(0.9996 < ratio < 0.9998, f"sample: ellipsoidal/planar {ratio}")
        zones = {f["zone_id"]: f for f in ds.GetLayer("zones")}
        check(len(zones) == 6, f"sample: {len(zones)} zones")
        check(zones["WS-E1"]["holes"] == 1, "sample: 平山 should have a hole")
        check(zones["WS-E3"]["parts"] == 2, "sample: 鱼田堡 should have two parts")
        check(zones["WS-E4"]["basic_farmland_m2"] > 1000, "sample: 关坝 overlaps basic farmland")
        check(zones["WS-E3"]["outside_udb_m2"] > 1000, "sample: 鱼田堡 crosses the urban development boundary")
        pts = [f for f in ds.GetLayer("boundary_points") if f["zone_id"] == "WS-CORE"]
        check(pts[0]["point_name"] == "J1" and str(int(pts[0]["y_east_prefixed"])).startswith("36"),
              "sample: J1 Y should start with the zone number 36")
        check(3.19e6 < pts[0]["x_north"] < 3.22e6, f"sample: X is the northing ({pts[0]['x_north']})")
        # measure: the indicator table on screen and the measure layers in the GeoPackage
        for needle in ("TD/T 1029 indicators", "综合容积率", "集约度分值", "扩区后变化", "开发区类型: 工业主导型"):
            check(needle in r.stdout, f"sample: indicator table lacks {needle}")
        check(ds.GetLayer("parcels").GetFeatureCount() == 549, "sample: 549 parcels written")
        check(ds.GetLayer("buildings").GetFeatureCount() == 1062, "sample: 1062 buildings written")
        ind = {(f["scope_id"], f["indicator_id"]): f for f in ds.GetLayer("indicators")}
        scopes = {k[0] for k in ind}
        check(scopes == {"WS-CORE", "WS-E1", "WS-E2", "WS-E3", "WS-E4", "WS-E5", "core", "expansion", "total"},
              f"sample: indicator scopes {sorted(scopes)}")
        for key, f in ind.items():
            check(f["status"] in ("ok", "partial", "not_available"), f"sample: {key} status {f['status']}")
            check(f["source"] and f["formula_id"], f"sample: {key} has a source and a formula id")
            check(f["value"] is not None or f["reason"], f"sample: {key} without value says why")
        check(ind[("total", "score")]["value"] is not None and ind[("WS-CORE", "score")]["value"] is not None,
              "sample: scores computed with the project's 理想值")
        check(abs(ind[("total", "score")]["value"] - (0.8 * ind[("core", "score")]["value"] +
                                                     0.2 * ind[("expansion", "score")]["value"])) < 1e-9,
              "sample: total score = 0.8 主区 + 0.2 发展方向区")
        check(abs(zones["WS-CORE"]["score"] - ind[("WS-CORE", "score")]["value"]) < 1e-12, "sample: zones carry scores")
        # Σ parcel GFA = Σ building GFA inside parcels (apportioning loses and doubles nothing)
        parcel_gfa = sum(f["gfa_m2"] for f in ds.GetLayer("parcels"))
        building_gfa = sum(f["gfa_m2"] * (1 - f["outside_parcels_m2"] / f["footprint_m2"]) for f in ds.GetLayer("buildings"))
        check(abs(parcel_gfa - building_gfa) < 1e-6 * building_gfa, f"sample: GFA {parcel_gfa} vs {building_gfa}")
        comp = {f["indicator_id"]: f for f in ds.GetLayer("expansion_comparison")}
        check("composite_far" in comp and comp["composite_far"]["core_value"] is not None
              and comp["composite_far"]["total_value"] is not None, "sample: 扩区 comparison core vs total")
        # judge: the generator's deliberate non-compliance is found, with the right reasons
        landuse = ogr.Open(os.path.join(SRC, "layers/wansheng/landuse.gpkg"))  # held: GDAL layers die with it
        flags = {f["parcel_id"]: (f["sample_flags"] or "") for f in landuse.GetLayer("parcels")}
        landuse = None
        outcomes = [f for f in ds.GetLayer("compliance")]
        citation = {f["rule_id"]: f["citation"] for f in ds.GetLayer("rules")}  # compliance names its rule
        reasons = {f["reason_id"]: f["reason_en"] for f in ds.GetLayer("reasons")}  # and why it was not judged
        check(len(reasons) == len(set(reasons.values())), "sample: each reason stored once")
        check(all((f["reason_id"] is not None) == (f["status"] == "not_available") for f in outcomes)
              and all((f["message_zh"] is not None) == (f["status"] == "fail") for f in outcomes),
              "sample: unjudged outcomes name a reason, failures carry their message, passes neither")
        why = lambda f: reasons[f["reason_id"]]
        by_rule = {}
        for f in outcomes:
            by_rule.setdefault(f["rule_id"], []).append(f)
        for rule, flag, actual in (("ILC2008-ADMIN", "admin_high", 12.0), ("ILC2008-GREEN", "green_high", 26.0)):
            failed = {f["subject_id"] for f in by_rule[rule] if f["status"] == "fail"}
            flagged = {f["subject_id"] for f in by_rule[rule] if flag in flags[f["subject_id"]]}
            check(failed == flagged and len(failed) > 5, f"sample: {rule} fails exactly the {flag} parcels")
            for f in by_rule[rule]:
                if f["status"] == "fail":
                    check(abs(f["actual"] - actual) < 0.05 and citation[rule].startswith("国土资发〔2008〕24号"),
                          f"sample: {rule} {f['subject_id']} actual {f['actual']}, citation {citation[rule]}")
        far_low = [f for f in by_rule["ILC2008-FAR"] if "far_low" in flags[f["subject_id"]]]
        check(len(far_low) > 10 and all(f["status"] != "pass" for f in far_low), "sample: sparse sites never pass FAR")
        for f in far_low:
            if f["status"] == "fail":
                check(f["actual"] < f["threshold"] and f["margin"] < 0 and "低于下限" in f["message_zh"]
                      and "short by" in f["message_en"], f"sample: FAR failure reads {f['message_zh']}")
            else:
                check("no buildings" in why(f) or "floors" in why(f), f"sample: FAR gap says why: {why(f)}")
        invest = by_rule["ILC2008-INVEST"]
        check(all(f["status"] == "not_available" and "judge.region_tier" in why(f) for f in invest),
              "sample: 2008 投资强度 waits for judge.region_tier, never a guessed number")
        check(all(f["status"] == "not_available" and ("empty" in why(f) or "no buildings" in why(f))
                  for f in by_rule["ILC2023-FAR"]) and any("empty" in why(f) for f in by_rule["ILC2023-FAR"]),
              "sample: 2023 容积率 cells are empty until completed")
        cq = {f["rule_id"]: f for f in outcomes if f["rule_id"].startswith("CQWS-")}
        expected = {"CQWS-OUTPUT": (308.7, 300, "pass"), "CQWS-CONCENTRATION": (85.6, 85, "pass"),
                    "CQWS-RD-GDP": (57000 / 2360000 * 100, 2.4, "pass"),
                    "CQWS-PATENTS": (923 / 31200 * 1e4, 40, "pass"),
                    "CQWS-ENERGY": (1103000 / 1550000, 0.78, "pass"), "CQWS-HTE": (56, 53, "pass"),
                    "CQWS-NEW-TECH": (148, 150, "fail"), "CQWS-RD-SHARE": (74.5, 70, "pass"),
                    "CQWS-PLATFORMS": (4, 4, "pass"), "CQWS-PLATFORMS-DISTRICT": (7, 6, "pass"),
                    "CQWS-INVESTMENT": (54.7, 50, "pass"), "CQWS-VA-GROWTH": (9.3, 8.2, "pass"),
                    "CQWS-COMPLETION": (11 / 12 * 100, 80, "pass")}  # every target above but NEW-TECH
        check(set(cq) == set(expected), f"sample: Chongqing rules {sorted(cq)}")
        for rule, (actual, target, status) in expected.items():
            f = cq.get(rule)
            check(f is not None and f["subject_id"] == "total" and abs(f["actual"] - actual) < 1e-9
                  and abs(f["threshold"] - target) < 1e-12 and f["status"] == status,
                  f"sample: {rule} actual {f and f['actual']} target {f and f['threshold']} {f and f['status']}")
        for needle in ("Parcel compliance", "Zone targets", "CQWS-NEW-TECH", "148 家", "≥ 150 家"):
            check(needle in r.stdout, f"sample: compliance summary lacks {needle}")
        parcels = {f["parcel_id"]: f for f in ds.GetLayer("parcels")}
        some_admin = next(p for p in parcels if "admin_high" in flags[p])
        check(parcels[some_admin]["compliance"] == "fail" and "ILC2008-ADMIN" in parcels[some_admin]["failed_rules"],
              "sample: parcels carry status and failed rule ids")
        check(all(p["compliance"] == "not_applicable" for p in parcels.values() if p["tdt_class"] != "A2"),
              "sample: non-industrial parcels are not_applicable")
        summary_rows = [f for f in ds.GetLayer("compliance_summary")]
        total_2008 = next(f for f in summary_rows if f["scope_id"] == "total" and f["rule_set"] == "industrial-land-control-2008")
        check(total_2008["parcels_judged"] == len(by_rule["ILC2008-FAR"])
              and total_2008["parcels_pass"] + total_2008["parcels_fail"] + total_2008["parcels_not_available"]
              == total_2008["parcels_judged"], "sample: per-zone summary adds up")
        check(sum(f["zone_rules_fail"] for f in summary_rows if f["scope_id"] == "total"
                  and f["rule_set"] == "chongqing-wansheng-2022") == 1, "sample: one Chongqing target missed")
        check([f["rule_set"] for f in ds.GetLayer("rule_sets")] ==
              ["industrial-land-control-2008", "industrial-land-control-2023", "chongqing-wansheng-2022"],
              "sample: rule sets recorded")
        check_jobs_housing(ds, r.stdout)
        srs_code = ds.GetLayer("zones").GetSpatialRef().GetAuthorityCode(None)
        check(srs_code == "4545", f"sample: working CRS {srs_code}")
        ds = None
        v = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", out],
                           capture_output=True, text=True)
        check(v.returncode == 0 and not v.stdout.strip(), f"sample: validate_gpkg: {v.stdout}{v.stderr}")
        # No output names a machine path: not the project folder, not parkgis's own folder, not the output's.
        leaks = files_containing(d, [os.path.join(SRC, "layers/wansheng"), SRC, d])
        check(leaks == [], f"sample: outputs name absolute paths: {leaks}")
        # Determinism: a second run gives a byte-identical indicators table.
        out2 = os.path.join(d, "again.gpkg")
        subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", out2, "-q"], check=True)
        for table in ("indicators", "jobs_housing", "jh_grid"):
            dumps = [subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", o, table], capture_output=True).stdout
                     for o in (out, out2)]
            check(dumps[0] == dumps[1] and len(dumps[0]) > 5000, f"sample: {table} identical across runs")
        raw = open(os.path.join(d, "wansheng_boundary_points.txt"), "rb").read()
        check(raw.count(b"\n") == raw.count(b"\r\n") and raw.count(b"\r") == raw.count(b"\r\n"),
              "sample: the coordinate file's lines end in CR LF, and only there")
        keys, records = read_coordinate_txt(raw, "gbk")
        check(keys.get("带号") == "36" and keys.get("数据产生单位") == "重庆万盛经济技术开发区管理委员会（示例）",
              f"sample: coordinate file header {keys}")
        check([r["number"] for r in records] == [str(n) for n in range(1, 8)],
              f"sample: 地块编号 1…7, one per part (WS-E3 has two): {[r['number'] for r in records]}")
        check(abs(records[0]["area_ha"] - 539.0) < 0.001 and records[0]["name"] == "万盛经开区高新技术产业核心区"
              and all(r["land_use"] == "" for r in records), "sample: the core's record; 地块用途 is not 核心区/扩区")
        written = ogr.Open(out)
        zone_of_record = {f["record"]: f["zone_id"] for f in written.GetLayer("boundary_points")}
        zone_area = {f["zone_id"]: (f["area_m2"], 0.0) for f in written.GetLayer("zones")}
        written_rings = [{k: f[k] for k in ("record", "ring", "points", "net_area_m2")} for f in written.GetLayer("boundary_rings")]
        written = None
        record_area, perimeter = {}, {}
        for n, r in enumerate(records, start=1):
            check(r["rows"] == r["count"] and 1 in r["rings"], f"sample: record {n} holds its {r['count']} rows and a ring 1")
            for ring in r["rings"].values():
                check(ring[0] == ring[-1] and len(ring) >= 4, f"sample: record {n} ring closed on its first point")
            check(all(str(int(y // 1e6)) == keys["带号"] for ring in r["rings"].values() for _, _, y in ring),
                  f"sample: record {n}: every Y carries the 带号")
            outline = r["rings"][1]
            for k, hole in r["rings"].items():
                if k > 1:
                    check(all(inside(outline, x, y) for _, x, y in hole[:-1]),
                          f"sample: record {n}: 圈号 {k} lies inside its ring 1 (a hole to deduct)")
            area = shoelace(outline[:-1]) - sum(shoelace(h[:-1]) for k, h in r["rings"].items() if k > 1)
            check(abs(area / 1e4 - r["area_ha"]) <= 0.00005 + 1e-9,
                  f"sample: record {n}: the header's {r['area_ha']} 公顷 is the points' {area / 1e4:.6f}")
            rings = {f["ring"]: f for f in written_rings if f["record"] == n}
            check(sorted(rings) == sorted(r["rings"]) and
                  abs(sum(f["net_area_m2"] for f in rings.values()) / 1e4 - r["area_ha"]) <= 0.00005 + 1e-9 and
                  all(f["points"] == len(r["rings"][k]) - 1 for k, f in rings.items()),
                  f"sample: record {n}: the boundary_rings table (rings, points, areas) is the file's")
            zone = zone_of_record[n]
            record_area[zone] = record_area.get(zone, 0) + area
            perimeter[zone] = perimeter.get(zone, 0) + sum(
                math.hypot(b[1] - a[1], b[2] - a[2]) for ring in r["rings"].values() for a, b in zip(ring, ring[1:]))
        for zone, (measured, _) in zone_area.items():
            # Points to the centimetre move each vertex by at most 0.71 cm: the area by at most perimeter × 0.0071.
            check(abs(record_area.get(zone, 0) - measured) <= perimeter.get(zone, 0) * 0.0071,
                  f"sample: {zone}: the records' areas {record_area.get(zone, 0):.2f} m² are the zone's {measured:.2f} m²")
        # The coordinate file read back as the zones input (one zone per 地块编号, the kinds from the project):
        # the file parkgis writes from it holds every point to 0.01 m and every area to 0.0001 公顷.
        rt = os.path.join(d, "roundtrip")
        os.makedirs(rt)
        shutil.copy(os.path.join(d, "wansheng_boundary_points.txt"), os.path.join(rt, "红线坐标.txt"))
        with open(os.path.join(rt, "project.yaml"), "w", encoding="utf-8") as f:
            f.write("name: roundtrip\ntitle: 坐标文件往返\ninputs:\n  zones:\n    path: 红线坐标.txt\n    kinds: {'1': core"
                    + "".join(f", '{n}': expansion" for n in range(2, 8)) + "}\n"
                    "coordinate_file: {producer: 测试单位}\n")
        r = subprocess.run([BIN, "run", os.path.join(rt, "project.yaml"), "-o", os.path.join(rt, "out", "rt.gpkg"), "-q"],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, f"round trip: exit {r.returncode}: {r.stderr}")
        _, again = read_coordinate_txt(open(os.path.join(rt, "out", "rt_boundary_points.txt"), "rb").read(), "gbk")
        check(len(again) == len(records), f"round trip: {len(again)} records, the file had {len(records)}")
        for a, b in zip(records, again):
            check(a["name"] == b["name"] and abs(a["area_ha"] - b["area_ha"]) < 0.00005,
                  f"round trip: {a['name']} {a['area_ha']} 公顷 came back as {b['name']} {b['area_ha']}")
            check(sorted(a["rings"]) == sorted(b["rings"]), f"round trip: {a['name']}: rings {sorted(b['rings'])}")
            for k in a["rings"]:
                pa, pb = a["rings"][k], b["rings"][k]
                check(len(pa) == len(pb) and all(abs(p[1] - q[1]) < 0.005 and abs(p[2] - q[2]) < 0.005
                                                 for p, q in zip(pa, pb)),
                      f"round trip: {a['name']} ring {k}: the points moved")
        r = subprocess.run([BIN, "info", os.path.join(rt, "红线坐标.txt")], capture_output=True, text=True)
        check(r.returncode == 0 and "地块坐标" in r.stdout and "EPSG:4524" in r.stdout, f"info on a coordinate file: {r.stdout}")
        # check runs read, normalize and check: it writes nothing and prints areas and QA, no indicator,
        # 职住比 or compliance (the library test Pipeline.CheckJob* asserts nothing of them is computed).
        # The summary fits the terminal: at COLUMNS=80 no line is wider (a CJK character takes two columns);
        # without COLUMNS and not on a terminal, 100. Wide tables go on in blocks that repeat their first column.
        for columns, env in ((80, {"COLUMNS": "80"}), (100, {})):
            run_env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
            run_env.update(env)
            r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o",
                                os.path.join(d, "wide", "w.gpkg"), "--no-report"], capture_output=True, text=True,
                               env=run_env, timeout=300)
            width = lambda line: sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            table_lines = [l for l in r.stdout.splitlines()
                           if not l.startswith(("GeoPackage", "界址点坐标文件", "QGIS 项目"))]  # paths
            widest = max(table_lines, key=width)
            check(r.returncode == 0 and width(widest) <= columns and r.stdout.count("平山组团") >= 3,
                  f"summary fits {columns} columns: widest {width(widest)}: {widest!r}")
        # The summary speaks Chinese unless --lang en: headings, column titles and coded values.
        r = subprocess.run([BIN, "check", os.path.join(SRC, "layers/wansheng/project.yaml")],
                           capture_output=True, text=True, cwd=d, timeout=300)
        check(r.returncode == 0 and "区块面积（工作坐标系 EPSG:4545" in r.stdout and "检查与判定发现" in r.stdout
              and "  错误" in r.stdout and "Zone areas" not in r.stdout, f"check: the summary in Chinese: {r.stdout[:300]}")
        r = subprocess.run([BIN, "check", os.path.join(SRC, "layers/wansheng/project.yaml"), "--lang", "en"],
                           capture_output=True, text=True, cwd=d, timeout=300)
        check(r.returncode == 0 and not os.path.exists(os.path.join(d, "out")), "check: must write nothing")
        check("Zone areas" in r.stdout and "QA-CONSTRAINT-FARMLAND" in r.stdout, f"check: areas and QA: {r.stdout}")
        for heading in ("TD/T 1029 indicators", "职住平衡", "Parcel compliance", "MEASURE-", "JUDGE-", "GeoPackage:"):
            check(heading not in r.stdout, f"check: prints {heading!r}, which check does not compute")
        r = subprocess.run([BIN, "info", os.path.join(SRC, "layers/wansheng/landuse.gpkg")], capture_output=True, text=True)
        check(r.returncode == 0 and "layer 'parcels'" in r.stdout and "EPSG:4545" in r.stdout, f"info: {r.stdout}")
        r = subprocess.run([BIN, "run"], capture_output=True, text=True)
        check(r.returncode == 2, f"usage error exit {r.returncode}")
        run_rules_cli(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def band_of(ratio):
    """The default 职住比 bands (layers/measure/jobs_housing.yaml): lower edges held, 基本平衡 holds both."""
    if ratio < 0.5:
        return "严重居住倾向"
    if ratio < 0.8:
        return "轻微居住倾向"
    if ratio <= 1.2:
        return "基本平衡"
    if ratio < 1.5:
        return "轻微就业倾向"
    return "严重就业倾向"


def check_jobs_housing(ds, stdout):
    """职住平衡 on the sample, recomputed from the inputs where it can be."""
    rows = {(f["scope_id"], f["radius_m"]): f for f in ds.GetLayer("jobs_housing")}
    scopes = {k[0] for k in rows}
    check(scopes == {"WS-CORE", "WS-E1", "WS-E2", "WS-E3", "WS-E4", "WS-E5", "core", "expansion", "total"}
          and {k[1] for k in rows} == {0, 1000, 5000, 10000}, f"sample: jobs_housing rows {sorted(rows)}")
    zones = {f["zone_id"]: f for f in ds.GetLayer("zones")}
    section = stdout[stdout.index("职住平衡 Jobs-housing balance"):]
    for scope in scopes:
        inside = rows[(scope, 0)]
        check(inside["status"] == "ok" and abs(inside["coverage_pct"] - 100) < 1e-9, f"sample: {scope} inside is complete")
        ratio = inside["jobs"] / inside["resident_workers"]
        check(abs(inside["jh_ratio"] - ratio) < 1e-12 and inside["jh_class"] == band_of(ratio),
              f"sample: {scope} ratio {inside['jh_ratio']} class {inside['jh_class']}")
        line = next(l for l in section.splitlines() if l.startswith(inside["scope_name"]))
        check(f"{ratio:.2f}" in line and inside["jh_class"] in line, f"sample: printed line for {scope}: {line}")
        if ratio > 1.2:  # jobs-rich: the housing that brings it to 1.2, in 60 m² 人才公寓 (project setting)
            workers = inside["jobs"] / 1.2 - inside["resident_workers"]
            check(abs(inside["housing_floor_area_m2"] - workers / 0.53 * 36.52) < 1e-6 * inside["housing_floor_area_m2"]
                  and abs(inside["dwellings_needed"] - inside["housing_floor_area_m2"] / 60) < 1e-6,
                  f"sample: {scope} housing need {inside['housing_floor_area_m2']} m², {inside['dwellings_needed']} 套")
        elif ratio < 0.8:
            check(abs(inside["jobs_needed"] - (0.8 * inside["resident_workers"] - inside["jobs"])) < 1e-6,
                  f"sample: {scope} jobs needed {inside['jobs_needed']}")
        previous = inside
        for radius in (1000, 5000, 10000):  # buffers nest: never fewer people further out
            row = rows[(scope, radius)]
            check(row["jobs"] >= previous["jobs"] - 1e-9 and row["residents"] >= previous["residents"] - 1e-9,
                  f"sample: {scope} {radius} m buffer holds its inner buffer")
            check((row["status"] == "partial") == (row["coverage_pct"] < 95), f"sample: {scope} {radius} m partial label")
            previous = row
        if scope.startswith("WS-"):
            check(abs(zones[scope]["jh_ratio"] - ratio) < 1e-12 and zones[scope]["jh_class"] == inside["jh_class"],
                  f"sample: zones layer carries {scope}'s ratio")
    total = rows[("total", 0)]
    check(abs(sum(rows[(z, 0)]["jobs"] for z in zones) - total["jobs"]) < 1e-6 * total["jobs"],
          "sample: zone jobs add up to the total (the zones do not overlap)")
    # Enterprise employees: every enterprise lies within 10 km of the zones.
    employees = 0
    with open(os.path.join(SRC, "layers/wansheng/enterprises.csv"), encoding="utf-8-sig") as f:
        for rec in csv.DictReader(f):
            employees += float(rec["employees"])
    check(abs(rows[("total", 10000)]["jobs_enterprise"] - employees) < 1e-6,
          f"sample: enterprise jobs {rows[('total', 10000)]['jobs_enterprise']} vs {employees} in enterprises.csv")
    # Residents: residential floor area (buildings of use r) ÷ 36.52 m²; jobs by activity ÷ density.
    landuse = ogr.Open(os.path.join(SRC, "layers/wansheng/landuse.gpkg"))
    use = {f["building_id"]: f["use"] for f in landuse.GetLayer("buildings")}
    landuse = None
    residential = sum(f["gfa_m2"] for f in ds.GetLayer("buildings") if use[f["building_id"]] == "r")
    basis = {f["activity"]: f for f in ds.GetLayer("jh_basis")}
    check(abs(basis["residential"]["floor_area_m2"] - residential) < 1e-6 * residential,
          f"sample: residential floor area {basis['residential']['floor_area_m2']} vs {residential}")
    check(abs(rows[("total", 10000)]["residents"] - residential / 36.52) < 1e-6 * residential,
          "sample: residents = residential floor area ÷ 36.52 m²")
    for activity, f in basis.items():
        if f["m2_per_job"]:
            check(abs(f["jobs"] - f["floor_area_m2"] * f["net_to_gross"] / f["m2_per_job"]) < 1e-6 * f["floor_area_m2"]
                  and f["source"], f"sample: {activity} jobs from its density and source")
    check(basis["on_enterprise_parcels"]["floor_area_m2"] > 0, "sample: factory floor area left to the enterprises")
    # Self-containment, straight from commuting.csv.
    flows = []
    with open(os.path.join(SRC, "layers/wansheng/commuting.csv"), encoding="utf-8-sig") as f:
        flows = [(rec["home_id"], rec["work_id"], float(rec["count"])) for rec in csv.DictReader(f)]
    for z in zones:
        home = sum(c for h, w, c in flows if h == z)
        local = sum(c for h, w, c in flows if h == z and w == z)
        check(abs(rows[(z, 0)]["self_containment_pct"] - 100 * local / home) < 1e-9,
              f"sample: {z} 居住自足率 {rows[(z, 0)]['self_containment_pct']}")
    # The grid: every written cell's ratio is its window's; the cells hold every job.
    cells = [f for f in ds.GetLayer("jh_grid")]
    check(len(cells) > 50, f"sample: {len(cells)} jh_grid cells")
    for c in cells:
        if c["window_workers"] > 0:
            ratio = c["window_jobs"] / c["window_workers"]
            check(abs(c["jh_ratio"] - ratio) < 1e-12 and c["jh_class"] == band_of(ratio), f"sample: cell {c['cell_id']}")
    check(abs(sum(c["jobs"] for c in cells) - rows[("total", 10000)]["jobs"]) < 1e-6 * total["jobs"],
          "sample: the grid holds every job")
    ids = {f["check_id"] for f in ds.GetLayer("findings")}
    check({"JH-PARTIAL-COVERAGE", "JH-ESTIMATE-VS-STATS", "JH-COMMUTING-OUTSIDE"} <= ids,
          f"sample: jobs-housing findings {sorted(i for i in ids if i.startswith('JH-'))}")
    prov = json.loads(next(v for k, v in ds.GetMetadata().items() if k.startswith("GPKG_METADATA_ITEM")))
    check("36.52" in prov["jobs_housing"]["parameters"] and prov["jobs_housing"]["catchment_radii_m"] == [1000, 5000, 10000],
          "sample: jobs-housing parameters in the provenance")


def run_rules_cli(d):
    """parkgis rules list/show/check, --strict, overrides recorded, bad rule files through a project."""
    r = subprocess.run([BIN, "rules", "list"], capture_output=True, text=True)
    check(r.returncode == 0 and all(i in r.stdout for i in ("industrial-land-control-2008", "baotou-2022", "hebei-2020",
                                                              "ordos-2021", "chongqing-wansheng-2022"))
          and "tdt1029-2014" not in r.stdout, f"rules list: {r.stdout}")
    r = subprocess.run([BIN, "rules", "show", "industrial-land-control-2008"], capture_output=True, text=True)
    check(r.returncode == 0 and "ILC2008-FAR" in r.stdout and "4400 ~ ~ ~ ~ ~ 440" in r.stdout, f"rules show: {r.stdout[:300]}")
    bad = os.path.join(SRC, "tests/data/rules/bad/unknown-indicator.yaml")
    r = subprocess.run([BIN, "rules", "check", bad], capture_output=True, text=True)
    check(r.returncode == 3 and f"{bad}:12: unknown parcel indicator 'far_ratio'" in r.stderr, f"rules check: {r.stderr}")
    proj = os.path.join(SRC, "layers/wansheng/project.yaml")
    r = subprocess.run([BIN, "run", proj, "-o", os.path.join(d, "strict.gpkg"), "-q", "--strict"])
    check(r.returncode == 1, f"--strict with rule failures: exit {r.returncode}")
    # A copy of the sample project with overrides and the planner's own (broken) rule file.
    text = open(proj, encoding="utf-8").read().replace("path: ", "path: " + os.path.join(SRC, "layers/wansheng") + "/")
    own = text.replace("  # overrides:", "  overrides:\n    ILC2008-GREEN: {enabled: false, reason: 本地另有规定}\n"
                       "    ILC2008-ADMIN: {threshold: 15, reason: approved plan}\n  # old:")
    with open(os.path.join(d, "own.yaml"), "w", encoding="utf-8") as f:
        f.write(own)
    out = os.path.join(d, "own.gpkg")
    r = subprocess.run([BIN, "run", os.path.join(d, "own.yaml"), "-o", out, "-q"], capture_output=True, text=True)
    check(r.returncode == 0, f"overrides: exit {r.returncode} {r.stderr}")
    ds = ogr.Open(out)
    rules = [f["rule_id"] for f in ds.GetLayer("compliance")]
    check("ILC2008-GREEN" not in rules, "overrides: a rule switched off is not judged")
    admin = [f for f in ds.GetLayer("compliance") if f["rule_id"] == "ILC2008-ADMIN"]
    check(all(f["status"] == "pass" and f["threshold"] == 15 and "approved plan" in f["threshold_source"] for f in admin),
          "overrides: the new threshold is used and says so")
    row = next(f for f in ds.GetLayer("rule_sets") if f["rule_set"] == "industrial-land-control-2008")
    check(row["rules_switched_off"] == 1 and "ILC2008-GREEN: switched off (本地另有规定" in row["overrides"],
          f"overrides: recorded in rule_sets: {row['overrides']}")
    md = ds.ExecuteSQL("SELECT metadata FROM gpkg_metadata WHERE metadata LIKE '{%'")
    check("ILC2008-ADMIN: threshold 15" in md.GetNextFeature().GetField(0), "overrides: recorded in gpkg_metadata")
    ds.ReleaseResultSet(md)
    ds = None
    for body, code, needle in (
            (own.replace("    - chongqing-wansheng-2022", "    - " + bad), 3, f"{bad}:12: unknown parcel indicator"),
            (own.replace("ILC2008-ADMIN:", "ILC2008-ADMN:"), 3, "judge.overrides names rule ILC2008-ADMN"),
            (own.replace("    - chongqing-wansheng-2022", "    - chongqing-2099"), 3, "neither a file nor a bundled")):
        with open(os.path.join(d, "broken.yaml"), "w", encoding="utf-8") as f:
            f.write(body)
        r = subprocess.run([BIN, "run", os.path.join(d, "broken.yaml"), "-o", os.path.join(d, "b.gpkg"), "-q"],
                           capture_output=True, text=True)
        check(r.returncode == code and needle in r.stderr and not os.path.exists(os.path.join(d, "b.gpkg")),
              f"bad rules via project: exit {r.returncode}, {r.stderr}")


def output_files(folder):
    """Every file of an output set under folder, hidden ones (temporary files, journals) apart."""
    out = {}
    for root, _, names in os.walk(folder):
        for n in names:
            out[os.path.relpath(os.path.join(root, n), folder)] = os.path.join(root, n)
    return out


def hidden_leftovers(folder):
    return sorted(rel for rel in output_files(folder) if os.path.basename(rel).startswith("."))


def set_digest(folder):
    return {rel: hashlib.sha256(open(p, "rb").read()).hexdigest()
            for rel, p in output_files(folder).items() if not os.path.basename(rel).startswith(".")}


def content_key(path):
    """What a file says, without the time it was made: GeoPackage tables, the workbook's sheets, else bytes."""
    if path.endswith(".gpkg"):
        return repr(sorted(table_digests(path).items()))
    if path.endswith(".xlsx"):
        import zipfile
        with zipfile.ZipFile(path) as z:
            return repr([(n, z.read(n)) for n in sorted(z.namelist()) if n != "docProps/core.xml"])
    return open(path, "rb").read()


def run_variant(proj, out, env=None):
    r = subprocess.run([BIN, "run", proj, "-o", out, "-q"], capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, **(env or {})))
    check(r.returncode == 0, f"kill: run {proj}: exit {r.returncode} {r.stderr}")
    return r


def signal_when(p, folder, ready, settle_s, sig):
    deadline = time.time() + 120
    while time.time() < deadline and not ready() and p.poll() is None:
        time.sleep(0.02)
    time.sleep(settle_s)
    p.send_signal(sig)
    p.wait(timeout=120)
    return p.returncode


def run_kill_during_write():
    """Kills with SIGINT, SIGTERM, SIGHUP and SIGKILL at several points of the write (while GDAL writes, between
    the GeoPackage and the report, while the files are moved into place). Before the moves the previous set
    stays byte-identical; SIGINT/SIGTERM/SIGHUP leave no temporary file; after SIGKILL the next run names and
    removes the leftovers (and finishes an interrupted move), and the set on disk is always one run's."""
    d = tempfile.mkdtemp(prefix="parkgis_kill_")
    try:
        sample = os.path.join(SRC, "layers/wansheng")
        text = open(os.path.join(sample, "project.yaml"), encoding="utf-8").read()
        text = text.replace("path: ", "path: " + sample + "/")
        variant_a = os.path.join(d, "a.yaml")
        variant_b = os.path.join(d, "b.yaml")
        open(variant_a, "w", encoding="utf-8").write(text)
        # B names the zones by their ids: every table, page and the coordinate file differ from A's.
        check("name: ZONE_NAME" in text, "kill: the sample maps name: ZONE_NAME")
        open(variant_b, "w", encoding="utf-8").write(text.replace("name: ZONE_NAME", "name: ZONE_ID"))
        refs = {}
        for v, proj in (("A", variant_a), ("B", variant_b)):
            folder = os.path.join(d, "ref" + v)
            run_variant(proj, os.path.join(folder, "w.gpkg"))
            refs[v] = {rel: content_key(p) for rel, p in output_files(folder).items()}
        check(set(refs["A"]) == set(refs["B"]) and len(refs["A"]) >= 14, f"kill: reference sets {sorted(refs['A'])}")

        def one_run(folder, what):
            """A, B or both for every file; a set holding A and B files is mixed."""
            seen = set()
            for rel, p in output_files(folder).items():
                if os.path.basename(rel).startswith("."):
                    continue
                key = content_key(p)
                owners = {v for v in refs if refs[v].get(rel) == key}
                check(owners, f"{what}: {rel} belongs to neither run")
                if len(owners) == 1:
                    seen |= owners
            return seen

        out_dir = os.path.join(d, "out")
        out = os.path.join(out_dir, "w.gpkg")
        write_delay = {"PARKGIS_TEST_WRITE_DELAY_MS": "20000"}
        commit_delay = {"PARKGIS_TEST_COMMIT_DELAY_MS": "20000"}
        temp_exists = lambda: hidden_leftovers(out_dir) != []  # noqa: E731
        journal = os.path.join(out_dir, ".w.parkgis-commit")
        probe_delay = {"PARKGIS_TEST_PROBE_DELAY_MS": "20000"}
        probing = lambda: any(os.path.basename(r).startswith(".parkgis-probe-")  # noqa: E731
                              for r in hidden_leftovers(out_dir))
        cases = [  # signal, delay hook, wait for, settle, point
            (signal.SIGINT, probe_delay, probing, 0.0, "probing a folder for write access"),
            (signal.SIGINT, {}, temp_exists, 0.0, "GDAL writing"),
            (signal.SIGTERM, write_delay, temp_exists, 0.8, "between the GeoPackage and the report"),
            (signal.SIGHUP, write_delay, temp_exists, 0.8, "between the GeoPackage and the report"),
            (signal.SIGKILL, write_delay, temp_exists, 0.8, "between the GeoPackage and the report"),
            (signal.SIGINT, commit_delay, lambda: os.path.exists(journal), 0.2, "moving into place"),
            (signal.SIGKILL, commit_delay, lambda: os.path.exists(journal), 0.2, "moving into place"),
        ]
        for sig, env, ready, settle, point in cases:
            what = f"kill: {signal.Signals(sig).name} {point}"
            shutil.rmtree(out_dir, ignore_errors=True)
            run_variant(variant_a, out)
            before = set_digest(out_dir)
            p = subprocess.Popen([BIN, "run", variant_b, "-o", out, "-q"], env=dict(os.environ, **env),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            rc = signal_when(p, out_dir, ready, settle, sig)
            check(rc == -sig, f"{what}: exit {rc}, expected death by the signal")
            leftovers = hidden_leftovers(out_dir)
            if point != "moving into place":
                check(set_digest(out_dir) == before, f"{what}: the previous set changed")
            if sig != signal.SIGKILL:
                check(leftovers == [], f"{what}: left {leftovers}")
                check(one_run(out_dir, what) in ({"A"}, {"B"}), f"{what}: a mixed set")
                continue
            check(leftovers, f"{what}: SIGKILL left nothing to clean up (the test did not catch the run)")
            # The next run names what it removed (or finished) and leaves one run's set and nothing hidden.
            run_variant(variant_a, out)
            con = sqlite3.connect(out)
            notes = [m for (m,) in con.execute("SELECT message_en FROM findings WHERE check_id = 'WRITE-LEFTOVER-REMOVED'")]
            con.close()
            if point == "moving into place":
                check(any("its move was finished" in m for m in notes), f"{what}: the next run says {notes}")
            else:
                check(any(".w.gpkg.parkgis-tmp-" in m and "removed" in m for m in notes),
                      f"{what}: the next run says {notes}")
            check(hidden_leftovers(out_dir) == [], f"{what}: after the next run {hidden_leftovers(out_dir)}")
            # Its own set, with the note: once more without leftovers, it is A's to the byte.
            run_variant(variant_a, out)
            check(one_run(out_dir, what) == {"A"}, f"{what}: not A's set after the next runs")
        # No previous output: a run killed while writing leaves nothing at the output path.
        shutil.rmtree(out_dir, ignore_errors=True)
        p = subprocess.Popen([BIN, "run", variant_a, "-o", out, "-q"], env=dict(os.environ, **write_delay))
        signal_when(p, out_dir, lambda: os.path.isdir(out_dir) and temp_exists(), 0.0, signal.SIGKILL)
        check(not os.path.exists(out), "kill: a partial GeoPackage exists at the output path")
        # --no-report after a full run: the old report does not stay beside the new GeoPackage.
        shutil.rmtree(out_dir, ignore_errors=True)
        run_variant(variant_a, out)
        r = subprocess.run([BIN, "run", variant_b, "-o", out, "-q", "--no-report"], capture_output=True, text=True)
        check(r.returncode == 0 and not [f for f in output_files(out_dir) if f.startswith("report")]
              and one_run(out_dir, "--no-report") == {"B"}, f"kill: --no-report left {sorted(output_files(out_dir))}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def table_digests(path):
    """SHA-256 of every data table of a GeoPackage (rows in fid order, geometry blobs included)."""
    con = sqlite3.connect(path)
    out = {}
    for (table,) in con.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name"):
        # A style's save time (layer_styles.update_time) is when, not what: it is left out.
        columns = [c[1] for c in con.execute(f'PRAGMA table_info("{table}")') if c[1] != "update_time"]
        h = hashlib.sha256()
        for row in con.execute(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} FROM "{table}" ORDER BY 1'):
            h.update(repr(row).encode())
        out[table] = h.hexdigest()
    con.close()
    return out


def run_determinism():
    """Two runs of the sample, one on 1 thread and one on 2, give byte-identical tables and files: every
    GeoPackage table (indicators, compliance, parcels …), the CSV copies and the coordinate file."""
    d = tempfile.mkdtemp(prefix="parkgis_det_")
    try:
        proj = os.path.join(SRC, "layers/wansheng/project.yaml")
        outs = []
        for threads in ("1", "2"):
            out = os.path.join(d, f"t{threads}", "wansheng.gpkg")
            r = subprocess.run([BIN, "run", proj, "-o", out, "-q"], capture_output=True, text=True, timeout=600,
                               env=dict(os.environ, PARKGIS_THREADS=threads))
            check(r.returncode == 0, f"determinism: run on {threads} thread(s): exit {r.returncode} {r.stderr}")
            outs.append(out)
        a, b = (table_digests(o) for o in outs)
        check("indicators" in a and "compliance" in a and "parcels" in a, f"determinism: tables {sorted(a)}")
        for table in sorted(set(a) | set(b)):
            check(a.get(table) == b.get(table), f"determinism: table {table} differs between the two runs")
        files = []
        for root, _, names in os.walk(os.path.dirname(outs[0])):
            files += [os.path.relpath(os.path.join(root, n), os.path.dirname(outs[0])) for n in names
                      if n.endswith((".csv", ".txt"))]
        check(len([f for f in files if f.endswith(".csv")]) >= 10, f"determinism: CSV files {files}")
        for rel in sorted(files):
            same = open(os.path.join(os.path.dirname(outs[0]), rel), "rb").read() == \
                open(os.path.join(os.path.dirname(outs[1]), rel), "rb").read()
            check(same, f"determinism: {rel} differs between the two runs")
        # A city large enough for the parallel paths (two-thread read of layers over 100 000 features, the
        # overlay's chunks): --lean on 1 and on 2 threads must write the same parcels and zone totals.
        city = os.path.join(d, "city.gpkg")
        subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts/generate_city.py"), city, "105000"], check=True,
                       capture_output=True)
        with open(os.path.join(d, "city.yaml"), "w") as f:
            f.write("name: city\nmeasure: {landuse_codes: GB50137-2011}\ninputs:\n"
                    "  zones: {path: city.gpkg, layer: zones, fields: {zone_id: zone_id, name: name, kind: kind, "
                    "parent_id: parent_id}}\n"
                    "  parcels: {path: city.gpkg, layer: parcels, fields: {landuse: ydlx, supply_status: gyzt}}\n"
                    "  buildings: {path: city.gpkg, layer: buildings}\n")
        # Also the feature-by-feature read (PARKGIS_READ_FEATURES=1) against the columnar one.
        lean = []
        for threads, features in (("1", "0"), ("2", "0"), ("2", "1")):
            out = os.path.join(d, f"city_t{threads}_f{features}.gpkg")
            r = subprocess.run([BIN, "run", os.path.join(d, "city.yaml"), "-o", out, "-q", "--lean"], capture_output=True,
                               text=True, timeout=600,
                               env=dict(os.environ, PARKGIS_THREADS=threads, PARKGIS_READ_FEATURES=features))
            check(r.returncode == 0, f"determinism: city --lean on {threads} thread(s): {r.stderr}")
            lean.append(table_digests(out))
        check(lean[0].get("parcels") and lean[0] == lean[1] == lean[2],
              f"determinism: city --lean differs between 1 and 2 threads or between the two read paths: {lean}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


if WHICH in ("all", "bad"):
    run_bad_cases()
    run_repair()
if WHICH in ("all", "sample"):
    run_sample()
if WHICH in ("all", "kill"):
    run_kill_during_write()
if WHICH in ("all", "determinism"):
    run_determinism()
sys.exit(check.summary())
