-- The benchmark job (docs/benchmarks.md) in PostGIS, as a PostGIS user would write it: GiST indexes, the
-- && operator, ST_Covers before ST_Intersection, parallel workers. The floor and industrial rules are
-- parkgis's (layers/measure/parameters.yaml), written out independently.
SET max_parallel_workers_per_gather = 2;
SET work_mem = '256MB';
ANALYZE parcels; ANALYZE buildings; ANALYZE zones;

CREATE TABLE piece AS
SELECT b.fid AS bfid, p.fid AS pfid,
       CASE WHEN ST_Covers(p.geom, b.geom) THEN ST_Area(b.geom)
            ELSE ST_Area(ST_Intersection(b.geom, p.geom)) END AS a
FROM buildings b JOIN parcels p ON b.geom && p.geom AND ST_Intersects(b.geom, p.geom);
DELETE FROM piece WHERE a <= 0;

-- a building is industrial by its use, or when the parcel holding its largest part is built M/W land
CREATE TABLE main_parcel AS
SELECT DISTINCT ON (bfid) bfid, pfid FROM piece ORDER BY bfid, a DESC, pfid;

CREATE TABLE bf AS
SELECT b.fid AS bfid,
  COALESCE(CASE WHEN b.floors > 0 AND b.floors <= 120 THEN b.floors
       WHEN b.height_m > 0 THEN GREATEST(1, round((b.height_m / CASE WHEN b.use IN ('industrial','工业','厂房','仓库','仓储','物流','M','M1','M2','M3','W','W1','W2','W3')
              OR (p.built = 1 AND (p.ydlx LIKE 'M%' OR p.ydlx LIKE 'W%')) THEN 3.5 ELSE 3.0 END)::numeric))::float8
       END, 0) AS fl
FROM buildings b LEFT JOIN main_parcel m ON m.bfid = b.fid LEFT JOIN parcels p ON p.fid = m.pfid;

CREATE TABLE pm AS
SELECT pfid, SUM(a) AS footprint, SUM(a * fl) AS gfa FROM piece JOIN bf USING (bfid) GROUP BY pfid;

CREATE TABLE pz AS
SELECT DISTINCT ON (pfid) pfid, zone_id FROM (
  SELECT p.fid AS pfid, z.fid AS zfid, z.zone_id,
         CASE WHEN ST_Covers(z.geom, p.geom) THEN ST_Area(p.geom) ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END AS a
  FROM parcels p JOIN zones z ON p.geom && z.geom AND ST_Intersects(p.geom, z.geom)) s
WHERE a > 0 ORDER BY pfid, a DESC, zfid;

CREATE TABLE parcel_results AS
SELECT p.parcel_id, pz.zone_id, ST_Area(p.geom) AS area_m2, COALESCE(pm.footprint, 0) AS footprint_m2,
       COALESCE(pm.gfa, 0) AS gfa_m2, COALESCE(pm.gfa, 0) / ST_Area(p.geom) AS far,
       100 * COALESCE(pm.footprint, 0) / ST_Area(p.geom) AS building_density_pct, p.invest_10k_cny,
       (p.built = 1 AND (p.ydlx LIKE 'M%' OR p.ydlx LIKE 'W%'))::int AS industrial, p.geom
FROM parcels p LEFT JOIN pm ON pm.pfid = p.fid LEFT JOIN pz ON pz.pfid = p.fid;

CREATE TABLE zone_totals AS
SELECT zone_id, count(*) AS parcel_count, sum(area_m2) AS land_m2, sum(footprint_m2) AS footprint_m2,
       sum(gfa_m2) AS gfa_m2, sum(gfa_m2) / sum(area_m2) AS far,
       100 * sum(footprint_m2) / sum(area_m2) AS building_density_pct,
       sum(CASE WHEN industrial = 1 THEN area_m2 ELSE 0 END) AS industrial_land_m2,
       sum(CASE WHEN industrial = 1 THEN invest_10k_cny ELSE 0 END) AS industrial_invest_10k_cny,
       sum(CASE WHEN industrial = 1 THEN invest_10k_cny ELSE 0 END)
         / NULLIF(sum(CASE WHEN industrial = 1 THEN area_m2 ELSE 0 END) / 10000, 0) AS industrial_invest_10k_cny_per_ha
FROM parcel_results WHERE zone_id IS NOT NULL GROUP BY zone_id;
