"""Widgets of the quiz app; each owns the Messages it sends."""
