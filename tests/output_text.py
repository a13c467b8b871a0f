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
