"""Register file commands: import-register and export-register."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from cctv_planner.commands.options import as_user_option, fail
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.extensions import db
from cctv_planner.registerfile.reader import read_register_file
from cctv_planner.registerfile.template import register_template
from cctv_planner.services.register_files import EXPORT_FORMATS as FORMATS
from cctv_planner.services.register_files import export_register, import_register


@click.command("import-register")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate only: report what would change, store nothing.")
@with_appcontext
@as_user_option
def import_register_command(file: Path, dry_run: bool) -> None:
    """Import sites and cameras from a .csv or .xlsx register FILE (all rows or none)."""
    try:
        register_file = read_register_file(file)
        click.echo(f"Read {file.name}: {len(register_file.sites)} sites, {len(register_file.cameras)} cameras.")
        result = import_register(db.session, register_file)
    except CctvPlannerError as error:
        fail(error)
    summary = (f"{result.sites_created} sites created, {result.sites_updated} updated, "
               f"{result.sites_unchanged} unchanged; {result.cameras_created} cameras created, "
               f"{result.cameras_updated} updated, {result.cameras_unchanged} unchanged")
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run, nothing stored: would have {summary}.")
        return
    db.session.commit()
    click.echo(f"Imported {file.name}: {summary}.")


@click.command("export-register")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Default: from OUT's suffix.")
@click.option("--template", is_flag=True, help="Write an empty import template with an example row instead.")
@with_appcontext
def export_register_command(out: Path, fmt: str | None, template: bool) -> None:
    """Export the register to OUT as xlsx (Sites and Cameras sheets), csv (the import format) or GeoJSON."""
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.BadParameter(f"cannot tell the format from {out.name!r}: use --format", param_hint="--format")
    if template:
        if fmt == "geojson":
            raise click.BadParameter("the template is xlsx or csv", param_hint="--format")
        out.write_bytes(register_template(fmt))
        click.echo(f"Wrote the import template to {out}.")
        return
    data, sites, cameras = export_register(db.session, fmt)
    out.write_bytes(data)
    click.echo(f"Exported {sites} sites and {cameras} cameras to {out}.")

