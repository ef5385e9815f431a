"""The peer: frictionless-py validating a generated workbook with a schema equivalent to
collab-xl's catalog table (required fields, date and number types, ranges, allowed values, a
unique key, the amount = quantity × price row rule). Run as its own process by run.py:

    python benchmarks/peer_frictionless.py FILE partner|orders OUT.json

Uses the Python API with no error limit (the CLI stops at 1,000 errors by default). (FILE relative to the current directory: frictionless
refuses absolute paths.) Exits non-zero when frictionless could not read the file. Writes the
errors it found as JSON: [{"row", "column", "type"}]. "missing-cell" errors on optional columns
are dropped (openpyxl returns a row without its empty trailing cells; an empty optional cell is
not a defect); on a required column they count.
"""
from __future__ import annotations

import json
import sys

from frictionless import Checklist, Dialect, Resource, Schema, checks, formats

MISSING = ["", "-", "—", "/", "无", "N/A"]
V2 = "https://datapackage.org/profiles/2.0/tableschema.json"  # exclusiveMinimum needs v2
TODAY = "2024-06-05"


def schema(kind: str) -> tuple[str, Schema, list]:
    if kind == "partner":
        fields = [
            {"name": "合作项目", "type": "string", "constraints": {"required": True}},
            {"name": "合作伙伴", "type": "string", "constraints": {"required": True}},
            {"name": "项目阶段", "type": "string", "constraints": {"required": True}},
            {"name": "我方负责人", "type": "string", "constraints": {"required": True}},
            {"name": "合作伙伴负责人", "type": "string", "constraints": {"required": True}},
            {"name": "计划完成时间", "type": "date", "constraints": {"required": True}},
            {"name": "实际完成时间", "type": "date", "constraints": {"maximum": TODAY}},
            {"name": "交付物", "type": "string", "constraints": {"required": True}},
            {"name": "问题及解决方案", "type": "string"},
            {"name": "下一步计划", "type": "string"},
        ]
        return "表4 合作伙伴协作进度", Schema.from_descriptor({"$schema": V2, "fields": fields, "missingValues": MISSING}), []
    fields = [
        {"name": "订单号", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "供应商名称", "type": "string", "constraints": {"required": True}},
        {"name": "产品明细", "type": "string", "constraints": {"required": True}},
        {"name": "数量", "type": "number", "constraints": {"required": True, "exclusiveMinimum": 0}},
        {"name": "单价", "type": "number", "constraints": {"required": True, "minimum": 0}},
        {"name": "金额", "type": "number"},
        {"name": "要求交付日期", "type": "date", "constraints": {"required": True}},
        {"name": "实际交付日期", "type": "date"},
        {"name": "验收结果", "type": "string", "constraints": {"enum": ["合格", "不合格", "待验收"]}},
        {"name": "备注", "type": "string"},
    ]
    rule = [checks.row_constraint(
        formula="not 金额 or (金额 - 数量 * 单价 < 0.005 and 数量 * 单价 - 金额 < 0.005)")]
    return "采购订单", Schema.from_descriptor({"$schema": V2, "fields": fields, "missingValues": MISSING}), rule


def main(path: str, kind: str, out: str) -> None:
    sheet, sch, extra = schema(kind)
    dialect = Dialect(header_rows=[2], controls=[formats.ExcelControl(sheet=sheet)])
    resource = Resource(path, schema=sch, dialect=dialect, datapackage_version="v2")
    report = resource.validate(checklist=Checklist(checks=extra), limit_errors=10**9)
    required = {f.name for f in sch.fields if f.constraints.get("required")}
    errors = []
    for task in report.tasks:
        for e in task.errors:
            # A row whose trailing optional cells are empty comes back short from openpyxl and
            # frictionless says "missing-cell": an empty optional cell is fine, not a defect.
            if e.type == "missing-cell" and getattr(e, "field_name", None) not in required:
                continue
            col = getattr(e, "field_name", None) or ("金额" if e.type == "row-constraint" else None)
            errors.append({"row": getattr(e, "row_number", None), "column": col, "type": e.type})
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"valid": report.valid, "errors": errors}, fh, ensure_ascii=False)
    broken = [e for task in report.tasks for e in task.errors if e.type.endswith(("resource-error", "scheme-error",
              "format-error", "source-error", "field-error", "schema-error", "encoding-error"))]
    if broken:  # the peer did not really validate: say so instead of reporting "0 defects found"
        sys.exit(f"frictionless could not validate {path}: {broken[0].type}: {broken[0].note}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
