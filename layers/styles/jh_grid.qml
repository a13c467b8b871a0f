<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="职住比（移动窗口）" description="按职住平衡分级着色；斜线表示窗口覆盖不足（数据不全）" default="true"-->
<qgis version="3.22" styleCategories="AllStyleCategories" labelsEnabled="0">
  <!-- Graduated on the window's 职住比; a window with jobs and no resident workers (ratio ∞) counts in
       the top band. One range per band of jobs_housing.bands (generated); the hatch layer is on where
       the window's coverage is below jobs_housing.complete_coverage_pct. -->
  <renderer-v2 type="graduatedSymbol" attr="if(&quot;jh_ratio&quot; IS NULL AND &quot;window_jobs&quot; &gt; 0, 1e12, &quot;jh_ratio&quot;)" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
    <!--parkgis:band-ranges housing="44,123,182;171,217,233" balanced="26,150,65" jobs="253,174,97;215,25,28" fill_alpha="210" hatch="60,60,60" -->
    <classificationMethod id="Custom">
      <labelFormat format="%1 - %2" labelprecision="2" trimtrailingzeroes="1"/>
    </classificationMethod>
  </renderer-v2>
  <!--parkgis:aliases-->
  <previewExpression>"cell_id" || ' ' || coalesce(format_number("jh_ratio", 2), '∞')</previewExpression>
  <layerGeometryType>2</layerGeometryType>
</qgis>
