"""Integrations with the pipelines people run (each needs its optional extra)."""
