"""The table catalog: one module per table of tables.md and tables-2.md, registered here in catalog order."""
from collab_xl.catalog import (
    client_issues, client_projects, contracts, cross_dept, customer_log, meetings,
    partner_agreements, partner_payments, partner_progress, project_docs, purchase_orders,
    quotations, report_log, supplier_directory, supplier_evaluation, task_register, work_report,
)
from collab_xl.catalog.base import ERROR, WARNING, After, Col, Context, Kind, Late, Rule, Table, header_key

TABLES: dict[str, Table] = {
    m.TABLE.key: m.TABLE
    for m in (cross_dept, work_report, customer_log, partner_progress, supplier_directory,
              purchase_orders, supplier_evaluation, task_register, report_log, meetings, project_docs,
              client_projects, client_issues, quotations, contracts, partner_agreements,
              partner_payments)
}

__all__ = ["TABLES", "Table", "Col", "Rule", "Late", "After", "Kind", "Context", "ERROR", "WARNING", "header_key", "get"]


def get(key: str) -> Table:
    return TABLES[key]
