"""Render the pictures of docs/templates.md and the README from the real workbooks.

    python scripts/render_pictures.py [--out docs/img] [--only NAME.png ...]

* ``template.png``              — a sheet of the generated template (表1), as printed;
* ``template-instructions.png`` — the top of its 填写说明 sheet;
* ``template-overdue.png``      — the template's 表4 with the guide's three rows and one row due in
                                  2099 typed in: the live conditional format colours the row
                                  whose 计划完成时间 has passed with 实际完成时间 "-" (lavender);
* ``validated.png``             — a sheet of the sample after ``collab-xl validate --out``, with the
                                  red (error) and yellow (warning) marks;
* ``time-limits.png``           — 表3 of the sample after ``validate --out`` then ``late --in-place``:
                                  the guide's time limits (tables-2.md) marked — the enquiry answered
                                  after its 2 hours (CX225, yellow on 首次响应时间), the key client not
                                  met for 90 days (CX226), late and overdue rows coloured by ``late``;
* ``late-hours.png``            — the 逾期事项 sheet of the same run: lateness in days, working days
                                  and, where a due has a time, hours (首次响应 … 逾期 1.25 小时).
* ``recognition-before.png``    — an ERP purchase-order export (:func:`erp_export`) as exported: its own
                                  headers, a title row, prices with and without tax, a 仓库 column;
* ``recognition-after.png``     — the same after ``validate --out`` with the two [headers] lines of
                                  docs/recognition.md: read as 采购订单, the wrong line total (CX252) and
                                  the quantity 0 (CX109) marked.

Each picture is one sheet of a copy of the workbook (the other visible sheets removed, a print
area set so the page is legible), converted with LibreOffice headless to PDF, rasterised with
pdftoppm and cropped to what is printed. Needs ``soffice`` and ``pdftoppm`` (poppler-utils) and the
CJK fonts of fonts-noto-cjk.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
from openpyxl.utils import get_column_letter

from collab_xl.core.output import MARK_SHEET
from collab_xl.io.templates import build_template, template_columns
from collab_xl.sample import SAMPLE_TODAY, build_sample

ROOT = Path(__file__).resolve().parents[1]
DPI = 130
MARGIN = 12   # pixels of white kept around the cropped content


def one_sheet(src: Path, dst: Path, sheet: str, last_row: int, *, last_col: int | None = None,
              gridlines: bool = False, portrait: bool = False) -> Path:
    """A copy of ``src`` with only ``sheet`` visible (hidden sheets such as the mark sheet stay, the
    marks' conditional formats look their cells up there) and a print area of its first rows."""
    wb = openpyxl.load_workbook(src)
    for ws in list(wb.worksheets):
        if ws.title != sheet and ws.sheet_state == "visible":
            wb.remove(ws)
    ws = wb[sheet]
    wb.active = wb.worksheets.index(ws)
    last_col = last_col or ws.max_column
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.print_options.gridLines = gridlines
    ws.oddHeader.center.text = ""
    ws.oddFooter.center.text = ""
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.top = ws.page_margins.bottom = 0.3
    ws.page_margins.header = ws.page_margins.footer = 0.1
    wb.save(dst)
    return dst


def typed_rows(template: Path, dst: Path) -> Path:
    """The template with rows typed into 表4, as a user would: the guide's three rows (dates as real
    dates, "-" for not yet) and a phase due in 2099."""
    import datetime as dt
    from collab_xl.catalog import TABLES
    t = TABLES["partner_progress"]
    rows = [dict(r) for r in t.examples] + [{"项目阶段": "效果复盘", "计划完成时间": "2099-12-31", "交付物": "《复盘报告》"}]
    wb = openpyxl.load_workbook(template)
    ws = wb[t.sheet[0]]
    for i, row in enumerate(rows):
        for j, c in enumerate(template_columns(t), start=1):
            v = row.get(c.key, "")
            if v in ("", None):
                continue
            if c.kind.name == "date" and v[:2] in ("20",):
                v = dt.date.fromisoformat(v)
            ws.cell(row=3 + i, column=j, value=v)
    wb.save(dst)
    return dst


ERP_HEADERS = "[headers]\npurchase_orders.order_no = \"单据编号\"\npurchase_orders.due = \"预计到货\"\n"


def erp_export(dst: Path) -> Path:
    """A purchase-order export as an ERP writes it (docs/recognition.md): a title row, its own
    headers (单据编号, 预计到货: not the guide's, mapped in ERP_HEADERS), prices with and without
    tax, a 仓库 column the guide does not know, a line total that is wrong, a quantity of 0 and dates as text."""
    from openpyxl.styles import Font, PatternFill
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购订单"
    ws.append(["采购订单明细(ERP 导出 2024-06-01)"])
    ws.append(["单据编号", "供应商", "物料名称", "订购数量", "单价（含税）", "单价（不含税）", "订单行总价", "预计到货", "仓库"])
    for row in (["D-240501", "福州闽星办公用品有限公司", "A4复印纸", 50, 25, 22.12, 1250, "2024-05-25", "一号库"],
                ["D-240502", "厦门启航物流有限公司", "纸箱", 10, 3, 2.65, 31, "2024-05-28", "二号库"],
                ["D-240503", "泉州恒达五金有限公司", "螺丝", 0, 0.5, 0.44, 0, "2024-06-10", "一号库"]):
        ws.append(row)
    for c in ws[2]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for col, width in zip("ABCDEFGHI", (12, 26, 12, 10, 12, 14, 12, 12, 8)):
        ws.column_dimensions[col].width = width
    wb.save(dst)
    return dst


def to_pdf(xlsx: Path, workdir: Path) -> Path:
    profile = workdir / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = workdir / (xlsx.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf.name}")
    return pdf


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    # P5 header: magic, width, height, maxval, each separated by whitespace
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    pos += 1
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(data[pos:pos + w * h], dtype=np.uint8).reshape(h, w)


def to_png(pdf: Path, png: Path, workdir: Path) -> Path:
    """First page of ``pdf`` as a PNG cropped to its printed content."""
    gray = workdir / "page"
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(gray)],
                   check=True, capture_output=True)
    img = _read_pgm(gray.with_suffix(".pgm"))
    ink = np.argwhere(img < 245)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0)
    x0, y0 = max(0, x0 - MARGIN), max(0, y0 - MARGIN)
    w, h = min(img.shape[1] - x0, x1 - x0 + 2 * MARGIN), min(img.shape[0] - y0, y1 - y0 + 2 * MARGIN)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                    "-x", str(x0), "-y", str(y0), "-W", str(w), "-H", str(h), str(pdf), str(png.with_suffix(""))],
                   check=True, capture_output=True)
    return png


