"""Turning the planned pages into files."""
