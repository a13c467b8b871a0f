<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="职住平衡范围" description="评价范围（实线）及 1/5/10 km 辐射范围（虚线），标注职住比" default="true"-->
<qgis version="3.22" styleCategories="AllStyleCategories" labelsEnabled="1">
  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">
    <rules key="{8f6a3c1e-0000-4000-8000-000000000000}">
      <rule key="{8f6a3c1e-0000-4000-8000-000000000001}" filter="&quot;radius_m&quot; = 0" label="评价范围（区块、核心区、扩区、总体）" symbol="0"/>
      <rule key="{8f6a3c1e-0000-4000-8000-000000000002}" filter="&quot;radius_m&quot; &gt; 0" label="辐射范围（缓冲区）" symbol="1"/>
    </rules>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="0,90,160,30" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
            <Option name="outline_color" value="0,90,160,255" type="QString"/>
            <Option name="outline_style" value="solid" type="QString"/>
            <Option name="outline_width" value="0.6" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="0,0,0,0" type="QString"/>
            <Option name="style" value="no" type="QString"/>
            <Option name="outline_color" value="0,90,160,255" type="QString"/>
            <Option name="outline_style" value="dash" type="QString"/>
            <Option name="outline_width" value="0.3" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fontFamily="Noto Sans CJK SC" fontSize="8" fontSizeUnit="Point" fontWeight="50" textColor="0,60,120,255" textOpacity="1" fieldName="if(&quot;radius_m&quot; = 0, &quot;scope_name&quot; || '\n职住比 ' || coalesce(format_number(&quot;jh_ratio&quot;, 2), '∞') || ' ' || coalesce(&quot;jh_class&quot;, ''), NULL)" isExpression="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferJoinStyle="128" bufferNoFill="1"/>
      </text-style>
      <text-format multilineAlign="1" wrapChar=""/>
      <placement placement="1" centroidInside="1" priority="5" quadOffset="4" dist="0" distUnits="MM" polygonPlacementFlags="2"/>
      <rendering drawLabels="1" obstacle="1" obstacleType="1" displayAll="0" zIndex="1" scaleVisibility="0" maxNumLabels="2000"/>
    </settings>
  </labeling>
  <!--parkgis:aliases-->
  <previewExpression>"scope_name" || ' ' || "radius_m"</previewExpression>
  <layerGeometryType>2</layerGeometryType>
</qgis>
