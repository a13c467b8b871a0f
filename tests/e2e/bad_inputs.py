"""Builders for the hostile-input catalogue (tests/data/bad/cases.json).

Each builder writes its inputs into a fresh folder with GDAL (or by hand where GDAL would refuse to write the
damage: an open ring, a truncated file) and returns the project's inputs as {role: {key: value}}. The case
file names the builder and what parkgis must answer: exit code, message, findings.
"""
import math
import os
import shutil
import sqlite3
import struct

from osgeo import ogr, osr

# Two zones in CGCS2000 3-degree GK CM 108°E (EPSG:4545, the sample's working CRS): a 1 km square core and a
# 500 m square expansion zone, 1 km apart.
Z1 = (393000, 3205000, 1000)
Z2 = (395000, 3205000, 500)


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def square(x, y, side):
    return f"POLYGON (({x} {y},{x + side} {y},{x + side} {y + side},{x} {y + side},{x} {y}))"


def ring_geometry(points, gtype=ogr.wkbPolygon):
    """A polygon from points (NaN and infinity allowed: WKT cannot say them)."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points:
        ring.AddPoint_2D(x, y)
    g = ogr.Geometry(gtype)
    g.AddGeometry(ring)
    return g


def circle_points(cx, cy, r, n):
    pts = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]
    return pts + [pts[0]]


FIELD_TYPES = {str: ogr.OFTString, float: ogr.OFTReal, int: ogr.OFTInteger}


def write_layer(path, layer, rows, epsg=4545, driver="GPKG", gtype=ogr.wkbPolygon, options=None, field_types=None):
    """rows: [(fields dict, geometry as WKT, ogr.Geometry or None)]. Appends a layer when the file exists.
    A layer without rows gets the zone fields."""
    drv = ogr.GetDriverByName(driver)
    ds = drv.Open(path, 1) if os.path.exists(path) and driver == "GPKG" else drv.CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs(epsg) if epsg else None, gtype, options=options or [])
    names = []
    for fields, _ in rows or [zone_row("", "", None)]:
        for k, v in fields.items():
            if k not in names:
                names.append(k)
                t = (field_types or {}).get(k, FIELD_TYPES[type(v)])
                lyr.CreateField(ogr.FieldDefn(k, t))
    for fields, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in fields.items():
            f.SetField(k, v)
        if geom is not None:
            f.SetGeometry(ogr.CreateGeometryFromWkt(geom) if isinstance(geom, str) else geom)
        lyr.CreateFeature(f)
    ds = None
    return path


def zone_row_named(zid, name, kind, geom):
    return ({"zone_id": zid, "name": name, "kind": kind}, geom)


def zone_row(zid, kind, geom):
    return ({"zone_id": zid, "name": zid, "kind": kind}, geom)


def good_zone_rows(kind="core"):
    return [zone_row("Z1", kind, square(*Z1)), zone_row("Z2", "expansion", square(*Z2))]


def parcel_row(pid, geom, **extra):
    return (dict({"parcel_id": pid, "landuse": "M1"}, **extra), geom)


def building_row(bid, geom, floors):
    return ({"building_id": bid, "floors": float(floors)}, geom)


# --- GCJ-02 (the published forward formula, written here independently of parkgis's C++) -------------------

def wgs84_to_gcj02(lon, lat):
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    d_lat = d_lat * 180.0 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + d_lon, lat + d_lat


def to_lonlat(wkt, gcj=False):
    """A EPSG:4545 polygon → CGCS2000 lon/lat (optionally moved to GCJ-02, as a web map shows it)."""
    g = ogr.CreateGeometryFromWkt(wkt)
    g.AssignSpatialReference(srs(4545))
    g.TransformTo(srs(4490))
    if gcj:
        ring = g.GetGeometryRef(0)
        for i in range(ring.GetPointCount()):
            lon, lat = wgs84_to_gcj02(ring.GetX(i), ring.GetY(i))
            ring.SetPoint_2D(i, lon, lat)
    return g.ExportToWkt()


def patch_gpkg_geometry(path, table, fid, wkb):
    """Replaces one feature's geometry blob with raw WKB (GeoPackage header, no envelope): damage GDAL
    would not write itself, e.g. an open ring."""
    con = sqlite3.connect(path)
    srs_id = con.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchone()[0]
    blob = b"GP" + bytes([0, 1]) + struct.pack("<i", srs_id) + wkb
    con.execute(f'UPDATE "{table}" SET geom = ? WHERE fid = ?', (blob, fid))
    con.commit()
    con.close()


def open_ring_wkb(points):
    return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(points)) + b"".join(struct.pack("<dd", *p) for p in points)


ESRI_GK_PRJ = ('PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
               'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
               'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],'
               'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],'
               'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


# --- builders: each returns {role: {path, layer?, crs?, encoding?, fields?}} -------------------------------

def build(name, d, case):
    p = lambda f: os.path.join(d, f)  # noqa: E731
    zones = p("zones.gpkg")
    kind = case.get("kind", "core")

    def zones_only(rows, **kw):
        write_layer(zones, "zones", rows, **kw)
        return {"zones": {"path": zones}}

    def with_layer(role, rows, gtype=ogr.wkbPolygon, epsg=4545, **spec):
        write_layer(zones, "zones", good_zone_rows())
        path = p(role + ".gpkg")
        write_layer(path, role, rows, gtype=gtype, epsg=epsg)
        inputs = {"zones": {"path": zones}, role: dict({"path": path}, **spec)}
        if role == "buildings":  # buildings are measured on parcels: one 800 m × 400 m parcel holds them
            write_layer(p("parcels.gpkg"), "parcels", [parcel_row("P1", f"POLYGON ((393000 3205000,393800 3205000,"
                                                                       "393800 3205400,393000 3205400,393000 3205000))")])
            inputs["parcels"] = {"path": p("parcels.gpkg")}
        return inputs

    if name == "zones_path":
        return {"zones": {"path": p(case["path"])}}
    if name == "zero_byte":
        open(zones, "wb").close()
        return {"zones": {"path": zones}}
    if name == "gpkg_zones":
        return zones_only(good_zone_rows(kind))
    if name == "truncated_gpkg":
        full = p("full.gpkg")
        write_layer(full, "zones", good_zone_rows() * 50)
        data = open(full, "rb").read()
        open(zones, "wb").write(data[: len(data) // 3])
        os.remove(full)
        return {"zones": {"path": zones}}
    if name == "not_a_geopackage":
        open(zones, "w").write("zone_id,name\nZ1,core\n")
        return {"zones": {"path": zones}}
    if name == "folder_as_file":
        os.makedirs(zones)
        return {"zones": {"path": zones}}
    if name == "locked_gpkg":
        return zones_only(good_zone_rows())  # the runner holds the lock
    if name == "no_crs_shapefile":
        write_layer(p("zones.shp"), "zones", good_zone_rows(), epsg=None, driver="ESRI Shapefile")
        return {"zones": {"path": p("zones.shp")}}
    if name == "metres_as_degrees":
        return zones_only(good_zone_rows(), epsg=4490)
    if name == "degrees_as_metres":
        return zones_only([zone_row("Z1", "core", square(106.9, 28.9, 0.01))], epsg=4545)
    if name == "empty_layer":
        return zones_only([])
    if name == "points_as_zones":
        return zones_only([zone_row("Z1", "core", "POINT (393000 3205000)")], gtype=ogr.wkbPoint)
    if name == "mixed_types":
        return zones_only([zone_row("Z1", "core", square(*Z1)), zone_row("Z2", "core", "POINT (395000 3205000)")],
                          gtype=ogr.wkbUnknown)
    if name == "nan_zone":
        return zones_only([zone_row("Z1", "core", square(*Z1)),
                           zone_row("Z2", "core", ring_geometry([(395000, 3205000), (math.nan, 3205000),
                                                                 (395500, 3205500), (395000, 3205000)]))])
    if name == "inf_zone":
        return zones_only([zone_row("Z1", "core", ring_geometry([(393000, 3205000), (math.inf, 3205000),
                                                                 (393500, 3205500), (393000, 3205000)]))])
    if name == "bowtie_zone":
        return zones_only([zone_row("Z1", "core", "POLYGON ((393000 3205000,394000 3206000,394000 3205000,"
                                                  "393000 3206000,393000 3205000))")])
    if name == "self_touching_zone":
        # The ring comes back to touch its own first edge at (393500, 3205000): two triangles of 250 000 m².
        return zones_only([zone_row("Z1", "core", "POLYGON ((393000 3205000,394000 3205000,394000 3206000,"
                                                  "393500 3205000,393000 3206000,393000 3205000))")])
    if name == "open_ring_zone":
        zones_only(good_zone_rows(), options=["SPATIAL_INDEX=NO"])  # no R-tree triggers to fire on the patch
        x, y, s = Z1
        patch_gpkg_geometry(zones, "zones", 1, open_ring_wkb([(x, y), (x + s, y), (x + s, y + s), (x, y + s)]))
        return {"zones": {"path": zones}}
    if name == "repeated_vertices_zone":
        x, y, s = Z1
        return zones_only([zone_row("Z1", "core", f"POLYGON (({x} {y},{x} {y},{x + s} {y},{x + s} {y},{x + s} {y + s},"
                                                  f"{x} {y + s},{x} {y + s},{x} {y}))")])
    if name == "zero_area_zone":
        return zones_only([zone_row("Z1", "core", "POLYGON ((393000 3205000,394000 3205000,395000 3205000,"
                                                  "393000 3205000))")])
    if name == "zero_area_parcel":
        return with_layer("parcels", [parcel_row("P1", square(393100, 3205100, 200)),
                                      parcel_row("P2", "POLYGON ((393400 3205100,393600 3205100,393500 3205100,"
                                                       "393400 3205100))")])
    if name == "zm_zone":
        x, y, s = Z1
        return zones_only([zone_row("Z1", "core", f"POLYGON ZM (({x} {y} 300 1,{x + s} {y} 301 2,{x + s} {y + s} 302 3,"
                                                  f"{x} {y + s} 303 4,{x} {y} 300 1))")], gtype=ogr.wkbPolygonZM)
    if name == "curved_zone":
        return zones_only([zone_row("Z1", "core", "CURVEPOLYGON (CIRCULARSTRING (393000 3205500,393500 3206000,"
                                                  "394000 3205500,393500 3205000,393000 3205500))")],
                          gtype=ogr.wkbCurvePolygon)
    if name == "multisurface_buildings":
        return with_layer("buildings", [({"building_id": "B1", "floors": 3.0},
                                         "MULTISURFACE (CURVEPOLYGON (COMPOUNDCURVE (CIRCULARSTRING (393100 3205100,"
                                         "393150 3205150,393200 3205100),(393200 3205100,393100 3205100))))")],
                          gtype=ogr.wkbMultiSurface)
    if name == "collection_zone":
        return zones_only([zone_row("Z1", "core", f"GEOMETRYCOLLECTION ({square(*Z1)},LINESTRING (393000 3205000,"
                                                  "394000 3206000),POINT (393500 3205500))")],
                          gtype=ogr.wkbGeometryCollection)
    if name == "empty_zone":
        return zones_only([zone_row("Z1", "core", square(*Z1)), zone_row("Z2", "core", "POLYGON EMPTY")])
    if name == "empty_parcel":
        return with_layer("parcels", [parcel_row("P1", square(393100, 3205100, 200)), parcel_row("P2", None)])
    if name == "million_vertex_zone":
        return zones_only([zone_row("Z1", "core", ring_geometry(circle_points(393500, 3205500, 500, 1_000_000)))])
    if name == "duplicate_zone_id":
        return zones_only([zone_row("Z1", "core", square(*Z1)), zone_row("Z1", case.get("kind", "expansion"), square(*Z2))])
    if name == "duplicate_zone_stats":
        zones_only(good_zone_rows())
        open(p("zone_stats.csv"), "w", encoding="utf-8").write("zone_id,rd_10k_cny\nZ1,100\nZ1,120\n")
        return {"zones": {"path": zones}, "zone_stats": {"path": p("zone_stats.csv")}}
    if name == "duplicate_parcel_id":
        return with_layer("parcels", [parcel_row("P1", square(393100, 3205100, 200)),
                                      parcel_row("P1", square(393400, 3205100, 200))])
    if name == "absurd_floors":
        return with_layer("buildings", [building_row("B1", square(393100, 3205100, 50), 999),
                                        building_row("B2", square(393300, 3205100, 50), -3),
                                        building_row("B3", square(393500, 3205100, 50), 4)])
    if name == "text_in_numeric":
        write_layer(zones, "zones", good_zone_rows())
        path = p("parcels.gpkg")
        write_layer(path, "parcels", [parcel_row("P1", square(393100, 3205100, 200), invest="500"),
                                      parcel_row("P2", square(393400, 3205100, 200), invest="约500万")])
        return {"zones": {"path": zones}, "parcels": {"path": path, "fields": {"invest_10k_cny": "invest"}}}
    if name == "gbk_without_cpg":
        shp = p("zones.shp")
        rows = [({"zone_id": "Z1", "name": "平山组团", "kind": "core"}, square(*Z1))]
        write_layer(shp, "zones", rows, driver="ESRI Shapefile", options=["ENCODING=CP936"])
        os.remove(p("zones.cpg"))
        with open(p("zones.dbf"), "r+b") as f:  # ArcGIS on Chinese Windows leaves the language driver id at 0
            f.seek(29)
            f.write(b"\x00")
        return {"zones": {"path": shp}}
    if name == "esri_gauss_kruger_prj":
        shp = p("zones.shp")
        write_layer(shp, "zones", good_zone_rows(), driver="ESRI Shapefile")
        open(p("zones.prj"), "w").write(ESRI_GK_PRJ)
        return {"zones": {"path": shp}}
    if name in ("gcj02_as_wgs84", "gcj02_declared"):
        write_layer(zones, "zones", [zone_row("Z1", "core", to_lonlat(square(*Z1)))], epsg=4490)
        path = p("parcels.gpkg")
        rows = [parcel_row(f"P{i}{j}", to_lonlat(square(393000 + 250 * i + 25, 3205000 + 250 * j + 25, 200), gcj=True))
                for i in range(4) for j in range(4)]
        write_layer(path, "parcels", rows, epsg=4326)
        spec = {"path": path}
        if name == "gcj02_declared":
            spec["crs"] = "GCJ-02"
        return {"zones": {"path": zones}, "parcels": spec}
    if name == "input_in_output_set":
        # A commuting table kept where the run's own CSV copy of jobs_housing goes.
        zones_only(good_zone_rows())
        csv_dir = p("out/report/csv")
        os.makedirs(csv_dir)
        open(os.path.join(csv_dir, "r_jobs_housing.csv"), "w", encoding="utf-8").write("home_id,work_id,count\nZ1,Z1,10\n")
        return {"zones": {"path": zones}, "commuting": {"path": os.path.join(csv_dir, "r_jobs_housing.csv")}}
    if name == "coordinate_file_path_is_folder":
        os.makedirs(p("out/r_boundary_points.txt"))
        return zones_only(good_zone_rows())
    if name == "duplicate_id_collides_with_generated":
        # X, X, "X (fid 2)": the second X may not become "X (fid 2)", the third feature's own id. Only the
        # second exceeds T-ADMIN's 7 % (5 000 m² of 40 000 m²): its verdict must stay with it.
        return with_layer("parcels", [parcel_row("X", square(393100, 3205100, 200), admin=0.0),
                                      parcel_row("X", square(393400, 3205100, 200), admin=5000.0),
                                      parcel_row("X (fid 2)", square(393700, 3205100, 200), admin=0.0)],
                          fields={"admin_area_m2": "admin"})
    if name == "negative_population_stats":
        zones_only(good_zone_rows())
        open(p("zone_stats.csv"), "w", encoding="utf-8").write("zone_id,resident_population,rd_growth_pct\n"
                                                               "Z1,-7400,-3.5\nZ2,1200,2\n")
        return {"zones": {"path": zones}, "zone_stats": {"path": p("zone_stats.csv")}}
    if name == "huge_employees":
        write_layer(zones, "zones", good_zone_rows())
        write_layer(p("parcels.gpkg"), "parcels", [parcel_row("P1", square(393100, 3205100, 200))])
        lon, lat = (float(v) for v in to_lonlat("POINT (393200 3205200)")[7:-1].split())
        open(p("enterprises.csv"), "w", encoding="utf-8").write(f"name,employees,lon,lat\nA,1e308,{lon},{lat}\n"
                                                                f"B,-40,{lon},{lat}\nC,25,{lon},{lat}\n")
        return {"zones": {"path": zones}, "parcels": {"path": p("parcels.gpkg")},
                "enterprises": {"path": p("enterprises.csv"), "x_field": "lon", "y_field": "lat", "crs": "EPSG:4490"}}
    if name == "megabyte_zone_name":
        return zones_only([({"zone_id": "Z1", "name": "长" * 350_000, "kind": "core"}, square(*Z1))])
    if name == "hostile_zone_names":
        return zones_only([zone_row_named("@SUM(1+1)", '=HYPERLINK("http://evil.invalid","x")', "core", square(*Z1)),
                           zone_row_named("Z2", "平山,组团\nJ1,1,0.00,0.00\x01\u202e", "expansion", square(*Z2))])
    raise ValueError(name)


def project_text(case, inputs):
    """The project YAML for a case: name, the case's own YAML lines, its inputs."""
    lines = ["name: t"] + ([case["extra_yaml"].rstrip("\n")] if "extra_yaml" in case else []) + ["inputs:"]
    for role, spec in inputs.items():
        lines.append(f"  {role}:")
        for k, v in spec.items():
            if k == "fields":
                lines.append("    fields:")
                lines += [f"      {fk}: {fv}" for fk, fv in v.items()]
            else:
                lines.append(f"    {k}: {v if k != 'path' else repr_path(v)}")
    if "layer" in case:
        lines.insert(lines.index("  zones:") + 2, f"    layer: {case['layer']}")
    if "fields" in case:
        at = lines.index("  zones:") + 2
        lines[at:at] = ["    fields:"] + [f"      {k}: {v}" for k, v in case["fields"].items()]
    text = "\n".join(lines) + "\n"
    if case.get("bom"):
        text = "\ufeff" + text
    return text


def repr_path(path):
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.exists(path):
        os.remove(path)
