"""Exports: plain rows in, file bytes out. No ORM, no request."""
