#!/usr/bin/python3
"""Write the Wansheng sample project into layers/wansheng/ (deterministic).

The zone totals are the published ones (core park 5.39 km², recognised in 2018; expansion zone
4.81 km² in the clusters 平山、建设、鱼田堡、关坝、青年). Every geometry and attribute is INVENTED:
the shapes, parcels, buildings, enterprises, constraints and statistics only look plausible.

Files are shipped the way planners receive them:
  zones/zones.shp     GBK-encoded Shapefile without .cpg, EPSG:4490 (geographic)
  landuse.gpkg        parcels + buildings, EPSG:4545 (CGCS2000 3-degree GK, CM 108E)
  enterprises.csv     points as lon/lat columns in EPSG:4490, UTF-8 with BOM (an Excel export)
  constraints.gpkg    basic_farmland, eco_redline, urban_dev_boundary in EPSG:4490
  zone_stats.csv      the statistics the Wansheng high-tech-zone plan sets targets for

Run with Debian's interpreter: /usr/bin/python3 scripts/generate_wansheng.py [out_dir]
"""
import math
import os
import random
import shutil
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
# Fixed timestamps in gpkg_contents so that the committed files are reproducible byte for byte.
gdal.SetConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00.000Z")

SEED = 20181
WORK_EPSG = 4545
GEO_EPSG = 4490

# (zone_id, name, kind, parent_id, centre lon, centre lat, declared km², shape)
ZONES = [
    ("WS-CORE", "万盛经开区高新技术产业核心区", "core", "", 106.915, 28.955, 5.39, "plain"),
    ("WS-E1", "平山组团", "expansion", "WS-EXP", 106.878, 28.987, 1.32, "hole"),
    ("WS-E2", "建设组团", "expansion", "WS-EXP", 106.950, 28.987, 0.96, "plain"),
    ("WS-E3", "鱼田堡组团", "expansion", "WS-EXP", 106.957, 28.918, 1.08, "two_parts"),
    ("WS-E4", "关坝组团", "expansion", "WS-EXP", 106.873, 28.905, 0.87, "plain"),
    ("WS-E5", "青年组团", "expansion", "WS-EXP", 106.962, 28.952, 0.58, "plain"),
]

# GB 50137-2011 codes and their share of non-road blocks (industrial-dominant park).
LANDUSE_WEIGHTS = [
    ("M1", 18), ("M2", 22), ("M3", 6), ("W1", 5), ("R2", 12), ("B1", 5), ("B2", 3),
    ("A1", 2), ("A3", 2), ("A5", 1), ("U1", 2), ("G1", 6), ("E1", 2), ("E9", 4),
]
# GB/T 4754-2017 class codes of the plan's four chains.
INDUSTRY_CHAINS = {
    "新能源(储能)": ["3841", "3849", "3825"],
    "电子元器件": ["3981", "3982", "3989"],
    "新材料": ["3091", "2662", "3311"],
    "生物医药": ["2710", "2720", "2761"],
}

BLOCK_M = 150.0  # block pitch
ROAD_M = 20.0  # road corridor between blocks


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


TO_WORK = osr.CoordinateTransformation(srs(GEO_EPSG), srs(WORK_EPSG))
TO_GEO = osr.CoordinateTransformation(srs(WORK_EPSG), srs(GEO_EPSG))


def ring_from(points):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points:
        ring.AddPoint_2D(x, y)
    ring.AddPoint_2D(*points[0])
    return ring


def blob(rng, cx, cy, radius, n=28, wobble=0.18):
    """An irregular star-convex ring (clockwise) around (cx, cy)."""
    pts = []
    for i in range(n):
        a = -2 * math.pi * i / n  # negative: clockwise
        r = radius * (1 + wobble * (rng.random() - 0.5) * 2)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def map_points(geom, fn):
    """A copy of geom with every vertex (x, y) replaced by fn(x, y)."""
    out = geom.Clone()

    def apply(g):
        if g.GetGeometryCount() > 0:
            for i in range(g.GetGeometryCount()):
                apply(g.GetGeometryRef(i))
        else:
            for i in range(g.GetPointCount()):
                g.SetPoint_2D(i, *fn(g.GetX(i), g.GetY(i)))

    apply(out)
    return out


