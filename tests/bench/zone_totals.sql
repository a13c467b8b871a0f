-- Per-zone totals of the benchmark job from a tool's parcel table (each parcel in the zone holding its
-- largest part). SQLite dialect; the PostGIS job computes the same in job_postgis.sql.
SELECT zone_id, count(*) AS parcel_count, sum(area_m2) AS land_m2, sum(footprint_m2) AS footprint_m2,
       sum(gfa_m2) AS gfa_m2, sum(gfa_m2) / sum(area_m2) AS far, 100 * sum(footprint_m2) / sum(area_m2) AS building_density_pct,
       sum(CASE WHEN industrial = 1 THEN area_m2 ELSE 0 END) AS industrial_land_m2,
       sum(CASE WHEN industrial = 1 THEN invest_10k_cny ELSE 0 END) AS industrial_invest_10k_cny,
       sum(CASE WHEN industrial = 1 THEN invest_10k_cny ELSE 0 END)
         / (sum(CASE WHEN industrial = 1 THEN area_m2 ELSE 0 END) / 10000) AS industrial_invest_10k_cny_per_ha
FROM parcels WHERE zone_id IS NOT NULL GROUP BY zone_id ORDER BY zone_id