def render(out: Path, only: list[str] | None = None) -> list[Path]:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (LibreOffice / poppler-utils)")
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory(prefix="collab-xl-pictures-") as tmp:
        tmp = Path(tmp)
        template = tmp / "template.xlsx"
        build_template(lang="zh").save(template)
        wb = openpyxl.load_workbook(template, read_only=True)
        instructions, first_table = wb.sheetnames[0], wb.sheetnames[1]
        wb.close()

        jobs = [
            ("template.png", one_sheet(template, tmp / "t1.xlsx", first_table, 16, gridlines=True)),
            ("template-instructions.png", one_sheet(template, tmp / "t0.xlsx", instructions, 48, portrait=True)),
        ]

        jobs.append(("template-overdue.png",
                     one_sheet(typed_rows(template, tmp / "t4-typed.xlsx"), tmp / "t4.xlsx", "表4 合作伙伴协作进度", 8,
                               gridlines=True)))

        sample = tmp / "sample.xlsx"
        build_sample().save(sample)
        validated = tmp / "validated.xlsx"
        subprocess.run([sys.executable, "-m", "collab_xl.cli", "validate", str(sample), "--today",
                        SAMPLE_TODAY.isoformat(), "--out", str(validated)], check=False, capture_output=True)
        if not validated.exists():
            raise RuntimeError("collab-xl validate --out did not write the validated workbook")
        vb = openpyxl.load_workbook(validated, read_only=True)
        assert MARK_SHEET in vb.sheetnames
        vb.close()
        jobs.append(("validated.png", one_sheet(validated, tmp / "v.xlsx", "供应商名录", 8, gridlines=True)))

        timed = tmp / "timed.xlsx"
        shutil.copyfile(validated, timed)
        subprocess.run([sys.executable, "-m", "collab_xl.cli", "late", str(timed), "--today", SAMPLE_TODAY.isoformat(),
                        "--in-place"], check=False, capture_output=True)
        from collab_xl.catalog import TABLES
        jobs.append(("time-limits.png", one_sheet(timed, tmp / "tl.xlsx", TABLES["customer_log"].sheet[0], 14,
                                                  gridlines=True)))
        jobs.append(("late-hours.png", one_sheet(timed, tmp / "lh.xlsx", "逾期事项", 26, gridlines=True)))

        # docs/recognition.md: an ERP export, as exported and after validate with its [headers] lines
        erp = erp_export(tmp / "ERP采购导出.xlsx")
        conf = tmp / "collab-xl.toml"
        conf.write_text(ERP_HEADERS, encoding="utf-8")
        checked = tmp / "erp-checked.xlsx"
        subprocess.run([sys.executable, "-m", "collab_xl.cli", "validate", str(erp), "--config", str(conf), "--today",
                        SAMPLE_TODAY.isoformat(), "--out", str(checked)], check=False, capture_output=True)
        if not checked.exists():
            raise RuntimeError("collab-xl validate --out did not write the checked ERP export")
        jobs.append(("recognition-before.png", one_sheet(erp, tmp / "rb.xlsx", "采购订单", 5, gridlines=True)))
        jobs.append(("recognition-after.png", one_sheet(checked, tmp / "ra.xlsx", "采购订单", 5, gridlines=True)))

        if only:
            jobs = [j for j in jobs if j[0] in only]
        for name, xlsx in jobs:
            work = tmp / name.replace(".png", "")
            work.mkdir()
            made.append(to_png(to_pdf(xlsx, work), out / name, work))
    return made


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Render docs/img pictures of the template and the validated sample")
    p.add_argument("--out", default=str(ROOT / "docs" / "img"))
    p.add_argument("--only", nargs="*", help="only these pictures (file names, e.g. recognition-after.png)")
    args = p.parse_args(argv)
    for path in render(Path(args.out), args.only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
