"""Exports, HTML network views and their layout, and the main job (kg make)."""
