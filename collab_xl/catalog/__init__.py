"""The table catalog: one module per table of tables.md, registered here in catalog order."""
from collab_xl.catalog import (
    contracts, cross_dept, customer_log, partner_progress, purchase_orders, quotations, supplier_directory,
    supplier_evaluation, work_report,
)
from collab_xl.catalog.base import ERROR, WARNING, After, Col, Context, Kind, Late, Rule, Table, header_key

TABLES: dict[str, Table] = {
    m.TABLE.key: m.TABLE
    for m in (cross_dept, work_report, customer_log, partner_progress,
              supplier_directory, purchase_orders, supplier_evaluation,
              quotations, contracts)
}

__all__ = ["TABLES", "Table", "Col", "Rule", "Late", "After", "Kind", "Context", "ERROR", "WARNING", "header_key", "get"]


def get(key: str) -> Table:
    return TABLES[key]
