"""How fast the register's list and summary endpoints answer with 10,000 cameras.

Each endpoint is timed through the WSGI app (auth, parsing, query, JSON) beside
a reference: the same figures from one hand-written SQL query on the same
database, the floor any endpoint could reach.

    python benchmarks/bench_register_api.py [--cameras 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time

import sqlalchemy as sa

from cctv_planner import create_app
from cctv_planner.extensions import db
from cctv_planner.models import Camera, Site
from cctv_planner.services import accounts, fixtures


def build(app, cameras: int) -> str:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        fixtures._load_committees(db.session, fixtures.FIXTURES_DIR / "barnet-demo" / "area_committees.csv")
        fixtures._load_wards(db.session, fixtures.FIXTURES_DIR / "barnet-demo" / "wards.csv",
                             fixtures.FIXTURES_DIR / "barnet-demo" / "wards.geojson")
        ward_ids = db.session.scalars(sa.text("SELECT id FROM wards ORDER BY id")).all()
        now = dt.datetime.now(dt.UTC)
        sites = cameras // 2
        # Bulk rows straight into the tables: the benchmark is about reading.
        db.session.execute(sa.insert(Site), [{
            "code": f"S{i:05d}", "name": f"Site {i}", "location_detail": "", "lon": -0.2 + i * 1e-6,
            "lat": 51.6, "easting": 520000.0 + i, "northing": 190000.0, "ward_id": ward_ids[i % len(ward_ids)],
            "category": "town_centre", "owning_service": "community_safety", "mounting": "column",
            "power": "mains", "transmission": ("wireless", "fibre")[i % 2], "wayleave_needed": False,
            "signage_in_place": True, "connected_to_control_room": True, "status": "active", "version": 1,
            "created_at": now, "updated_at": now} for i in range(sites)])
        site_ids = db.session.scalars(sa.text("SELECT id FROM sites ORDER BY id")).all()
        db.session.execute(sa.insert(Camera), [{
            "asset_number": f"C{i:06d}", "site_id": site_ids[i % len(site_ids)],
            "camera_type": ("fixed", "ptz", "dome")[i % 3], "make": "", "model": "", "serial_number": "",
            "retention_days": 28, "recording_location": "", "frames_per_second": 25,
            "automated_processing": "none", "status": ("operational", "defective")[i % 10 < 7],
            "version": 1, "created_at": now, "updated_at": now} for i in range(cameras)])
        user = accounts.create_user(db.session, "bench", roles=["viewer"])
        token = accounts.create_token(db.session, user)
        db.session.commit()
        return token


def timed(call, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    token = build(app, args.cameras)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def get(path):
        def call():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.json
        return call

    with app.app_context():
        def reference_summary():
            db.session.execute(sa.text(
                "SELECT camera_type, status, count(*) FROM cameras GROUP BY camera_type, status")).all()

        def reference_page():
            db.session.execute(sa.text(
                "SELECT * FROM cameras WHERE status = 'defective' ORDER BY asset_number LIMIT 50")).all()

        rows = [
            ("GET /api/register/summary", timed(get("/api/register/summary"), args.repeat)),
            ("  reference: one GROUP BY", timed(reference_summary, args.repeat)),
            ("GET /api/cameras?status=defective (50)", timed(get("/api/cameras?status=defective"), args.repeat)),
            ("  reference: one SELECT ... LIMIT 50", timed(reference_page, args.repeat)),
            ("GET /api/sites?ward=...&sort=-code (50)",
             timed(get("/api/sites?ward=E05013630&sort=-code"), args.repeat)),
        ]
    print(f"{args.cameras:,} cameras on {args.cameras // 2:,} sites, {sa.make_url(url).get_backend_name()}, "
          f"median and worst of {args.repeat} calls")
    print(f"{'what':<44}{'median ms':>10}{'worst ms':>10}")
    for label, (median, worst) in rows:
        print(f"{label:<44}{median:>10.1f}{worst:>10.1f}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
