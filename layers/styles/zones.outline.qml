<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="仅边界" description="区块边界线（叠加在土地利用现状图上，不遮挡用地颜色）" default="false"-->
<qgis version="3.22" styleCategories="AllStyleCategories" labelsEnabled="1">
  <renderer-v2 type="categorizedSymbol" attr="zone_id" symbollevels="0" enableorderby="0" forceraster="0">
    <!--parkgis:zone-categories core="227,26,28" clusters="31,120,180;51,160,44;255,127,0;106,61,154;177,89,40;166,206,227;178,223,138;251,154,153" fill_alpha="0" core_width="0.9" cluster_width="0.7"-->
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fontFamily="Noto Sans CJK SC" fontSize="9" fontSizeUnit="Point" fontWeight="75" textColor="0,0,0,255" textOpacity="1" fieldName="name" isExpression="0" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferJoinStyle="128" bufferNoFill="1"/>
      </text-style>
      <placement placement="1" centroidInside="1" priority="8" quadOffset="4" dist="0" distUnits="MM" polygonPlacementFlags="2"/>
      <rendering drawLabels="1" obstacle="1" obstacleType="1" displayAll="1" zIndex="2" scaleVisibility="0" maxNumLabels="2000"/>
    </settings>
  </labeling>
  <!--parkgis:aliases-->
  <previewExpression>"name"</previewExpression>
  <layerGeometryType>2</layerGeometryType>
</qgis>
