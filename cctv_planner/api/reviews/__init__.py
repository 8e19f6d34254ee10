"""Operational reviews / DPIAs API."""