def scale_to_area(geom, target_m2):
    """Scale a polygon about its centroid so that its planar area is target_m2."""
    c = geom.Centroid()
    cx, cy = c.GetX(), c.GetY()
    s = math.sqrt(target_m2 / geom.GetArea())
    return map_points(geom, lambda x, y: (cx + (x - cx) * s, cy + (y - cy) * s))


def make_zone(rng, lon, lat, km2, shape):
    p = ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})")
    p.Transform(TO_WORK)
    cx, cy = p.GetX(), p.GetY()
    radius = math.sqrt(km2 * 1e6 / math.pi)
    if shape == "two_parts":
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for dx, share in ((-0.9, 0.62), (0.95, 0.38)):
            part = ogr.Geometry(ogr.wkbPolygon)
            r = radius * math.sqrt(share)
            part.AddGeometry(ring_from(blob(rng, cx + dx * radius, cy, r)))
            mp.AddGeometry(part)
        geom = mp
    else:
        geom = ogr.Geometry(ogr.wkbPolygon)
        geom.AddGeometry(ring_from(blob(rng, cx, cy, radius * (1.08 if shape == "hole" else 1.0))))
        if shape == "hole":
            # A hill kept out of the cluster: an anticlockwise inner ring.
            hole = blob(rng, cx + 0.15 * radius, cy + 0.1 * radius, 0.3 * radius, n=12, wobble=0.1)
            geom.AddGeometry(ring_from(list(reversed(hole))))
    geom = scale_to_area(geom, km2 * 1e6)
    # Round to the millimetre, as a survey file would.
    return ogr.CreateGeometryFromWkb(round_geometry(geom).ExportToWkb())


def round_geometry(g, nd=3):
    return map_points(g, lambda x, y: (round(x, nd), round(y, nd)))


def rect(x0, y0, x1, y1):
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring_from([(x0, y0), (x0, y1), (x1, y1), (x1, y0)]))
    return poly


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


def polygons_of(g):
    """Polygon parts of an overlay result, as a MultiPolygon (or None when empty)."""
    out = ogr.Geometry(ogr.wkbMultiPolygon)
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        out.AddGeometry(g)
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(g.GetGeometryCount()):
            sub = g.GetGeometryRef(i)
            if ogr.GT_Flatten(sub.GetGeometryType()) == ogr.wkbPolygon and sub.GetArea() > 1.0:
                out.AddGeometry(sub)
    return out if out.GetGeometryCount() > 0 and out.GetArea() > 1.0 else None


