#!/usr/bin/python3
"""Independent cross-check of the measure overlay with PostGIS.

Starts a private PostgreSQL cluster on a unix socket in a temporary folder, loads the Wansheng
parcels and buildings (the inputs) and the zones parkgis wrote, computes per-parcel GFA, FAR and
coverage and per-zone totals in SQL (ST_Intersection areas), stops the cluster, and compares with
parkgis's parcels layer and indicators table: every value must agree to 1e-6 relative.

usage: crosscheck.py <parkgis binary> <source dir>
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402
from output_text import files_containing  # noqa: E402
from osgeo import ogr  # noqa: E402

# Debian's server binaries: /usr/lib/postgresql/<version>/bin (the newest installed version)
PG_BIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [None])[-1]
PG_BIN = os.path.dirname(PG_BIN) if PG_BIN else None
PORT = "54329"

# The same rules as parkgis (layers/measure/parameters.yaml), written out independently in SQL.
SQL = """
CREATE TABLE b AS
SELECT building_id, geom, ST_Area(geom) AS fp, floors, height_m, gfa_m2, use FROM buildings;

CREATE TABLE piece AS
SELECT b.building_id, p.parcel_id, ST_Area(ST_Intersection(b.geom, p.geom)) AS a
FROM b JOIN parcels p ON ST_Intersects(b.geom, p.geom);
DELETE FROM piece WHERE a <= 0;

-- industrial: by use, else when the parcel holding the largest part is built M/W land (TD/T A2)
CREATE TABLE main_parcel AS
SELECT DISTINCT ON (building_id) building_id, parcel_id FROM piece ORDER BY building_id, a DESC, parcel_id;

CREATE TABLE bf AS
SELECT b.*,
  CASE WHEN b.floors > 0 AND b.floors <= 120 THEN b.floors
       WHEN b.height_m > 0 THEN GREATEST(1, round((b.height_m / CASE WHEN b.use IN ('industrial','工业','厂房','仓库','仓储','物流','M','M1','M2','M3','W','W1','W2','W3')
              OR (p.built = 1 AND (p.ydlx LIKE 'M%' OR p.ydlx LIKE 'W%')) THEN 3.5 ELSE 3.0 END)::numeric))::float8
       ELSE NULL END AS fl
FROM b LEFT JOIN main_parcel m USING (building_id) LEFT JOIN parcels p ON p.parcel_id = m.parcel_id;

CREATE TABLE bg AS
SELECT building_id, fp,
  CASE WHEN gfa_m2 > 0 THEN gfa_m2 WHEN fl IS NOT NULL THEN fl * fp ELSE 0 END AS gfa,
  CASE WHEN fl IS NOT NULL AND height_m > 0 AND height_m / fl > 8 THEN 2 ELSE 1 END AS factor
FROM bf;

CREATE TABLE pm AS
SELECT p.parcel_id, ST_Area(p.geom) AS area, p.built, p.ydlx,
  COALESCE(SUM(pc.a), 0) AS footprint,
  COALESCE(SUM(bg.gfa * pc.a / bg.fp), 0) AS gfa,
  COALESCE(SUM(bg.gfa * bg.factor * pc.a / bg.fp), 0) AS far_gfa
FROM parcels p LEFT JOIN piece pc USING (parcel_id) LEFT JOIN bg USING (building_id)
GROUP BY p.parcel_id, p.geom, p.built, p.ydlx;

CREATE TABLE share AS
SELECT z.zone_id, p.parcel_id, ST_Area(ST_Intersection(p.geom, z.geom)) / ST_Area(p.geom) AS s
FROM zones z JOIN parcels p ON ST_Intersects(z.geom, p.geom);

