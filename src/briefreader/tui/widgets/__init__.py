"""Pane widgets for the reader screen."""
