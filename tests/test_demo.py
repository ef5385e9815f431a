"""collab-xl demo: the main job on the bundled sample, as the README's Quick start runs it."""
from __future__ import annotations

import json
import subprocess
import sys

import openpyxl


def test_demo_writes_every_workbook_and_a_summary(tmp_path):
    """The end-to-end smoke test: the real console process, as the README runs it."""
    out = tmp_path / "demo"
    p = subprocess.run([sys.executable, "-m", "collab_xl.cli", "demo", "--out", str(out), "--today", "2024-06-05",
                        "--format", "json"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    files = {k: openpyxl.load_workbook(v) for k, v in doc["files"].items()}
    assert set(files) == {"template", "sample", "validate", "late", "rank"}
    assert files["template"].sheetnames[0] == "填写说明"
    assert "校验结果" in files["validate"].sheetnames and "_collab_xl" in files["validate"].sheetnames
    assert "逾期事项" in files["late"].sheetnames
    assert any(s.startswith("供应商排名 2024Q2") for s in files["rank"].sheetnames)
    assert len([s for s in files["rank"].sheetnames if s.startswith("整改通知书")]) == len(doc["rank"]["rectification"]) >= 1
    assert doc["validate"]["errors"] > 0 and doc["late"]["overdue"] > 0
    # the sample file itself is never marked: every result went into a new workbook
    assert "校验结果" not in files["sample"].sheetnames
    # table by table: every catalog table is in the sample, and the counts add up to the totals
    from collab_xl.catalog import TABLES
    assert [t["table"] for t in doc["tables"]] == list(TABLES)
    assert sum(t["errors"] for t in doc["tables"]) == doc["validate"]["errors"]
    assert sum(t["warnings"] for t in doc["tables"]) == doc["validate"]["warnings"]
    assert sum(t["late_items"] for t in doc["tables"]) == sum(doc["late"].values())
    assert all(t["rows"] > 0 and t["errors"] + t["warnings"] > 0 for t in doc["tables"])   # each has planted mistakes


def test_demo_text_summary(tmp_path, cli):
    p = cli("demo", "--out", tmp_path / "d", "--lang", "en")
    assert p.exit_code == 0, p.stderr
    assert "Validation" in p.stdout and "Supplier ranking" in p.stdout and "errors" in p.stdout
    # the table-by-table view names the new registers in English too
    assert "Table by table" in p.stdout and "Meeting register" in p.stdout