-- built urban land A: built parcels whose code is not unbuilt land (E*) in this sample's GB 50137 codes
CREATE TABLE zt AS
SELECT zone_id,
  SUM(pm.area * s) AS parcel_area,
  SUM(CASE WHEN pm.built = 1 AND pm.ydlx NOT LIKE 'E%' THEN pm.area * s ELSE 0 END) AS a_area,
  SUM(CASE WHEN pm.built = 1 AND pm.ydlx NOT LIKE 'E%' THEN pm.gfa * s ELSE 0 END) AS a_gfa,
  SUM(CASE WHEN pm.built = 1 AND pm.ydlx NOT LIKE 'E%' THEN pm.footprint * s ELSE 0 END) AS a_fp,
  SUM(CASE WHEN pm.built = 1 AND (pm.ydlx LIKE 'M%' OR pm.ydlx LIKE 'W%') THEN pm.area * s ELSE 0 END) AS a2_area,
  SUM(CASE WHEN pm.built = 1 AND (pm.ydlx LIKE 'M%' OR pm.ydlx LIKE 'W%') THEN pm.gfa * s ELSE 0 END) AS a2_gfa
FROM share JOIN pm USING (parcel_id) WHERE s > 0 GROUP BY zone_id;
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def run_from_postgis(binary, src, work):
    """A project reading parcels and buildings from PostGIS through a DSN with a user and a password: no file
    it writes may hold the password, the user or the project folder's absolute path."""
    project_dir = os.path.join(work, "project")
    os.makedirs(project_dir)
    sample = os.path.join(os.path.abspath(src), "layers/wansheng")
    dsn = f"PG:host={work} port={PORT} user=postgres password=S3cret-pw-4711 dbname=postgres"
    text = open(os.path.join(sample, "project.yaml"), encoding="utf-8").read()
    head, inputs = text.split("inputs:\n")
    with open(os.path.join(project_dir, "project.yaml"), "w", encoding="utf-8") as f:
        f.write(head + "inputs:\n"
                f"  zones: {{path: {sample}/zones/zones.shp, encoding: GBK, fields: {{zone_id: ZONE_ID, name: ZONE_NAME, "
                "kind: ZONE_KIND, parent_id: PARENT_ID, declared_area_km2: DECL_KM2}}\n"
                f"  parcels: {{path: '{dsn}', layer: parcels, fields: {{landuse: ydlx, industry_code: hydm, "
                "supply_status: gyzt}}\n"
                f"  buildings: {{path: '{dsn}', layer: buildings}}\n")
    out = os.path.join(project_dir, "out", "pg.gpkg")
    r = subprocess.run([binary, "run", os.path.join(project_dir, "project.yaml"), "-o", out, "-q"], capture_output=True,
                       text=True)
    if r.returncode != 0:
        return [("parkgis run", r.stderr)]
    return files_containing(os.path.dirname(out), ["S3cret-pw-4711", "user=postgres", project_dir, work])


