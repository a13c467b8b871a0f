<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="界址点" description="界址点，标注点号 J1…" default="true"-->
<qgis version="3.22" styleCategories="AllStyleCategories" labelsEnabled="1">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString"/>
            <Option name="color" value="255,255,255,255" type="QString"/>
            <Option name="outline_color" value="200,0,0,255" type="QString"/>
            <Option name="outline_style" value="solid" type="QString"/>
            <Option name="outline_width" value="0.3" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
            <Option name="size" value="1.4" type="QString"/>
            <Option name="size_unit" value="MM" type="QString"/>
            <Option name="scale_method" value="diameter" type="QString"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fontFamily="Noto Sans CJK SC" fontSize="6" fontSizeUnit="Point" fontWeight="50" textColor="150,0,0,255" textOpacity="1" fieldName="point_name" isExpression="0" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.6" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="1" bufferJoinStyle="128" bufferNoFill="0"/>
      </text-style>
      <placement placement="6" predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR" dist="0.6" distUnits="MM" priority="3" quadOffset="2" offsetType="1"/>
      <rendering drawLabels="1" obstacle="1" obstacleType="0" displayAll="0" zIndex="3" scaleVisibility="0" maxNumLabels="5000"/>
    </settings>
  </labeling>
  <!--parkgis:aliases-->
  <previewExpression>"zone_id" || ' ' || "point_name"</previewExpression>
  <layerGeometryType>0</layerGeometryType>
</qgis>