def make_parcels(rng, zones):
    parcels = []
    for z in zones:
        zgeom = z["geom"]
        minx, maxx, miny, maxy = zgeom.GetEnvelope()
        i0, i1 = math.floor(minx / BLOCK_M), math.ceil(maxx / BLOCK_M)
        j0, j1 = math.floor(miny / BLOCK_M), math.ceil(maxy / BLOCK_M)
        blocks = ogr.Geometry(ogr.wkbMultiPolygon)
        straddlers = 0
        n = 0
        for j in range(j0, j1):
            for i in range(i0, i1):
                x0, y0 = i * BLOCK_M + ROAD_M / 2, j * BLOCK_M + ROAD_M / 2
                block = rect(x0, y0, x0 + BLOCK_M - ROAD_M, y0 + BLOCK_M - ROAD_M)
                if not block.Intersects(zgeom):
                    continue
                inside = zgeom.Intersection(block)
                share = inside.GetArea() / block.GetArea()
                if share < 0.05:
                    continue
                # A few core blocks on the boundary keep their full shape: parcels cut by the
                # zone line, as happens when a parcel register predates the boundary.
                if z["kind"] == "core" and 0.55 < share < 0.9 and straddlers < 3:
                    geom = block
                    straddlers += 1
                else:
                    geom = polygons_of(inside)
                    if geom is None:
                        continue
                n += 1
                parcels.append({"zone": z, "geom": geom, "block": (x0, y0), "seq": n})
                blocks.AddGeometry(block)
        road = polygons_of(zgeom.Difference(blocks.UnionCascaded()))
        if road is not None:
            n += 1
            parcels.append({"zone": z, "geom": road, "block": None, "seq": n, "road": True})

    chains = list(INDUSTRY_CHAINS.items())
    for idx, p in enumerate(parcels):
        z = p["zone"]
        p["parcel_id"] = f"{z['zone_id']}-P{p['seq']:03d}"
        area = p["geom"].GetArea()
        if p.get("road"):
            p["landuse"] = "S1"
        else:
            p["landuse"] = weighted(rng, LANDUSE_WEIGHTS)
        lu = p["landuse"]
        industrial = lu[0] in "MW"
        chain, codes = chains[idx % len(chains)] if industrial else ("", [])
        p["chain"] = chain
        p["industry_code"] = rng.choice(codes) if industrial else ""
        if lu in ("E1",):
            supply, built, idle = "不可供应", 0, 0
        elif lu == "E9":
            supply, built, idle = ("未供应-已达供地条件" if rng.random() < 0.5 else "未供应-未达供地条件"), 0, 0
        elif lu == "S1" or lu[0] in "AGU":
            supply, built, idle = "已供应-划拨", 1, 0
        else:
            r = rng.random()
            if r < 0.06:
                supply, built, idle = "已供应-出让", 0, 1  # idle land (闲置)
            elif r < 0.14:
                supply, built, idle = "已供应-出让", 0, 0  # supplied, under construction
            else:
                supply, built, idle = "已供应-出让", 1, 0
        p["supply_status"], p["built"], p["idle"] = supply, built, idle
        ha = area / 1e4
        if industrial and built:
            p["high_tech"] = 1 if chain in ("电子元器件", "生物医药") or rng.random() < 0.3 else 0
            p["invest_10k_cny"] = round(ha * rng.uniform(2200, 6500), 1)
            p["tax_10k_cny"] = round(ha * rng.uniform(80, 420), 1)
            p["output_10k_cny"] = round(ha * rng.uniform(4000, 15000), 1)
            # Deliberate non-compliance on a few parcels: admin share above 7 %, green above 20 %.
            admin_share = 0.12 if idx % 17 == 3 else rng.uniform(0.02, 0.065)
            green_share = 0.26 if idx % 19 == 5 else rng.uniform(0.08, 0.18)
            # sample_flags names what was made non-compliant, for tests/e2e (parkgis ignores it).
            p["sample_flags"] = ",".join(f for f, on in (("admin_high", idx % 17 == 3), ("green_high", idx % 19 == 5),
                                                         ("far_low", idx % 13 == 7)) if on)
            p["admin_area_m2"] = round(area * admin_share, 1)
            p["green_area_m2"] = round(area * green_share, 1)
            p["yard_area_m2"] = round(area * rng.uniform(0.03, 0.12), 1)
        else:
            p["high_tech"] = 0
            p["sample_flags"] = ""
            for k in ("invest_10k_cny", "tax_10k_cny", "output_10k_cny"):
                p[k] = round(ha * rng.uniform(300, 1500), 1) if (built and lu[0] in "BR") else None
            p["admin_area_m2"] = None
            p["green_area_m2"] = round(area * 0.9, 1) if lu == "G1" else None
            p["yard_area_m2"] = None
    return parcels