def main():
    binary, src = sys.argv[1], sys.argv[2]
    if PG_BIN is None or not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        print("PostgreSQL + PostGIS not installed: run scripts/setup.sh (Debian postgresql, postgis)")
        return 1
    work = tempfile.mkdtemp(prefix="parkgis_pg_")
    os.chmod(work, 0o777)
    out = os.path.join(work, "wansheng.gpkg")
    run([binary, "run", os.path.join(src, "layers/wansheng/project.yaml"), "-o", out, "-q"])

    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = os.path.join(work, "pgdata")
    run(as_postgres + [os.path.join(PG_BIN, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    run(as_postgres + [os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-w", "-l", os.path.join(work, "pg.log"), "-o",
                       f"-k {work} -p {PORT} -c listen_addresses=''", "start"])
    dsn = f"PG:host={work} port={PORT} user=postgres dbname=postgres"
    try:
        psql = [os.path.join(PG_BIN, "psql"), "-h", work, "-p", PORT, "-U", "postgres", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q"]
        run(psql + ["-c", "CREATE EXTENSION postgis"])
        landuse = os.path.join(src, "layers/wansheng/landuse.gpkg")
        for layer in ("parcels", "buildings"):
            run(["ogr2ogr", "-f", "PostgreSQL", dsn, landuse, layer, "-lco", "GEOMETRY_NAME=geom", "-nln", layer])
        run(["ogr2ogr", "-f", "PostgreSQL", dsn, out, "zones", "-lco", "GEOMETRY_NAME=geom", "-nln", "zones",
             "-select", "zone_id"])
        run(psql + ["-c", SQL])
        leaks = run_from_postgis(binary, src, work)
        parcels = {}
        for line in run(psql + ["-At", "-F", "|", "-c",
                                "SELECT parcel_id, footprint, gfa, far_gfa, area FROM pm"]).stdout.splitlines():
            pid, fp, gfa, far_gfa, area = line.split("|")
            parcels[pid] = tuple(float(v) for v in (fp, gfa, far_gfa, area))
        zones = {}
        for line in run(psql + ["-At", "-F", "|", "-c",
                                "SELECT zone_id, parcel_area, a_area, a_gfa, a_fp, a2_area, a2_gfa FROM zt"]).stdout.splitlines():
            zid, *vals = line.split("|")
            zones[zid] = tuple(float(v) for v in vals)
    finally:
        subprocess.run(as_postgres + [os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-w", "-m", "fast", "stop"],
                       capture_output=True)

    c = Checks()
    c(leaks == [], f"a run reading PostGIS: outputs name the password or the project folder: {leaks}")

    def close(ours, theirs, what):
        ok = abs(ours - theirs) <= 1e-6 * max(1.0, abs(theirs))
        c(ok, f"{what}: parkgis {ours!r} vs PostGIS {theirs!r}")
        return ok

    ds = ogr.Open(out)
    mine = {f["parcel_id"]: f for f in ds.GetLayerByName("parcels")}
    c(len(mine) == len(parcels) == 549, f"549 parcels on both sides ({len(mine)}, {len(parcels)})")
    bad = 0
    for pid, (fp, gfa, far_gfa, area) in sorted(parcels.items()):
        f = mine[pid]
        for ours, theirs, what in ((f["footprint_m2"], fp, "footprint"), (f["gfa_m2"], gfa, "GFA"),
                                   (f["far_gfa_m2"], far_gfa, "容积率 GFA"), (f["area_m2"], area, "area"),
                                   (f["far"], gfa / area, "FAR"), (f["building_density_pct"], 100 * fp / area, "coverage")):
            if abs(ours - theirs) > 1e-6 * max(1.0, abs(theirs)):
                bad += 1
                if bad <= 10:
                    print(f"  parcel {pid} {what}: parkgis {ours!r} vs PostGIS {theirs!r}")
    c(bad == 0, f"parcel footprint, GFA, 容积率 GFA, area, FAR and coverage agree for all 549 parcels ({bad} differ)")

    ind = {}
    for f in ds.GetLayerByName("indicators"):
        ind[(f["scope_id"], f["indicator_id"])] = f["value"]
    for zid, (parcel_area, a_area, a_gfa, a_fp, a2_area, a2_gfa) in sorted(zones.items()):
        close(ind[(zid, "area_parcels")] * 1e4, parcel_area, f"{zid} parcel area m²")
        close(ind[(zid, "area_A")] * 1e4, a_area, f"{zid} built land A m²")
        close(ind[(zid, "gfa_built")], a_gfa, f"{zid} GFA on A")
        close(ind[(zid, "footprint_built")], a_fp, f"{zid} footprint on A")
        close(ind[(zid, "composite_far")], a_gfa / a_area, f"{zid} 综合容积率")
        close(ind[(zid, "building_density")], 100 * a_fp / a_area, f"{zid} 建筑密度")
        close(ind[(zid, "area_A2")] * 1e4, a2_area, f"{zid} industrial land A2 m²")
        close(ind[(zid, "industrial_far")], a2_gfa / a2_area, f"{zid} 工业用地综合容积率")
    c(len(zones) == 6, f"PostGIS found parcels in all 6 zones ({len(zones)})")
    shutil.rmtree(work, ignore_errors=True)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
