"""Crime data and site planning commands: import-crimes, score-sites, plan-sites,
heatmap, coverage and hotspots."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import click
import shapely
from flask import current_app
from flask.cli import with_appcontext

from cctv_planner.commands.options import as_user_option, fail
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.domain.planning import crime_weights_option, read_police_uk
from cctv_planner.domain.planning.costs import default_unit_costs
from cctv_planner.domain.planning.reports import (
    DEFAULT_BANDWIDTH_M,
    DEFAULT_HEATMAP_CELL_M,
    DEFAULT_HOTSPOT_CELL_M,
    DEFAULT_RADIUS_M,
    coverage_summary,
    heatmap_geojson,
    hotspot_report,
    plan_report,
    score_report,
)
from cctv_planner.domain.register import Transmission
from cctv_planner.extensions import db
from cctv_planner.services import crimes as crime_service
from cctv_planner.services import planning
from cctv_planner.services.audit import current_actor

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("import-crimes")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--within", "within_m", type=click.FloatRange(min=0), default=None, metavar="METRES",
              help="Skip rows further than this outside the borough (default: keep every located row).")
@with_appcontext
@as_user_option
def import_crimes_command(files: tuple[Path, ...], within_m: float | None) -> None:
    """Import police.uk street-level crime CSV FILEs (each file all or nothing; re-imports add nothing)."""

    def progress(name: str, rows: int) -> None:
        click.echo(f"\r  {name}: {rows:,} rows read", err=True, nl=False)

    _user_id, actor = current_actor(db.session)
    try:
        result = crime_service.import_crimes(db.session, files, actor=actor, progress=progress,
                                             within_m=within_m)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo("", err=True)
    for f in result.files:
        if f.error:
            click.echo(f"FAILED {f.error}; nothing from {f.file} was stored.", err=True)
            continue
        skipped = f" ({f.skipped_outside:,} skipped by --within)" if within_m is not None else ""
        area = (f"{f.outside_area:,} outside the borough{skipped}" if f.summary.get("area_checked")
                else "borough not checked (no ward boundaries)")
        click.echo(f"Imported {f.file}: {f.rows:,} rows, {f.stored:,} stored, "
                   f"{f.already_stored:,} already stored, {f.no_location:,} without location, {area}.")
    if result.failed:
        raise click.ClickException(f"{len(result.failed)} of {len(result.files)} files failed")


def analysis_options(command):
    """Where crimes come from and how they are weighted."""

    @click.option("--crimes", "crime_files", multiple=True, type=_FILE, metavar="FILE",
                  help="police.uk CSV (repeat for several). Default: crimes in the database.")
    @click.option("--weights", default="default", show_default=True, metavar="default|uniform|FILE",
                  help="Weight per crime type: the documented table, 1 each, or a CSV/JSON file.")
    @click.option("--since", metavar="YYYY-MM", default=None, help="First month counted.")
    @click.option("--until", metavar="YYYY-MM", default=None, help="Last month counted.")
    @click.option("--half-life", "half_life", type=click.FloatRange(min=0, min_open=True), default=None,
                  metavar="MONTHS", help="Recency half-life in months.")
    @functools.wraps(command)
    def wrapper(*args, crime_files, weights, since, until, half_life, **kwargs):
        try:
            w = crime_weights_option(weights, start_month=since, end_month=until,
                                     half_life_months=half_life)
            if crime_files:
                batch, _summaries = read_police_uk(crime_files)
                points = crime_service.crime_batch_points(batch, w)
            else:
                points = crime_service.crime_points(db.session, weights=w)
            return command(*args, crimes=points, weights=w, **kwargs)
        except CctvPlannerError as error:
            fail(error)

    return wrapper


def _views(no_existing: bool):
    return [] if no_existing else planning.operational_views(db.session)


def _candidates(source: str):
    if source == "lightposts":
        return planning.load_candidates(
            planning.lightposts_path(current_app.config.get("CCTV_LIGHTPOSTS_PATH")))
    if source == planning.REQUEST_SOURCE:
        try:
            return planning.request_candidates(db.session)
        except CctvPlannerError as error:
            raise click.UsageError(error.message) from None
    path = Path(source)
    if not path.is_file():
        raise click.BadParameter(f"{source} is not a file (or 'lightposts' or 'site-requests')",
                                 param_hint="--candidates")
    return planning.load_candidates(path)


def _borough():
    areas = planning.ward_areas(db.session)
    return shapely.union_all([a.geometry for a in areas]) if areas else None


def _echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2))


_candidates_option = click.option(
    "--candidates", "candidate_source", required=True, metavar="FILE|lightposts|site-requests",
    help="CSV of id,lon,lat (or easting,northing)[,cost,category], 'lightposts' for the "
         "street-lighting columns, or 'site-requests' for members' open site requests.")
_radius_option = click.option("--radius", "radius_m", type=click.FloatRange(min=0), default=DEFAULT_RADIUS_M,
                              show_default=True, help="Coverage radius of a new site, metres.")
_no_existing_option = click.option("--no-existing", is_flag=True,
                                   help="Ignore the operational cameras' coverage.")


@click.command("score-sites")
@_candidates_option
@_radius_option
@click.option("--bandwidth", "bandwidth_m", type=float, default=DEFAULT_BANDWIDTH_M, show_default=True,
              help="Density bandwidth, metres.")
@_no_existing_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show only the best N.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
@analysis_options
def score_sites_command(crimes, weights, candidate_source, radius_m, bandwidth_m, no_existing, limit,
                        as_json) -> None:
    """Score candidate sites: uncovered weighted crime within the radius, density, crime types."""
    report = score_report(crimes, _candidates(candidate_source), weights=weights,
                          views=_views(no_existing), radius_m=radius_m, bandwidth_m=bandwidth_m,
                          limit=limit)
    if as_json:
        _echo_json(report)
        return
    click.echo(f"{'Rank':>4} {'Site':<16} {'Score':>10} {'Crimes':>7} {'Density/km²':>12}  Top types")
    for rank, row in enumerate(report["candidates"], start=1):
        top = sorted(row["by_type"].items(), key=lambda kv: (-kv[1]["crimes"], kv[0]))[:3]
        types = ", ".join(f"{t} {v['crimes']}" for t, v in top)
        click.echo(f"{rank:>4} {row['id']:<16} {row['score']:>10.1f} {row['gap_crimes']:>7} "
                   f"{row['density_per_km2']:>12.1f}  {types}")


@click.command("plan-sites")
@_candidates_option
@_radius_option
@click.option("--count", type=click.IntRange(min=0), default=None, help="At most N new sites.")
@click.option("--budget", type=click.IntRange(min=0), default=None, metavar="GBP",
              help="Capital budget, whole pounds.")
@click.option("--transmission", type=click.Choice([t.value for t in Transmission]), default="fibre",
              show_default=True, help="Price candidates without a cost at the business case's unit rate "
                                      "for this transmission.")
@_no_existing_option
@click.option("--exact-time-limit", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Seconds for the exact MILP polish (0: heuristic only).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
@analysis_options
def plan_sites_command(crimes, weights, candidate_source, radius_m, count, budget, transmission,
                       no_existing, exact_time_limit, as_json) -> None:
    """Choose new sites maximising newly covered weighted crime under --count and/or --budget."""
    if count is None and budget is None:
        raise click.UsageError("give --count N, --budget GBP, or both")
    try:
        report = plan_report(crimes, _candidates(candidate_source), weights=weights,
                             views=_views(no_existing), radius_m=radius_m, count=count, budget=budget,
                             unit_costs=default_unit_costs(),
                             transmission=transmission, exact_time_limit_s=exact_time_limit or None)
    except CctvPlannerError as error:
        fail(error)
    if as_json:
        _echo_json(report)
        return
    click.echo(f"{'#':>3} {'Site':<16} {'Gain':>10} {'Cost £':>10} {'Total £':>10}")
    for k, p in enumerate(report["picks"], start=1):
        cost = "" if p["cost"] is None else f"{p['cost']:,}"
        total = "" if p["cumulative_cost"] is None else f"{p['cumulative_cost']:,}"
        click.echo(f"{k:>3} {p['id']:<16} {p['marginal_weight']:>10.1f} {cost:>10} {total:>10}")
    spent = "unknown" if report["spent"] is None else f"£{report['spent']:,}"
    click.echo(f"Coverage {report['coverage_before']:.1%} -> {report['coverage_after']:.1%} of weighted crime "
               f"({report['covered_weight']:.1f} of {report['total_weight']:.1f}); spent {spent}.")
    optimal = "proven optimal" if report["proven_optimal"] else f"within {report['optimality_gap']:.2%}"
    click.echo(f"Upper bound {report['upper_bound']:.1f} ({optimal}).")


@click.command("heatmap")
@click.option("--cell", "cell_m", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_HEATMAP_CELL_M,
              show_default=True, help="Cell size, metres.")
@click.option("--bandwidth", "bandwidth_m", type=float, default=DEFAULT_BANDWIDTH_M, show_default=True,
              help="Quartic kernel bandwidth, metres.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="GeoJSON file to write.")
@click.option("--bng", is_flag=True, help="Write British National Grid metres instead of WGS84.")
@with_appcontext
@analysis_options
def heatmap_command(crimes, weights, cell_m, bandwidth_m, out, bng) -> None:
    """Write a quartic kernel density heat map over the borough as GeoJSON."""
    del weights
    if not out.resolve().parent.is_dir():
        raise click.BadParameter(f"{out.parent} is not a directory", param_hint="--out")
    try:
        collection = heatmap_geojson(crimes, bandwidth_m=bandwidth_m, cell_m=cell_m, borough=_borough(),
                                     wgs84=not bng)
    except CctvPlannerError as error:
        fail(error)
    try:
        out.write_text(json.dumps(collection), encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error}") from None
    click.echo(f"Wrote {len(collection['features']):,} cells to {out}.", err=True)


@click.command("coverage")
@click.option("--cell", "cell_m", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_HOTSPOT_CELL_M,
              show_default=True, help="Hot-spot cell size, metres.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
@analysis_options
def coverage_command(crimes, weights, cell_m, as_json) -> None:
    """Share of weighted crime the operational cameras cover: borough, wards, uncovered hot spots."""
    report = coverage_summary(crimes, weights=weights, views=_views(False),
                              areas=planning.ward_areas(db.session), cell_m=cell_m)
    if as_json:
        _echo_json(report)
        return
    click.echo(f"Borough: {report['share']:.1%} of weighted crime covered "
               f"({report['covered_crimes']:,} of {report['crimes']:,} crimes) by "
               f"{report['params']['existing_cameras']} operational cameras.")
    click.echo(f"{'Ward':<32} {'Crimes':>7} {'Covered':>8} {'Share':>7}")
    for a in report["by_area"] + ([report["outside_areas"]] if report["outside_areas"] else []):
        click.echo(f"{a['name'][:32]:<32} {a['crimes']:>7,} {a['covered_crimes']:>8,} {a['share']:>7.1%}")
    spots = report["uncovered_hot_spots"]
    click.echo(f"{len(spots)} of {len(report['hot_spots'])} hot-spot cells ({cell_m:g} m) are not covered.")


@click.command("hotspots")
@click.option("--cell", "cell_m", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_HOTSPOT_CELL_M,
              show_default=True, help="Cell size, metres.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
@analysis_options
def hotspots_command(crimes, weights, cell_m, as_json) -> None:
    """Getis-Ord Gi* hot spots (FDR-corrected) on grid cells, and whether cameras see them."""
    del weights
    report = hotspot_report(crimes, views=_views(False), cell_m=cell_m, borough=_borough())
    if as_json:
        _echo_json(report)
        return
    click.echo(f"{report['hot_spots']} hot-spot cells of {report['params']['cells_tested']:,} "
               f"({cell_m:g} m); {report['covered']} seen by a camera, {report['uncovered']} not.")
    click.echo(f"{'Class':<14} {'Crimes':>7} {'z':>7} {'Easting':>8} {'Northing':>9}  Covered")
    for c in report["cells"]:
        seen = "yes" if c["centre_covered"] else f"no ({c['covered_share']:.0%} of cell)"
        click.echo(f"{c['label']:<14} {c['count']:>7.0f} {c['z']:>7.2f} {c['x']:>8.0f} {c['y']:>9.0f}  {seen}")


COMMANDS = (import_crimes_command, score_sites_command, plan_sites_command, heatmap_command,
            coverage_command, hotspots_command)
