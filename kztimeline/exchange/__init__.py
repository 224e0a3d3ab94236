"""Exchanging data with other tools: TimelineJS3 JSON, GeoJSON, KML, CSV in ACLED's layout, W3C Web Annotations,
CSL-JSON and events.yaml itself. Plain Python, never Qt; every writer turns a Dataset into bytes, the same bytes for
the same dataset, and `write_format` puts them in place atomically.

Readers of other formats live in `model/` (they feed the same checks as events.yaml); see `formats.py` for the
list of formats, their file names and what each writes.
"""