def make_buildings(rng, parcels):
    buildings = []
    n = 0
    crossing = 0
    for idx, p in enumerate(parcels):
        if not p["built"] or p.get("road") or p["block"] is None or p["landuse"][0] in "GE":
            continue
        x0, y0 = p["block"]
        lu = p["landuse"]
        industrial = lu[0] in "MW"
        # Deliberately sparse sites: a few industrial parcels far below their FAR minimum. The other
        # factories are built to the 2008 control indicators (容积率 ≥ 0.7–1.0, 建筑系数 ≥ 30 %).
        sparse = industrial and idx % 13 == 7
        count = 1 if sparse else rng.randint(3, 4) if industrial else rng.randint(2, 4)
        side = BLOCK_M - ROAD_M
        cells = [(0, 0), (1, 0), (0, 1), (1, 1)]
        rng.shuffle(cells)
        for (ci, cj) in cells[:count]:
            if industrial and not sparse:
                w, h = rng.uniform(42, 56), rng.uniform(38, 54)
            else:
                w, h = rng.uniform(28, 52), rng.uniform(22, 50)
            bx = x0 + 8 + ci * side / 2
            by = y0 + 8 + cj * side / 2
            b = rect(bx, by, bx + w, by + h)
            # A few buildings reach across the parcel line into the road corridor.
            if crossing < 6 and ci == 1 and idx % 11 == 0:
                b = rect(bx + side / 2 - w + 12, by, bx + side / 2 + 12, by + h)
                crossing += 1
            else:
                # Parcels cut by the zone line are irregular: start from the part of the quarter
                # block inside the parcel and shrink the building until it fits.
                cell = rect(x0 + ci * side / 2, y0 + cj * side / 2, x0 + (ci + 1) * side / 2, y0 + (cj + 1) * side / 2)
                piece = cell.Intersection(p["geom"])
                if piece is None or piece.GetArea() < 300:
                    continue
                ex0, ex1, ey0, ey1 = piece.GetEnvelope()
                bx, by = ex0 + 8, ey0 + 8
                w, h = min(w, ex1 - ex0 - 16), min(h, ey1 - ey0 - 16)
                if w < 8 or h < 8:
                    continue
                b = rect(bx, by, bx + w, by + h)
                for _ in range(4):
                    if b.Within(p["geom"]):
                        break
                    w, h = w * 0.6, h * 0.6
                    b = rect(bx, by, bx + w, by + h)
                if not b.Within(p["geom"]):
                    continue
            n += 1
            rec = {"building_id": f"B{n:05d}", "geom": b, "floors": None, "height_m": None,
                   "gfa_m2": None, "use": "industrial" if industrial else lu[0].lower()}
            if industrial:
                if idx % 13 == 7:
                    rec["floors"] = 1
                elif rng.random() < 0.25:
                    # A single-storey shed taller than 8 m (counts twice for 容积率).
                    rec["height_m"] = round(rng.uniform(9, 14), 1)
                else:
                    rec["floors"] = rng.randint(2, 5)
            elif lu[0] == "R":
                rec["floors"] = rng.randint(6, 18)
            else:
                rec["floors"] = rng.randint(2, 8)
            if n % 97 == 0:  # height only
                rec["floors"], rec["height_m"] = None, round(rng.uniform(9, 30), 1)
            if n % 151 == 0:  # nothing known
                rec["floors"], rec["height_m"] = None, None
            buildings.append(rec)
    return buildings


def make_enterprises(rng, parcels):
    rows = []
    n = 0
    for p in parcels:
        if p["landuse"][0] not in "MW" or not p["built"]:
            continue
        n += 1
        c = p["geom"].Centroid()
        c.Transform(TO_GEO)
        # employees are 20–180, scaled from the draw an older range used, so later draws stay the same
        rev = round(p["output_10k_cny"] * rng.uniform(0.9, 1.1), 1)
        va = round(rev * rng.uniform(0.22, 0.35), 1)
        rows.append({
            "name": f"重庆万盛{p['chain']}企业{n:03d}有限公司",
            "lon": round(c.GetX(), 7), "lat": round(c.GetY(), 7),
            "industry_code": p["industry_code"], "high_tech": p["high_tech"],
            "revenue_10k_cny": rev, "rd_10k_cny": round(rev * rng.uniform(0.01, 0.05), 1),
            "employees": 20 + (rng.randint(40, 600) - 40) * 160 // 560, "invention_patents": rng.randint(0, 25),
            "energy_tce": round(va * rng.uniform(0.3, 0.9), 1), "value_added_10k_cny": va,
        })
    return rows


