"""``collab-xl demo``: the main job on the bundled sample — templates, validation, late items and
the supplier ranking, each written as a workbook into one folder, and a short summary."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from collab_xl.app.common import Options, Outcome
from collab_xl.i18n import Messages

SAMPLE_TODAY = dt.date(2024, 6, 5)   # the sample's data is from spring 2024

M = Messages({
    "files": ("01-模板.xlsx|02-示例-已填写.xlsx|03-校验结果.xlsx|04-逾期事项.xlsx|05-供应商排名.xlsx",
              "01-template.xlsx|02-sample-filled.xlsx|03-findings.xlsx|04-late-items.xlsx|05-supplier-ranking.xlsx"),
    "title": ("collab-xl 演示:{dir}(以 {today} 为“今天”)", "collab-xl demo: {dir} (taking {today} as today)"),
    "step": ("步骤", "Step"), "file": ("文件", "File"), "result": ("结果", "Result"),
    "s_template": ("模板", "Templates"), "s_sample": ("已填写的示例", "Filled sample"),
    "s_validate": ("校验", "Validation"), "s_late": ("逾期事项", "Late items"), "s_rank": ("供应商排名", "Supplier ranking"),
    "r_template": ("{n} 张表 + 填写说明", "{n} tables + instructions"),
    "r_sample": ("{n} 张表,{rows} 行", "{n} tables, {rows} rows"),
    "r_validate": ("{errors} 个错误,{warnings} 个警告", "{errors} errors, {warnings} warnings"),
    "r_late": ("逾期完成 {late},超期未完成 {overdue},未完成 {notdone},临近到期 {soon}",
               "{late} late, {overdue} overdue, {notdone} not done, {soon} due soon"),
    "r_rank": ("{quarter}:{n} 家供应商,{below} 家低于 {threshold} 分需整改", "{quarter}: {n} suppliers, {below} below {threshold} (rectification)"),
    "per_table": ("每张表", "Table by table"),
    "c_table": ("表格", "Table"), "c_sheet": ("工作表", "Sheet"), "c_rows": ("行", "Rows"),
    "c_errors": ("错误", "Errors"), "c_warnings": ("警告", "Warnings"), "c_late": ("逾期事项", "Late items"),
    "dated": ("提示:示例数据截至 {sample};加上 --today {sample} 可按示例当天查看逾期与排名。",
              "Note: the sample's data is as of {sample}; add --today {sample} to see late items and the ranking as of that day."),
    "next": ("用 Excel 打开 {dir} 中的文件查看标记和结果页;对自己的文件运行:collab-xl validate 文件.xlsx --out 结果.xlsx",
             "Open the files in {dir} in Excel to see the marks and result sheets; on your own file run: "
             "collab-xl validate file.xlsx --out result.xlsx"),
})


def run(out_dir: Path, opts: Options) -> Outcome:
    from collab_xl.app import late as late_app, rank as rank_app, validate as validate_app
    from collab_xl.io.templates import build_template
    from collab_xl.io.xlsx_out import check_not_open, save_new
    from collab_xl.sample import build_sample

    lang = opts.lang
    today = opts.today
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = M("files", lang).split("|")
    paths = [out_dir / n for n in names]
    for p in paths:
        check_not_open(p)

    template = build_template(None, lang)
    save_new(template, paths[0])
    sample = build_sample(today=SAMPLE_TODAY)
    save_new(sample, paths[1])

    base = replace(opts, today=today, fmt="json", out=None, in_place=False)
    v = validate_app.run(paths[1], replace(base, out=paths[2]))
    lt = late_app.run(paths[1], replace(base, out=paths[3]))
    rk = rank_app.run([paths[1]], None, replace(base, out=paths[4]))
    for o in (v, lt, rk):
        opts.notices.extend(o.notices)

    n_tables = len([s for s in template.sheetnames if s not in ("填写说明", "Instructions")])
    rows = sum(t["rows"] for t in v.doc["tables"])
    statuses = [i["status"] for i in lt.doc.get("items", [])]
    below = [s for s in rk.doc.get("suppliers", []) if s.get("rectification")]
    threshold = rk.doc.get("threshold", 80)
    steps = [
        (M("s_template", lang), paths[0], M("r_template", lang, n=n_tables)),
        (M("s_sample", lang), paths[1], M("r_sample", lang, n=len(v.doc["tables"]), rows=rows)),
        (M("s_validate", lang), paths[2], M("r_validate", lang, **v.doc["summary"])),
        (M("s_late", lang), paths[3], M("r_late", lang, late=statuses.count("late"), overdue=statuses.count("overdue"),
                                        notdone=statuses.count("not-done"), soon=len(lt.doc.get("due_soon", [])))),
        (M("s_rank", lang), paths[4], M("r_rank", lang, quarter=rk.doc.get("quarter"), n=len(rk.doc.get("suppliers", [])),
                                        below=len(below), threshold=f"{threshold:g}")),
    ]
    per_table = table_by_table(v.doc, lt.doc, lang)
    doc = {
        "folder": str(out_dir), "today": today.isoformat(),
        "tables": per_table,
        "files": {k: str(p) for k, p in zip(("template", "sample", "validate", "late", "rank"), paths)},
        "validate": v.doc["summary"], "late": {s: statuses.count(s) for s in ("late", "overdue", "not-done")},
        "rank": {"quarter": rk.doc.get("quarter"), "suppliers": len(rk.doc.get("suppliers", [])),
                 "rectification": [s["supplier"] for s in below]},
    }

    return Outcome(doc=doc, exit_code=0, renderer=render, view=(out_dir, today, steps, per_table, lang), written=paths,
                   notices=list(opts.notices))


def table_by_table(validated: dict, late: dict, lang: str) -> list[dict]:
    """Each table of the sample with its rows, errors, warnings and late items (catalog order)."""
    from collab_xl.catalog import TABLES
    out = []
    for t in validated["tables"]:
        key, sheet = t["table"], t["sheet"]
        found = [f for f in validated["findings"] if f["table"] == key and f["sheet"] == sheet]
        items = [i for i in late.get("items", []) if i["table"] == key and i["sheet"] == sheet]
        out.append({"table": key, "title": TABLES[key].full_title[1 if lang == "en" else 0], "sheet": sheet,
                    "rows": t["rows"], "errors": sum(f["severity"] == "error" for f in found),
                    "warnings": sum(f["severity"] == "warning" for f in found), "late_items": len(items)})
    order = {k: n for n, k in enumerate(TABLES)}
    return sorted(out, key=lambda r: order[r["table"]])


def render(con, out_dir: Path, today: dt.date, steps: list[tuple[str, Path, str]], per_table: list[dict],
           lang: str) -> None:
    """The summary table of the demo's steps (step, file, result), then the sample table by table."""
    from rich.table import Table as RichTable
    t = RichTable(title=M("title", lang, dir=out_dir, today=today.isoformat()))
    t.add_column(M("step", lang))
    t.add_column(M("file", lang), no_wrap=True)
    t.add_column(M("result", lang))
    for step, path, result in steps:
        t.add_row(step, path.name, result)
    con.print(t)
    p = RichTable(title=M("per_table", lang))
    for key in ("c_table", "c_sheet", "c_rows", "c_errors", "c_warnings", "c_late"):
        p.add_column(M(key, lang), justify="right" if key not in ("c_table", "c_sheet") else "left")
    for r in per_table:
        p.add_row(r["title"], r["sheet"], str(r["rows"]), str(r["errors"]), str(r["warnings"]), str(r["late_items"]))
    con.print(p)
    if today != SAMPLE_TODAY:
        con.print(M("dated", lang, sample=SAMPLE_TODAY.isoformat()))
    con.print(M("next", lang, dir=out_dir))
