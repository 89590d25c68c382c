"""yeep-extract: realization reports of Local Equality Action Plans (YEEP) → validated Parquet.

Flow (each arrow a documented DataFrame, see ``vocab``):
extract (pdf/text → staged cell lines) → structure (→ staged rows and value cells)
→ normalize (values, units, keys) → validate (pandera) → write (Parquet + manifest).
"""

__version__ = "0.1.0"
