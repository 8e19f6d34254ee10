"""Marshmallow schemas shared by the API, the pages and the CLI."""
