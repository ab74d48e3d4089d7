"""Screens: the reader, help and about."""
