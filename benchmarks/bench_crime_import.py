"""Benchmark the crime import against the database's own bulk-load rate, on SQLite and PostgreSQL.

    python benchmarks/bench_crime_import.py                       # 1.1M rows, SQLite only
    python benchmarks/bench_crime_import.py --postgres postgresql+psycopg://postgres@127.0.0.1/DB
    python benchmarks/bench_crime_import.py --rows 200000 --postgres ...

For each database, on the real ``crimes`` table (created by the migrations, with
its unique key and indexes):

1. ``import_crimes`` of a generated police.uk file (a year of Metropolitan
   Police data is about 1.1M rows): read, project, key, check the borough, store,
   commit. Rows/s counts file rows.
2. The database's own bulk load of the same rows, already parsed: SQLite
   ``executemany`` of plain tuples; PostgreSQL ``COPY`` straight into the table.
   Only the load and commit are timed (parsing is excluded).
3. Re-importing the file: every row is already stored, nothing is added.

The database named by ``--postgres`` is emptied (all tables dropped) first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_planning import generate_police_file  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from cctv_planner import create_app  # noqa: E402
from cctv_planner.domain.planning import PoliceUkFile  # noqa: E402
from cctv_planner.extensions import db  # noqa: E402
from cctv_planner.services import fixtures  # noqa: E402
from cctv_planner.services.crimes import _COLUMNS, batch_rows, import_crimes  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "barnet-demo"


def _reset(engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for name in sa.inspect(engine).get_table_names():
                connection.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            metadata.drop_all(connection)


def _empty_crimes() -> None:
    db.session.execute(sa.text("DELETE FROM crimes"))
    db.session.execute(sa.text("DELETE FROM crime_imports"))
    db.session.commit()


def _own_bulk_load(path: Path) -> tuple[int, float]:
    """Load the file's rows with the database's plain bulk path; return (rows, seconds)."""
    connection = db.session.connection()
    dialect = connection.dialect.name
    dbapi = connection.connection.driver_connection
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)
    elapsed = 0.0
    rows = 0
    for batch in PoliceUkFile(path):
        tuples = batch_rows(batch, None)      # parsing is not timed
        rows += len(tuples)
        start = time.perf_counter()
        if dialect == "sqlite":
            dbapi.executemany(f"INSERT INTO crimes ({columns}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                              tuples)
        else:
            with dbapi.cursor() as cursor, cursor.copy(f"COPY crimes ({columns}) FROM STDIN") as copy:
                for item in tuples:
                    copy.write_row(item)
        elapsed += time.perf_counter() - start
    start = time.perf_counter()
    db.session.commit()
    elapsed += time.perf_counter() - start
    return rows, elapsed


def bench_database(label: str, url: str, path: Path, file_rows: int) -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    out = []
    with app.app_context():
        _reset(db.engine)
        upgrade()
        # The borough's wards, so the import does its outside-the-borough check as in use.
        fixtures._load_committees(db.session, DEMO / "area_committees.csv")
        fixtures._load_wards(db.session, DEMO / "wards.csv", DEMO / "wards.geojson")
        db.session.commit()

        start = time.perf_counter()
        result = import_crimes(db.session, [path], actor="bench")
        db.session.commit()
        took = time.perf_counter() - start
        (f,) = result.files
        assert f.error is None, f.error
        out.append((f"{label}: import_crimes ({f.rows:,} rows, {f.stored:,} stored)",
                    f"{took:6.1f} s = {f.rows / took:>9,.0f} rows/s"))

        start = time.perf_counter()
        again = import_crimes(db.session, [path], actor="bench")
        db.session.commit()
        took_again = time.perf_counter() - start
        assert again.files[0].stored == 0
        out.append((f"{label}: re-import (all {again.files[0].already_stored:,} already stored)",
                    f"{took_again:6.1f} s = {f.rows / took_again:>9,.0f} rows/s"))

        _empty_crimes()
        rows, own = _own_bulk_load(path)
        how = "executemany of plain tuples" if db.engine.dialect.name == "sqlite" else "COPY"
        out.append((f"{label}: database's own bulk load, {how} ({rows:,} rows)",
                    f"{own:6.1f} s = {rows / own:>9,.0f} rows/s  (import_crimes at "
                    f"{(f.rows / took) / (rows / own):.0%} of it)"))
        db.session.remove()
        db.engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_100_000, help="rows in the generated file")
    parser.add_argument("--postgres", metavar="URL", help="also benchmark this PostgreSQL database (emptied!)")
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2023-01-metropolitan-street.csv"
        start = time.perf_counter()
        generate_police_file(path, args.rows, rng)
        table.append((f"generate police.uk file ({args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB)",
                      f"{time.perf_counter() - start:6.1f} s"))
        table += bench_database("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", path, args.rows)
        if args.postgres:
            table += bench_database("PostgreSQL", args.postgres, path, args.rows)
    width = max(len(a) for a, _ in table)
    print(f"{'benchmark'.ljust(width)} | result")
    print("-" * width + "-+-" + "-" * 50)
    for a, b in table:
        print(f"{a.ljust(width)} | {b}")


if __name__ == "__main__":
    main()