def write_layer(ds, name, gtype, epsg, fields, records, transform=None):
    lyr = ds.CreateLayer(name, srs(epsg), gtype)
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    defn = lyr.GetLayerDefn()
    for rec in records:
        f = ogr.Feature(defn)
        for fname, _ in fields:
            v = rec.get(fname)
            if v is not None and v != "":
                f.SetField(fname, v)
        g = rec["geom"].Clone()
        if transform:
            g.Transform(transform)
        f.SetGeometry(ogr.ForceTo(g, gtype) if gtype != ogr.wkbUnknown else g)
        lyr.CreateFeature(f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "layers", "wansheng")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)

    zones = []
    for zid, name, kind, parent, lon, lat, km2, shape in ZONES:
        zones.append({"zone_id": zid, "name": name, "kind": kind, "parent_id": parent,
                      "declared_area_km2": km2, "geom": make_zone(rng, lon, lat, km2, shape)})

    # zones: GBK Shapefile in EPSG:4490, no .cpg (the planner must say encoding: GBK).
    zdir = os.path.join(out, "zones")
    shutil.rmtree(zdir, ignore_errors=True)
    os.makedirs(zdir)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(zdir)
    lyr = ds.CreateLayer("zones", srs(GEO_EPSG), ogr.wkbPolygon, options=["ENCODING=CP936", "DBF_DATE_LAST_UPDATE=2026-01-01"])
    for fname, ftype, width in (("ZONE_ID", ogr.OFTString, 12), ("ZONE_NAME", ogr.OFTString, 60),
                                ("ZONE_KIND", ogr.OFTString, 12), ("PARENT_ID", ogr.OFTString, 12),
                                ("DECL_KM2", ogr.OFTReal, 12)):
        fd = ogr.FieldDefn(fname, ftype)
        fd.SetWidth(width)
        if ftype == ogr.OFTReal:
            fd.SetPrecision(4)
        lyr.CreateField(fd)
    for z in zones:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("ZONE_ID", z["zone_id"])
        f.SetField("ZONE_NAME", z["name"])
        f.SetField("ZONE_KIND", z["kind"])
        if z["parent_id"]:
            f.SetField("PARENT_ID", z["parent_id"])
        f.SetField("DECL_KM2", z["declared_area_km2"])
        g = z["geom"].Clone()
        g.Transform(TO_GEO)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds = None
    os.remove(os.path.join(zdir, "zones.cpg"))

    parcels = make_parcels(rng, zones)
    buildings = make_buildings(rng, parcels)
    enterprises = make_enterprises(rng, parcels)

    path = os.path.join(out, "landuse.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    for p in parcels:
        p["zone_id"] = p["zone"]["zone_id"]
    pf = [("parcel_id", ogr.OFTString), ("zone_hint", ogr.OFTString), ("ydlx", ogr.OFTString),
          ("hydm", ogr.OFTString), ("chain", ogr.OFTString), ("gyzt", ogr.OFTString),
          ("built", ogr.OFTInteger), ("idle", ogr.OFTInteger), ("high_tech", ogr.OFTInteger),
          ("invest_10k_cny", ogr.OFTReal), ("tax_10k_cny", ogr.OFTReal),
          ("output_10k_cny", ogr.OFTReal), ("admin_area_m2", ogr.OFTReal),
          ("green_area_m2", ogr.OFTReal), ("yard_area_m2", ogr.OFTReal), ("sample_flags", ogr.OFTString)]
    for p in parcels:
        p.update({"zone_hint": p["zone_id"], "ydlx": p["landuse"], "hydm": p["industry_code"],
                  "gyzt": p["supply_status"]})
    write_layer(ds, "parcels", ogr.wkbMultiPolygon, WORK_EPSG, pf, parcels)
    bf = [("building_id", ogr.OFTString), ("floors", ogr.OFTInteger), ("height_m", ogr.OFTReal),
          ("gfa_m2", ogr.OFTReal), ("use", ogr.OFTString)]
    write_layer(ds, "buildings", ogr.wkbPolygon, WORK_EPSG, bf, buildings)
    ds = None

    # constraints in geographic CGCS2000
    path = os.path.join(out, "constraints.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    byid = {z["zone_id"]: z["geom"] for z in zones}

    def near(zid, dx, dy, r, n=16):
        c = byid[zid].Centroid()
        minx, maxx, miny, maxy = byid[zid].GetEnvelope()
        g = ogr.Geometry(ogr.wkbPolygon)
        g.AddGeometry(ring_from(blob(rng, c.GetX() + dx * (maxx - minx), c.GetY() + dy * (maxy - miny), r, n)))
        return g

    farmland = [
        {"name": "关坝永久基本农田片块1", "geom": near("WS-E4", 0.55, 0.1, 260)},  # overlaps a little
        {"name": "鱼田堡永久基本农田片块", "geom": near("WS-E3", 0.0, -0.9, 300)},
    ]
    eco = [{"name": "青山湖生态保护红线", "geom": near("WS-CORE", -0.2, 0.75, 380)}]
    # Urban development boundary: every zone, buffered, except the eastern part of 鱼田堡.
    allz = ogr.Geometry(ogr.wkbMultiPolygon)
    for z in zones:
        g = z["geom"]
        if ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbMultiPolygon:
            for i in range(g.GetGeometryCount()):
                allz.AddGeometry(g.GetGeometryRef(i))
        else:
            allz.AddGeometry(g)
    udb = allz.Buffer(120, 4)
    minx, maxx, miny, maxy = byid["WS-E3"].GetEnvelope()
    cut = rect(minx + 0.78 * (maxx - minx), miny - 500, maxx + 500, maxy + 500)
    udb = udb.Difference(cut)
    udb_rec = [{"name": "万盛城镇开发边界", "geom": udb}]
    cf = [("name", ogr.OFTString)]
    for name, recs in (("basic_farmland", farmland), ("eco_redline", eco), ("urban_dev_boundary", udb_rec)):
        for r in recs:
            r["geom"] = round_geometry(r["geom"])
        write_layer(ds, name, ogr.wkbMultiPolygon, GEO_EPSG, cf, recs, transform=TO_GEO)
    ds = None

    # enterprises as an Excel-style CSV (UTF-8 with BOM)
    cols = ["name", "lon", "lat", "industry_code", "high_tech", "revenue_10k_cny", "rd_10k_cny",
            "employees", "invention_patents", "energy_tce", "value_added_10k_cny"]
    with open(os.path.join(out, "enterprises.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write(",".join(cols) + "\r\n")
        for r in enterprises:
            f.write(",".join(str(r[c]) for c in cols) + "\r\n")

    # zone statistics (invented values near the plan's targets)
    stats_cols = ["zone_id", "industrial_output_100m_cny", "industrial_concentration_pct",
                  "rd_spend_10k_cny", "gdp_10k_cny", "employees", "invention_patents",
                  "energy_tce", "value_added_10k_cny", "high_tech_enterprises",
                  "new_tech_smes_per_year", "rd_share_of_district_pct", "platforms_national_municipal",
                  "platforms_district_new", "domestic_investment_avg3y_100m_cny",
                  "foreign_investment_avg3y_10k_usd", "resident_population", "industrial_value_added_growth_pct"]
    stats = [["WS-CORE", 212.4, 88.1, 41200, 1620000, 21400, 702, 705000, 1080000, 41, 96, 61.0, 3, 4, 38.5, 2100, 18600, 9.8],
             ["WS-EXP", 96.3, 79.4, 15800, 740000, 9800, 221, 398000, 470000, 15, 52, 13.5, 1, 3, 16.2, 900, 7400, 8.1],
             ["ALL", 308.7, 85.6, 57000, 2360000, 31200, 923, 1103000, 1550000, 56, 148, 74.5, 4, 7, 54.7, 3000, 26000, 9.3]]
    with open(os.path.join(out, "zone_stats.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(",".join(stats_cols) + "\n")
        for row in stats:
            f.write(",".join(str(v) for v in row) + "\n")
    # commuting flows (home → work, persons), as a 手机信令 (mobile-signalling) survey would give them,
    # aggregated to the zones; ids that are not zones (万盛城区, 綦江区) are the rest of the region.
    places = ["WS-CORE", "WS-E1", "WS-E2", "WS-E3", "WS-E4", "WS-E5", "万盛城区", "綦江区"]
    with open(os.path.join(out, "commuting.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("home_id,work_id,count\r\n")
        for i, home in enumerate(places):
            for j, work in enumerate(places):
                if i >= 6 and j >= 6:
                    continue  # flows outside the zones are not surveyed
                count = 1800 if i == j else 40 + (37 * i + 53 * j) % 260
                if work == "WS-E4":
                    count //= 3  # 关坝: few people live nearby, most commute in
                f.write(f"{home},{work},{count}\r\n")

    print(f"wrote {out}: {len(zones)} zones, {len(parcels)} parcels, {len(buildings)} buildings, "
          f"{len(enterprises)} enterprises")


if __name__ == "__main__":
    main()
