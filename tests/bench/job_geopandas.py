#!/usr/bin/python3
"""The benchmark job (docs/benchmarks.md) in GeoPandas, by its fastest honest path on Debian 12
(GeoPandas 0.12, Shapely 1.8, Fiona): an STRtree over the parcels, a prepared-geometry `covers` test and an
intersection only where a building is not inside its parcel; the same for parcels in zones. Rules as in
job_postgis.sql.

usage: job_geopandas.py <city.gpkg> <out.gpkg>
Prints the time of read, compute and write as JSON on stdout.
"""
import json
import math
import sys
import time

import fiona
import geopandas as gpd
import pandas as pd
from shapely.prepared import prep
from shapely.strtree import STRtree

INDUSTRIAL_USES = {"industrial", "工业", "厂房", "仓库", "仓储", "物流", "M", "M1", "M2", "M3", "W", "W1", "W2", "W3"}


def pieces(items, targets):
    """(item index, target index, area) for every positive overlap; items' areas are reused when covered."""
    tree = STRtree(targets)
    prepared = [None] * len(targets)
    out = []
    for i, g in enumerate(items):
        area = None
        for j in tree.query_items(g):
            if prepared[j] is None:
                prepared[j] = prep(targets[j])
            if prepared[j].covers(g):
                area = g.area if area is None else area
                out.append((i, j, area))
            elif prepared[j].intersects(g):
                a = g.intersection(targets[j]).area
                if a > 0:
                    out.append((i, j, a))
    return out


def main():
    city, out = sys.argv[1], sys.argv[2]
    t0 = time.monotonic()
    zones = gpd.read_file(city, layer="zones")
    parcels = gpd.read_file(city, layer="parcels")
    buildings = gpd.read_file(city, layer="buildings")
    t1 = time.monotonic()

    pgeoms, bgeoms, zgeoms = list(parcels.geometry), list(buildings.geometry), list(zones.geometry)
    bp = pieces(bgeoms, pgeoms)
    industrial_parcel = ((parcels["built"] == 1) & parcels["ydlx"].str.match(r"^[MW]")).to_numpy()
    # the parcel holding each building's largest part (first parcel on a tie)
    main = {}
    for b, p, a in bp:
        if b not in main or a > main[b][1]:
            main[b] = (p, a)
    floors, heights, uses = buildings["floors"].to_numpy(), buildings["height_m"].to_numpy(), buildings["use"].to_numpy()
    fl = [0.0] * len(bgeoms)
    for b in range(len(bgeoms)):
        f, h = floors[b], heights[b]
        if f == f and 0 < f <= 120:
            fl[b] = float(f)
        elif h == h and h > 0:
            industrial = uses[b] in INDUSTRIAL_USES or (b in main and industrial_parcel[main[b][0]])
            fl[b] = max(1.0, math.floor(h / (3.5 if industrial else 3.0) + 0.5))
    footprint = [0.0] * len(pgeoms)
    gfa = [0.0] * len(pgeoms)
    for b, p, a in bp:
        footprint[p] += a
        gfa[p] += a * fl[b]
    zone_of = [None] * len(pgeoms)
    best = [0.0] * len(pgeoms)
    zone_ids = list(zones["zone_id"])
    for p, z, a in pieces(pgeoms, zgeoms):
        if a > best[p]:
            best[p], zone_of[p] = a, zone_ids[z]
    area = parcels.geometry.area.to_numpy()
    result = gpd.GeoDataFrame({
        "parcel_id": parcels["parcel_id"], "zone_id": zone_of, "area_m2": area, "footprint_m2": footprint,
        "gfa_m2": gfa, "far": [g / a for g, a in zip(gfa, area)],
        "building_density_pct": [100 * f / a for f, a in zip(footprint, area)],
        "invest_10k_cny": parcels["invest_10k_cny"], "industrial": industrial_parcel.astype(int)},
        geometry=parcels.geometry, crs=parcels.crs)
    zoned = result[result["zone_id"].notna()]
    ind = zoned[zoned["industrial"] == 1]
    totals = pd.DataFrame({
        "parcel_count": zoned.groupby("zone_id").size(),
        "land_m2": zoned.groupby("zone_id")["area_m2"].sum(),
        "footprint_m2": zoned.groupby("zone_id")["footprint_m2"].sum(),
        "gfa_m2": zoned.groupby("zone_id")["gfa_m2"].sum(),
        "industrial_land_m2": ind.groupby("zone_id")["area_m2"].sum(),
        "industrial_invest_10k_cny": ind.groupby("zone_id")["invest_10k_cny"].sum()}).fillna(0).reset_index()
    totals["far"] = totals["gfa_m2"] / totals["land_m2"]
    totals["building_density_pct"] = 100 * totals["footprint_m2"] / totals["land_m2"]
    totals["industrial_invest_10k_cny_per_ha"] = totals["industrial_invest_10k_cny"] / (totals["industrial_land_m2"] / 1e4)
    t2 = time.monotonic()

    result.to_file(out, layer="parcels", driver="GPKG")
    # an attribute table: Fiona with no geometry (GeoPandas 0.12 writes only geometry layers)
    schema = {"geometry": "None", "properties": {c: ("str" if c == "zone_id" else "int" if c == "parcel_count" else "float")
                                                 for c in totals.columns}}
    with fiona.open(out, "w", driver="GPKG", layer="zone_totals", schema=schema) as sink:
        sink.writerecords({"geometry": None, "properties": {c: (v.item() if hasattr(v, "item") else v)
                                                            for c, v in row.items()}}
                          for row in totals.to_dict("records"))
    t3 = time.monotonic()
    print(json.dumps({"read": t1 - t0, "compute": t2 - t1, "write": t3 - t2}))


if __name__ == "__main__":
    main()
