#!/usr/bin/python3
"""Deterministic synthetic city for scripts/bench (run with /usr/bin/python3: needs GDAL's ogr2ogr).

A square grid of 100 m parcels (GB 50137 codes, supply status, money), ~10 buildings per parcel
with floors or heights (about 5 % placed across a parcel line, a few with height only or nothing),
and 30 zones (1 core + 29 expansion clusters) offset from the parcel grid so that parcels straddle
zone boundaries. Written through CSV+WKT and ogr2ogr (fast) into one GeoPackage in EPSG:4545.

usage: generate_city.py <out.gpkg> <buildings (approximate)> [seed]
"""
import math
import os
import random
import subprocess
import sys
import tempfile

X0, Y0 = 380000.0, 3190000.0  # EPSG:4545 (CGCS2000 GK zone 36, CM 108°E), near Wansheng
CELL = 100.0
CODES = [("M1", 30), ("M2", 12), ("W1", 6), ("R2", 14), ("B1", 8), ("A3", 5), ("G1", 8), ("S1", 10), ("E9", 7)]


def main():
    out, target = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20181
    rng = random.Random(seed)
    side = max(4, int(math.ceil(math.sqrt(target / 7.0))))  # ~7 buildings per parcel on average
    tmp = tempfile.mkdtemp(prefix="parkgis_city_")
    codes = [c for c, w in CODES for _ in range(w)]

    def rect(x0, y0, x1, y1):
        return f"POLYGON (({x0:.2f} {y0:.2f},{x1:.2f} {y0:.2f},{x1:.2f} {y1:.2f},{x0:.2f} {y1:.2f},{x0:.2f} {y0:.2f}))"

    # zones: a 6 × 5 block layout, each block inset by 150 m and shifted 50 m off the parcel grid
    with open(os.path.join(tmp, "zones.csv"), "w") as f:
        f.write("wkt,zone_id,name,kind,parent_id\n")
        bw, bh = side * CELL / 6, side * CELL / 5
        n = 0
        for j in range(5):
            for i in range(6):
                x0, y0 = X0 + i * bw + 150 + 50, Y0 + j * bh + 150 + 50
                zid = "CORE" if n == 0 else f"C{n:02d}"
                kind, parent = ("core", "") if n == 0 else ("cluster", "EXP")
                f.write(f'"{rect(x0, y0, x0 + bw - 300, y0 + bh - 300)}",{zid},zone {n},{kind},{parent}\n')
                n += 1

    buildings = 0
    with open(os.path.join(tmp, "parcels.csv"), "w") as fp, open(os.path.join(tmp, "buildings.csv"), "w") as fb:
        fp.write("wkt,parcel_id,ydlx,gyzt,built,idle,high_tech,invest_10k_cny,tax_10k_cny,output_10k_cny,yard_area_m2\n")
        fb.write("wkt,building_id,floors,height_m,use\n")
        for j in range(side):
            for i in range(side):
                x0, y0 = X0 + i * CELL, Y0 + j * CELL
                code = rng.choice(codes)
                built = 0 if code == "E9" or rng.random() < 0.05 else 1
                supply = "未供应-未达供地条件" if code == "E9" else ("已供应-划拨" if code in ("S1", "G1", "A3") else "已供应-出让")
                industrial = code[0] in "MW"
                money = ",".join(f"{v:.1f}" for v in (rng.uniform(200, 900), rng.uniform(10, 60), rng.uniform(500, 2000))) \
                    if industrial and built else ",,"
                yard = f"{rng.uniform(0, 1500):.1f}" if industrial else ""
                idle = 1 if not built and supply.startswith("已供应") else 0
                fp.write(f'"{rect(x0, y0, x0 + CELL, y0 + CELL)}",P{j:04d}{i:04d},{code},{supply},{built},{idle},'
                         f'{1 if industrial and rng.random() < 0.3 else 0},{money},{yard}\n')
                if not built or code in ("S1", "G1"):
                    continue
                use = "industrial" if industrial else code[0].lower()
                for k in range(10):
                    gx, gy = k % 4, k // 4  # a 4 × 3 grid of 25 m slots (10 used)
                    w, h = rng.uniform(10, 20), rng.uniform(10, 20)
                    bx, by = x0 + 2 + gx * 24.5, y0 + 2 + gy * 32
                    if rng.random() < 0.05:  # across the parcel's east line
                        bx = x0 + CELL - w / 2
                    buildings += 1
                    r = rng.random()
                    floors = "" if r < 0.02 else str(rng.randint(1, 6 if industrial else 24))
                    height = f"{rng.uniform(4, 14):.1f}" if r < 0.015 or (industrial and rng.random() < 0.3) else ""
                    fb.write(f'"{rect(bx, by, bx + w, by + h)}",B{buildings:08d},{floors},{height},{use}\n')

    if os.path.exists(out):
        os.remove(out)
    for layer in ("zones", "parcels", "buildings"):
        cmd = ["ogr2ogr", "-f", "GPKG", out, os.path.join(tmp, layer + ".csv"), "-nln", layer, "-a_srs", "EPSG:4545",
               "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=YES",
               "-nlt", "POLYGON", "-gt", "200000", "-lco", "GEOMETRY_NAME=geom"]
        subprocess.run(cmd + (["-update"] if os.path.exists(out) else []), check=True)
        os.remove(os.path.join(tmp, layer + ".csv"))
    os.rmdir(tmp)
    print(f"{out}: 30 zones, {side * side} parcels, {buildings} buildings")


if __name__ == "__main__":
    main()
