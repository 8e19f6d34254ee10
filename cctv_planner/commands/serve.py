"""serve: run the API (and, with --demo, a fresh demo estate)."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from werkzeug.serving import run_simple

from cctv_planner import create_app


def build_demo_app(instance_dir: Path | None = None):
    """A fresh SQLite demo database, migrated and loaded; returns (app, {username: token})."""
    from flask_migrate import upgrade

    from cctv_planner.extensions import db
    from cctv_planner.services import accounts, fixtures

    probe = create_app({"CCTV_DEMO": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    directory = Path(instance_dir or probe.instance_path)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "demo.sqlite3"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    app = create_app({"CCTV_DEMO": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        upgrade()
        counts = fixtures.load(db.session, "barnet-demo")
        tokens = {name: accounts.create_token(db.session, accounts.get_user(db.session, name), label="demo")
                  for name in counts.users}
        db.session.commit()
    return app, tokens, path


@click.command("serve")
@click.option("--demo", is_flag=True, help="Start from a fresh SQLite file loaded with the Barnet demo estate.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(demo: bool, host: str, port: int) -> None:
    """Serve the API and pages (a development server; use gunicorn wsgi:app in production)."""
    if demo:
        app, tokens, path = build_demo_app()
        click.echo(f"Demo database: {path}")
        click.echo(f"Demo accounts (password for each: {_demo_password()}), with an API token each:")
        with app.app_context():
            from cctv_planner.extensions import db
            from cctv_planner.services import accounts
            for name, token in tokens.items():
                user = accounts.get_user(db.session, name)
                roles = ",".join(sorted(r.value for r in user.role_names))
                click.echo(f"  {name:<16} {roles:<24} {token}")
        first = next(iter(tokens.values()))
        click.echo(f"\nTry: curl -H 'Authorization: Bearer {first}' http://{host}:{port}/api/register/summary")
    else:
        try:
            app = create_app()
        except RuntimeError as error:  # e.g. no CCTV_SECRET_KEY outside demo and test
            raise click.ClickException(str(error)) from None
    click.echo(f"API docs: http://{host}:{port}/api/docs   OpenAPI: http://{host}:{port}/api/openapi.json")
    # app.run() refuses to run under a FlaskGroup command; call werkzeug directly.
    run_simple(host, port, app, threaded=True, use_reloader=False)


def _demo_password() -> str:
    from cctv_planner.services.fixtures import DEMO_PASSWORD

    return DEMO_PASSWORD
