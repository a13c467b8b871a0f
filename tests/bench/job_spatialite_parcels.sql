-- The benchmark job's parcel table in SpatiaLite (GDAL's SQLite dialect on the GeoPackage itself, with
-- SpatiaLite's functions): the GeoPackage's R-trees for the candidate pairs, ST_Covers before
-- ST_Intersection, window functions for the largest part. Rules as in job_postgis.sql.
SELECT * FROM (
WITH piece AS (
  SELECT b.fid AS bfid, p.fid AS pfid,
         CASE WHEN ST_Covers(p.geom, b.geom) THEN ST_Area(b.geom) ELSE ST_Area(ST_Intersection(b.geom, p.geom)) END AS a
  FROM rtree_parcels_geom rp
  JOIN rtree_buildings_geom rb ON rb.minx <= rp.maxx AND rb.maxx >= rp.minx AND rb.miny <= rp.maxy AND rb.maxy >= rp.miny
  JOIN parcels p ON p.fid = rp.id JOIN buildings b ON b.fid = rb.id
  WHERE ST_Intersects(p.geom, b.geom)),
main_parcel AS (
  SELECT bfid, pfid FROM (SELECT bfid, pfid, row_number() OVER (PARTITION BY bfid ORDER BY a DESC, pfid) AS k
                          FROM piece WHERE a > 0) WHERE k = 1),
bf AS (
  SELECT b.fid AS bfid,
    COALESCE(CASE WHEN b.floors > 0 AND b.floors <= 120 THEN b.floors
         WHEN b.height_m > 0 THEN max(1, round(b.height_m / CASE WHEN b.use IN ('industrial','工业','厂房','仓库','仓储','物流','M','M1','M2','M3','W','W1','W2','W3')
                OR (p.built = 1 AND (p.ydlx LIKE 'M%' OR p.ydlx LIKE 'W%')) THEN 3.5 ELSE 3.0 END))
         END, 0) AS fl
  FROM buildings b LEFT JOIN main_parcel m ON m.bfid = b.fid LEFT JOIN parcels p ON p.fid = m.pfid),
pm AS (SELECT pfid, SUM(a) AS footprint, SUM(a * fl) AS gfa FROM piece JOIN bf USING (bfid) WHERE a > 0 GROUP BY pfid),
zs AS (
  SELECT p.fid AS pfid, z.fid AS zfid, z.zone_id,
         CASE WHEN ST_Covers(z.geom, p.geom) THEN ST_Area(p.geom) ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END AS a
  FROM rtree_zones_geom rz
  JOIN rtree_parcels_geom rp ON rp.minx <= rz.maxx AND rp.maxx >= rz.minx AND rp.miny <= rz.maxy AND rp.maxy >= rz.miny
  JOIN zones z ON z.fid = rz.id JOIN parcels p ON p.fid = rp.id
  WHERE ST_Intersects(p.geom, z.geom)),
pz AS (SELECT pfid, zone_id FROM (SELECT pfid, zone_id, row_number() OVER (PARTITION BY pfid ORDER BY a DESC, zfid) AS k
                                  FROM zs WHERE a > 0) WHERE k = 1)
SELECT p.parcel_id, pz.zone_id, ST_Area(p.geom) AS area_m2, COALESCE(pm.footprint, 0) AS footprint_m2,
       COALESCE(pm.gfa, 0) AS gfa_m2, COALESCE(pm.gfa, 0) / ST_Area(p.geom) AS far,
       100 * COALESCE(pm.footprint, 0) / ST_Area(p.geom) AS building_density_pct, p.invest_10k_cny,
       (p.built = 1 AND (p.ydlx LIKE 'M%' OR p.ydlx LIKE 'W%')) AS industrial, p.geom
FROM parcels p LEFT JOIN pm ON pm.pfid = p.fid LEFT JOIN pz ON pz.pfid = p.fid)
