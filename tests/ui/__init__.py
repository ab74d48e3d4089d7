"""Tests of the terminal UI, driven with Textual's Pilot (and SVG snapshots)."""
