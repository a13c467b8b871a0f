<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="申报范围" description="核心区与各扩区组团分色，标注名称和面积(km²)" default="true"-->
<qgis version="3.22" styleCategories="AllStyleCategories" labelsEnabled="1">
  <!-- One category per zone: the core in red, each expansion cluster in its own colour (generated from
       the zones in the output). Fill alpha is low so parcels and constraints show through. -->
  <renderer-v2 type="categorizedSymbol" attr="zone_id" symbollevels="0" enableorderby="0" forceraster="0">
    <!--parkgis:zone-categories core="227,26,28" clusters="31,120,180;51,160,44;255,127,0;106,61,154;177,89,40;166,206,227;178,223,138;251,154,153" fill_alpha="38" core_width="0.8" cluster_width="0.6"-->
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fontFamily="Noto Sans CJK SC" fontSize="10" fontSizeUnit="Point" fontWeight="75" textColor="0,0,0,255" textOpacity="1" fieldName="&quot;name&quot; || '\n' || format_number(&quot;area_km2&quot;, 2) || ' km²'" isExpression="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferJoinStyle="128" bufferNoFill="1"/>
      </text-style>
      <text-format multilineAlign="1" wrapChar=""/>
      <placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="10" quadOffset="4" dist="0" distUnits="MM" offsetType="0" polygonPlacementFlags="2"/>
      <rendering drawLabels="1" obstacle="1" obstacleType="1" obstacleFactor="1" displayAll="1" labelPerPart="0" zIndex="5" scaleVisibility="0" maxNumLabels="2000" limitNumLabels="0" upsidedownLabels="0" mergeLines="0" minFeatureSize="0" fontLimitPixelSize="0" unplacedVisibility="0"/>
    </settings>
  </labeling>
  <!--parkgis:aliases-->
  <previewExpression>"name"</previewExpression>
  <layerGeometryType>2</layerGeometryType>
</qgis>
