"""The module desktop Excel loads for collab-xl's worksheet functions (classic xlwings, Windows).

Point xlwings at it in the ribbon's "UDF Modules" box or in xlwings.conf (``UDF_MODULES``):
either ``collab_xl.excel.functions`` (installed package) or this file's name without ``.py``
(``collab_xl_udfs``, with this folder on the PYTHONPATH), then click "Import Functions".
It only re-exports ``collab_xl.excel.functions``; a test keeps the two in step.
"""
from collab_xl.excel.functions import (  # noqa: F401
    collab_check_contact,
    collab_check_credit_code,
    collab_days_late,
    collab_due,
    collab_late_status,
    collab_supplier_result,
    collab_supplier_score,
    collab_workdays_late,
)

__all__ = [
    "collab_check_contact",
    "collab_check_credit_code",
    "collab_days_late",
    "collab_due",
    "collab_late_status",
    "collab_supplier_result",
    "collab_supplier_score",
    "collab_workdays_late",
]
