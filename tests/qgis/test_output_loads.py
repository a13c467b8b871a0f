#!/usr/bin/python3
"""Headless QGIS loads every layer of parkgis's output valid, with the CRS recognised, and renders it.

Usage: test_output_loads.py <parkgis binary> <source dir> <png out dir>
"""
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg_"))

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProviderRegistry,  # noqa: E402
                       QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Checks  # noqa: E402

BIN, SRC, PNG_DIR = (os.path.abspath(a) for a in sys.argv[1:4])
check = Checks()


app = QgsApplication([], False)
app.initQgis()
work = tempfile.mkdtemp(prefix="parkgis_qgis_")
out = os.path.join(work, "wansheng.gpkg")
r = subprocess.run([BIN, "run", os.path.join(SRC, "layers/wansheng/project.yaml"), "-o", out, "-q"],
                   capture_output=True, text=True)
check(r.returncode == 0, f"parkgis run failed: {r.stderr}")

expected = {"zones": 6, "boundary_points": None, "findings": None, "qa_issues": None, "area_summary": 9}
sublayers = QgsProviderRegistry.instance().querySublayers(out)
names = {s.name() for s in sublayers}
check(set(expected) <= names, f"layers in the GeoPackage: {sorted(names)}")
layers = {}
for name, count in expected.items():
    layer = QgsVectorLayer(f"{out}|layername={name}", name, "ogr")
    check(layer.isValid(), f"{name}: not valid in QGIS")
    if count is not None:
        check(layer.featureCount() == count, f"{name}: {layer.featureCount()} features, expected {count}")
    if layer.isSpatial():
        check(layer.crs().authid() == "EPSG:4545", f"{name}: CRS {layer.crs().authid()}")
    layers[name] = layer
names_zh = sorted(f["name"] for f in layers["zones"].getFeatures())
check("平山组团" in names_zh, f"zones: Chinese names in QGIS: {names_zh}")

# Render zones, issues and boundary points to a PNG a person can look at.
settings = QgsMapSettings()
settings.setLayers([layers["boundary_points"], layers["qa_issues"], layers["zones"]])
settings.setDestinationCrs(layers["zones"].crs())
extent = QgsRectangle(layers["zones"].extent())
extent.scale(1.1)
settings.setExtent(extent)
settings.setOutputSize(QSize(1200, 900))
settings.setBackgroundColor(QColor("white"))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
os.makedirs(PNG_DIR, exist_ok=True)
png = os.path.join(PNG_DIR, "wansheng_zones.png")
check(image.save(png), "could not save the rendered PNG")
# Not blank: some pixels differ from the white background.
non_white = sum(1 for x in range(0, image.width(), 10) for y in range(0, image.height(), 10)
                if image.pixelColor(x, y) != QColor("white"))
check(non_white > 200, f"rendered map is nearly blank ({non_white} sampled non-white pixels)")
code = check.summary()
# Drop every QGIS object before exitQgis, then leave without Python's teardown (a known QGIS
# crash when layers outlive the application).
del job, settings, layers, layer, image
app.exitQgis()
os._exit(code)
