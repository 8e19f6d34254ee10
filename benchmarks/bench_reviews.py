"""How fast the review reports answer with 10,000 cameras and a signed review each.

Each report is timed through the WSGI app beside a reference: the latest
review date per camera from one hand-written SQL query, the floor any
due-date report could reach.

    python benchmarks/bench_reviews.py [--cameras 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile

import sqlalchemy as sa
from bench_register_api import build, timed  # beside this script

from cctv_planner import create_app
from cctv_planner.extensions import db
from cctv_planner.models import OperationalReview, ReviewAction


def add_reviews(app, cameras: int) -> None:
    """One signed review per camera over the past 18 months; one in ten decides to modify."""
    with app.app_context():
        now = dt.datetime.now(dt.UTC)
        today = dt.date.today()
        camera_ids = db.session.scalars(sa.text("SELECT id FROM cameras ORDER BY id")).all()
        mitigations = [{"number": n, "status": "outstanding" if n in (1, 4) else "adopted", "note": ""}
                       for n in range(1, 8)]
        db.session.execute(sa.insert(OperationalReview), [{
            "camera_id": camera_id, "state": "signed", "review_date": today - dt.timedelta(days=i % 540),
            "reviewer": "bench", "site_visit_done": True, "camera_number": str(camera_id), "location_detail": "x",
            "operational_requirement": "x", "primary_views": "x", "automated_processing": "none",
            "automated_processing_note": "", "recording_hours": "24/7", "retention_days": 28,
            "recording_location": "x", "frames_per_second": 25, "surveillance_objectives": ["crime_and_asb"],
            "surveillance_objectives_other": "", "meets_requirement": True, "meets_requirement_narrative": "x",
            "privacy_risks": "x", "mitigations": mitigations, "privacy_outcome": "reduced",
            "privacy_outcome_narrative": "x", "justification": "x",
            "decision": "modify" if i % 10 == 0 else "justified", "spoc_signed_by": "a", "spoc_signed_at": now,
            "dpo_signed_by": "b", "dpo_signed_at": now, "version": 1, "created_at": now, "updated_at": now}
            for i, camera_id in enumerate(camera_ids)])
        modify_ids = db.session.scalars(sa.text(
            "SELECT id FROM operational_reviews WHERE decision = 'modify'")).all()
        db.session.execute(sa.insert(ReviewAction), [{
            "review_id": review_id, "number": 1, "description": "x", "done_note": "", "version": 1,
            "created_at": now, "updated_at": now} for review_id in modify_ids])
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    token = build(app, args.cameras)
    add_reviews(app, args.cameras)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def get(path):
        def call():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.json
        return call

    with app.app_context():
        def reference_latest():
            db.session.execute(sa.text(
                "SELECT c.id, max(r.review_date) FROM cameras c LEFT JOIN operational_reviews r "
                "ON r.camera_id = c.id AND r.state IN ('signed', 'superseded') GROUP BY c.id")).all()

        rows = [
            ("GET /api/reviews/reports/overdue", timed(get("/api/reviews/reports/overdue"), args.repeat)),
            ("GET /api/reviews/reports/due?days=30", timed(get("/api/reviews/reports/due?days=30"), args.repeat)),
            ("  reference: latest review per camera (SQL)", timed(reference_latest, args.repeat)),
            ("GET /api/reviews/reports/decisions-outstanding",
             timed(get("/api/reviews/reports/decisions-outstanding"), args.repeat)),
            ("GET /api/reviews/reports/mitigations-outstanding",
             timed(get("/api/reviews/reports/mitigations-outstanding"), args.repeat)),
            ("GET /api/reviews?decision=modify (50)", timed(get("/api/reviews?decision=modify"), args.repeat)),
        ]
    print(f"{args.cameras:,} cameras, one signed review each, {sa.make_url(url).get_backend_name()}, "
          f"median and worst of {args.repeat} calls")
    print(f"{'what':<50}{'median ms':>10}{'worst ms':>10}")
    for label, (median, worst) in rows:
        print(f"{label:<50}{median:>10.1f}{worst:>10.1f}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
