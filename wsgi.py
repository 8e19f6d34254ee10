"""WSGI entry point: ``gunicorn wsgi:app``."""

from cctv_planner import create_app

app = create_app()
