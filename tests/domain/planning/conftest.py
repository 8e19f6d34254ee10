"""Fixtures for the planning tests: the shared real data, located from the repo root."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
# CI checks the repository out beside ``shared``; locally the repo may be a
# worktree one level deeper, so look in the parents too.
_CANDIDATES = [REPO_ROOT.parent / "shared", REPO_ROOT.parent.parent / "shared"]


def _real_dir() -> Path | None:
    for base in _CANDIDATES:
        real = base / "data" / "real"
        if real.is_dir():
            return real
    return None


@pytest.fixture(scope="session")
def real_data() -> Path:
    """Directory of the shared real data; the test is skipped when absent."""
    real = _real_dir()
    if real is None:
        pytest.skip("shared real data (../shared/data/real beside the repository) is not present")
    return real


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path
