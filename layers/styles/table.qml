<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!--parkgis:style name="中文字段名" description="属性表：中文字段别名" default="true"-->
<!-- The style of every attribute table (findings, indicators, compliance …): only the Chinese aliases. -->
<qgis version="3.22" styleCategories="AllStyleCategories">
  <!--parkgis:aliases-->
</qgis>
