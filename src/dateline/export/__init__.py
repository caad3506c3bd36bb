"""Exports of ``Article`` records: GDELT 2.0 events and GKG 2.1 rows (``gdelt``) and flat
tables as JSON Lines, CSV and Parquet (``tables``). Pure functions over records; the
corpus store and the CLI call them. See docs/gdelt.md."""

from __future__ import annotations

from .gdelt import EVENT_COLUMNS, GKG_COLUMNS, event_rows, gkg_row, write_tsv

__all__ = ["EVENT_COLUMNS", "GKG_COLUMNS", "event_rows", "gkg_row", "write_tsv"]
