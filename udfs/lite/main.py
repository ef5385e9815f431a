"""collab-xl in xlwings Lite: paste this file into the add-in's main.py (requirements.txt beside it).

It registers the ``COLLAB_*`` worksheet functions and the ribbon scripts of the installed
collab-xl package with xlwings Lite's own decorators, so the workbook needs no other code:
the same Python functions as desktop Excel and the command line. See docs/excel.md.
"""
from xlwings import arg, func, script

from collab_xl.excel.functions import lite_functions
from collab_xl.excel.scripts import lite_scripts

# Functions: COLLAB_SUPPLIER_SCORE, COLLAB_SUPPLIER_RESULT, COLLAB_DAYS_LATE, COLLAB_WORKDAYS_LATE,
# COLLAB_LATE_STATUS, COLLAB_DUE, COLLAB_CHECK_CONTACT, COLLAB_CHECK_CREDIT_CODE.
globals().update(lite_functions(func, arg, module=__name__))
# Scripts: validate_active_sheet, validate_all, clear_marks, flag_late, supplier_ranking,
# insert_template, show_help (shown under their Chinese button labels).
globals().update(lite_scripts(script, module=__name__))
