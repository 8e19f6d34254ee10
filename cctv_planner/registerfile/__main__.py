"""Regenerate the column table of the register-file doc.

Usage: ``python -m cctv_planner.registerfile docs/register-file.md``
"""

import sys
from pathlib import Path

from cctv_planner.registerfile.columns import render_doc

if __name__ == "__main__":
    doc = Path(sys.argv[1])
    doc.write_text(render_doc(doc.read_text(encoding="utf-8")), encoding="utf-8")
