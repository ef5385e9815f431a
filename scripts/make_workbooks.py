"""Regenerate the committed workbooks (templates and the filled sample) into workbooks/.

Same as ``python -m collab_xl.sample --write workbooks/``; run from anywhere.
"""
from __future__ import annotations

import sys
from pathlib import Path

from collab_xl.sample import main

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.exit(main(["--write", str(ROOT / "workbooks"), *sys.argv[1:]]))
