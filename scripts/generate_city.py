#!/usr/bin/python3
"""Deterministic synthetic city for scripts/bench (run with /usr/bin/python3: needs GDAL's ogr2ogr).

A square grid of 100 m parcels (GB 50137 codes, supply status, money), ~10 buildings per parcel
with floors or heights (about 5 % placed across a parcel line, a few with height only or nothing),
and 30 zones (1 core + 29 expansion clusters) offset from the parcel grid so that parcels straddle
zone boundaries. Written through CSV+WKT and ogr2ogr (fast) into one GeoPackage in EPSG:4545.

That city is kinder than real data. --real makes it as a planner's data comes (each part also alone):
  --random-order   buildings and parcels stored in random order, not parcel by parcel
  --irregular      parcels of 6 to 20 vertices, jittered inwards, with 16 m roads every fourth row and column
                   (gaps, not a gap-free grid); buildings placed inside what is left
  --off-grid       zones with wavy edges of hundreds of vertices, not following the parcel grid
  --coded-supply   supply status as 0/1 (what CAD exports carry), which parkgis cannot read: a finding
The default city is unchanged by these options (they draw from their own random stream).

usage: generate_city.py <out.gpkg> <buildings (approximate)> [seed] [--real | --random-order --irregular
                        --off-grid --coded-supply]
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


ROAD = 16.0        # road width, every ROAD_EVERY cells
ROAD_EVERY = 4
OPTIONS = ("--random-order", "--irregular", "--off-grid", "--coded-supply")


def wkt_polygon(points):
    ring = points + [points[0]]
    return "POLYGON ((" + ",".join(f"{x:.2f} {y:.2f}" for x, y in ring) + "))"


def irregular_ring(x0, y0, x1, y1, rng, corner_jitter, edge_jitter, max_points_per_edge, wavy=False):
    """A ring inside the box: corners moved inwards, each edge broken into points pushed inwards. Simple: each
    edge stays monotone along its axis, and (wavy) the push fades towards the corners, where edges meet."""
    corners = [(x0 + rng.uniform(0, corner_jitter), y0 + rng.uniform(0, corner_jitter)),
               (x1 - rng.uniform(0, corner_jitter), y0 + rng.uniform(0, corner_jitter)),
               (x1 - rng.uniform(0, corner_jitter), y1 - rng.uniform(0, corner_jitter)),
               (x0 + rng.uniform(0, corner_jitter), y1 - rng.uniform(0, corner_jitter))]
    inward = [(0, 1), (-1, 0), (0, -1), (1, 0)]  # bottom, right, top, left
    points = []
    for e in range(4):
        (ax, ay), (bx, by) = corners[e], corners[(e + 1) % 4]
        points.append((ax, ay))
        k = rng.randint(max_points_per_edge // 2 if wavy else 0, max_points_per_edge)
        waves, phase = rng.randint(1, 4), rng.uniform(0, 2 * math.pi)
        for t in sorted(rng.uniform(0.1, 0.9) for _ in range(k)):
            d = edge_jitter * math.sin(math.pi * t) * (0.5 + 0.5 * math.sin(2 * math.pi * waves * t + phase)) \
                if wavy else rng.uniform(0, edge_jitter)
            points.append((ax + (bx - ax) * t + inward[e][0] * d, ay + (by - ay) * t + inward[e][1] * d))
    return points


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if "--real" in flags:
        flags = (flags - {"--real"}) | set(OPTIONS)
    unknown = flags - set(OPTIONS)
    if len(args) < 2 or unknown:
        sys.exit(__doc__ if not unknown else f"generate_city.py: unknown option {sorted(unknown)[0]}")
    out, target = args[0], int(args[1])
    seed = int(args[2]) if len(args) > 2 else 20181
    rng = random.Random(seed)
    real = random.Random(seed + 1)  # the options' own stream: the default city stays as it was
    irregular, off_grid = "--irregular" in flags, "--off-grid" in flags
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
                if off_grid:  # wavy edges up to 120 m in, a vertex every ~25 m
                    per_edge = max(8, int(max(bw, bh) / 25))
                    zone = wkt_polygon(irregular_ring(x0, y0, x0 + bw - 300, y0 + bh - 300, real, 120, 120, per_edge,
                                                      wavy=True))
                else:
                    zone = rect(x0, y0, x0 + bw - 300, y0 + bh - 300)
                f.write(f'"{zone}",{zid},zone {n},{kind},{parent}\n')
                n += 1

    buildings = 0
    parcel_rows, building_rows = [], []
    with open(os.path.join(tmp, "parcels.csv"), "w") as fp, open(os.path.join(tmp, "buildings.csv"), "w") as fb:
        fp.write("wkt,parcel_id,ydlx,gyzt,built,idle,high_tech,invest_10k_cny,tax_10k_cny,output_10k_cny,yard_area_m2\n")
        fb.write("wkt,building_id,floors,height_m,use\n")
        for j in range(side):
            for i in range(side):
                x0, y0 = X0 + i * CELL, Y0 + j * CELL
                # --irregular: half a road off each side that borders one, then the parcel's own jitter.
                road = [ROAD / 2 if irregular and k % ROAD_EVERY == 0 else 0.0 for k in (i, j, i + 1, j + 1)]
                px0, py0, px1, py1 = x0 + road[0], y0 + road[1], x0 + CELL - road[2], y0 + CELL - road[3]
                code = rng.choice(codes)
                built = 0 if code == "E9" or rng.random() < 0.05 else 1
                supply = "未供应-未达供地条件" if code == "E9" else ("已供应-划拨" if code in ("S1", "G1", "A3") else "已供应-出让")
                industrial = code[0] in "MW"
                money = ",".join(f"{v:.1f}" for v in (rng.uniform(200, 900), rng.uniform(10, 60), rng.uniform(500, 2000))) \
                    if industrial and built else ",,"
                yard = f"{rng.uniform(0, 1500):.1f}" if industrial else ""
                idle = 1 if not built and supply.startswith("已供应") else 0
                parcel = wkt_polygon(irregular_ring(px0, py0, px1, py1, real, 6, 3, 4)) if irregular \
                    else rect(x0, y0, x0 + CELL, y0 + CELL)
                given_supply = ("1" if supply.startswith("已供应") else "0") if "--coded-supply" in flags else supply
                parcel_rows.append(f'"{parcel}",P{j:04d}{i:04d},{code},{given_supply},{built},{idle},'
                                   f'{1 if industrial and rng.random() < 0.3 else 0},{money},{yard}\n')
                if not built or code in ("S1", "G1"):
                    continue
                use = "industrial" if industrial else code[0].lower()
                for k in range(10):
                    gx, gy = k % 4, k // 4  # a 4 × 3 grid of 25 m slots (10 used)
                    w, h = rng.uniform(10, 20), rng.uniform(10, 20)
                    bx, by = x0 + 2 + gx * 24.5, y0 + 2 + gy * 32
                    if irregular:  # the same slots, shrunk into what the roads and the jitter leave
                        sx, sy = (px1 - px0 - 20) / (CELL - 4), (py1 - py0 - 20) / (CELL - 4)
                        bx, by, w, h = px0 + 10 + (bx - x0 - 2) * sx, py0 + 10 + (by - y0 - 2) * sy, w * sx, h * sy
                    if rng.random() < 0.05:  # across the parcel's east line
                        bx = (px1 if irregular else x0 + CELL) - w / 2
                    buildings += 1
                    r = rng.random()
                    floors = "" if r < 0.02 else str(rng.randint(1, 6 if industrial else 24))
                    height = f"{rng.uniform(4, 14):.1f}" if r < 0.015 or (industrial and rng.random() < 0.3) else ""
                    building_rows.append(f'"{rect(bx, by, bx + w, by + h)}",B{buildings:08d},{floors},{height},{use}\n')
        if "--random-order" in flags:
            real.shuffle(parcel_rows)
            real.shuffle(building_rows)
        fp.writelines(parcel_rows)
        fb.writelines(building_rows)

    if os.path.exists(out):
        os.remove(out)
    for layer in ("zones", "parcels", "buildings"):
        cmd = ["ogr2ogr", "-f", "GPKG", out, os.path.join(tmp, layer + ".csv"), "-nln", layer, "-a_srs", "EPSG:4545",
               "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=YES",
               "-nlt", "POLYGON", "-gt", "200000", "-lco", "GEOMETRY_NAME=geom"]
        subprocess.run(cmd + (["-update"] if os.path.exists(out) else []), check=True)
        os.remove(os.path.join(tmp, layer + ".csv"))
    os.rmdir(tmp)
    print(f"{out}: 30 zones, {side * side} parcels, {buildings} buildings" +
          (f" ({', '.join(o[2:] for o in OPTIONS if o in flags)})" if flags else ""))


if __name__ == "__main__":
    main()
