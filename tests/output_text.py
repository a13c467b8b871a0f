"""What a person or a program could read out of an output set: every file's bytes, the members of zip
containers (the XLSX workbook; the QGIS project parkgis embeds in the GeoPackage, hex-encoded .qgz) and the
text of every GeoPackage table. Used to assert that no output names a machine path or carries a secret.
"""
import io
import os
import sqlite3
import zipfile


def _zip_texts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n) for n in z.namelist()]


def readable_texts(path):
    """The byte strings a reader could get out of one file."""
    data = open(path, "rb").read()
    texts = [data]
    if data[:2] == b"PK":
        texts += _zip_texts(data)
    if path.endswith(".gpkg"):
        con = sqlite3.connect(path)
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in tables:
            for row in con.execute(f'SELECT * FROM "{t}"'):
                for v in row:
                    if isinstance(v, str):
                        texts.append(v.encode())
                        if t == "qgis_projects" and v[:4] == "504B":
                            texts += _zip_texts(bytes.fromhex(v))
                    elif isinstance(v, bytes):
                        texts.append(v)
        con.close()
    return texts


def files_containing(folder, needles):
    """[(file relative to folder, needle)] for every needle found in any file under folder."""
    found = []
    for root, _, names in os.walk(folder):
        for n in names:
            path = os.path.join(root, n)
            texts = readable_texts(path)
            for needle in needles:
                if any(needle.encode() in t for t in texts):
                    found.append((os.path.relpath(path, folder), needle))
    return found


def styles_and_project(gpkg):
    """([(table, style name, QML text)], the embedded project's .qgs bytes) of a GeoPackage parkgis wrote."""
    con = sqlite3.connect(gpkg)
    styles = con.execute("SELECT f_table_name, styleName, styleQML FROM layer_styles").fetchall()
    (content,) = con.execute("SELECT content FROM qgis_projects").fetchone()
    con.close()
    with zipfile.ZipFile(io.BytesIO(bytes.fromhex(content))) as z:
        qgs = z.read(next(n for n in z.namelist() if n.endswith(".qgs")))
    return styles, qgs


def xml_errors(styles, qgs):
    """What a strict XML 1.0 parser (expat) says of every QML and the QGS; [] when all are well-formed."""
    import xml.etree.ElementTree as ET
    errors = []
    for table, style, text in styles + [("project", "qgs", qgs)]:
        try:
            ET.fromstring(text)
        except ET.ParseError as e:
            errors.append(f"{table}/{style}: {e}")
    return errors


def layout_labels(qgs):
    """The text of every layout label in a .qgs, as QGIS reads it from the XML (before it evaluates [% %])."""
    import xml.etree.ElementTree as ET
    return [e.get("labelText") for e in ET.fromstring(qgs).iter("LayoutItem") if e.get("labelText")]
