"""The ``COLLAB_*`` worksheet functions (UDFs), one vectorized call for a whole column.

Excel sees each function under its Python name upper-cased (``collab_days_late`` →
``COLLAB_DAYS_LATE``): classic desktop xlwings names a UDF after its Python function, xlwings
Lite/Server upper-case it. This module decorates them with xlwings' top-level decorators
(``xw.func``/``xw.arg``: the classic desktop ones on Windows, no-ops where classic UDFs do not
exist); :func:`lite_functions` registers fresh copies of the same functions with the
decorators xlwings Lite/Server hand it (``udfs/lite/main.py``).

Every function takes a single cell or a whole range. A range gives one result per cell (per row
for the supplier score), spilling in Excel 365; the work is one vectorized pass through the same
core functions the command line uses (``collab_xl.cells.parse``, ``collab_xl.core.late_math``,
``collab_xl.core.calendar``), never a Python loop per cell. Blanks give ``""``; unreadable values
and Excel error values (#N/A …) give a short message; no function raises.

Dates arrive as dates (classic xlwings, date-formatted cells) or as Excel serial numbers (xlwings
Lite/Server custom functions always send numbers); text dates such as 2024-05-20 and
2024年5月20日 are read like the command line reads them. ``today`` defaults to the machine's
date, or ``COLLAB_XL_TODAY`` (ISO date) when set; pass ``TODAY()`` to make the cell's dependency
explicit. Texts are Simplified Chinese, or English when ``COLLAB_XL_LANG=en``.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import types
import unicodedata
from typing import Any, Callable

import numpy as np
import pandas as pd
import xlwings as xw

from collab_xl.catalog import TABLES
from collab_xl.cells import parse
from collab_xl.core.late_math import LATE, OVERDUE, late_frame
from collab_xl.core.ranking import round_half_up
from collab_xl.errors import UserError
from collab_xl.i18n import Messages, norm_lang

LANG_ENV = "COLLAB_XL_LANG"
TODAY_ENV = "COLLAB_XL_TODAY"

M = Messages({
    # results
    "late": ("逾期完成", "late"),
    "overdue": ("超期未完成", "overdue"),
    "on_time": ("按时", "on time"),
    "not_due": ("未到期", "not yet due"),
    "cancelled": ("已取消", "cancelled"),
    "pass": ("合格", "pass"),
    "rectify": ("需整改", "rectify"),
    # messages
    "error_value": ("错误值 {code}", "error value {code}"),
    "due_bad": ("期限不是日期", "due date is not a date"),
    "due_noyear": ("期限缺少年份", "due date has no year"),
    "done_bad": ("完成日期不是日期", "done date is not a date"),
    "done_noyear": ("完成日期缺少年份", "done date has no year"),
    "done_future": ("完成日期晚于今天", "done date is after today"),
    "today_bad": ("“今天”不是日期", "\"today\" is not a date"),
    "sizes": ("各参数的区域大小不一致", "the ranges given have different sizes"),
    "five": ("需要 5 项得分(质量、交付、服务、价格、问题解决)", "needs 5 scores (quality, delivery, service, price, solving)"),
    "score_bad": ("「{header}」不是数字", "\"{header}\" is not a number"),
    "score_missing": ("缺少「{header}」得分", "\"{header}\" score missing"),
    "score_range": ("「{header}」应在 0–{top} 分之间", "\"{header}\" must be 0–{top} points"),
    "total_bad": ("分数不是数字", "the score is not a number"),
    "total_range": ("分数应在 0–100 之间", "the score must be 0–100"),
    "threshold_bad": ("合格线不是数字", "the threshold is not a number"),
    "contact_bad": ("没有有效的手机号、座机号或邮箱", "no valid mobile, landline or e-mail"),
    "contact_parts": ("应写成 姓名/部门/联系方式,缺少部分内容", "should read name/department/contact; parts are missing"),
    "parts_bad": ("“部分数”应为 1–5 的整数", "\"parts\" must be a whole number 1–5"),
    "uscc_shape": ("不是18位统一社会信用代码", "not an 18-character unified social credit code"),
    "uscc_check": ("校验位不正确(应为 {expected})", "wrong check character (should be {expected})"),
    "failed": ("计算出错({kind}),请检查参数", "calculation failed ({kind}); check the arguments"),
    "category": ("协作助手", "collab-xl"),   # the Insert Function category (classic desktop Excel)
    # the function wizard: descriptions and arguments
    "collab_supplier_score": (
        "供应商综合评分:一行五项得分(产品质量30、交付及时性25、服务态度20、价格合理性15、问题解决能力10,满分100;各项满分可在配置文件中调整)之和,四舍五入保留两位小数;选多行五列时每行返回一个分数。",
        "Supplier score: the sum of one row's five scores (quality 30, delivery 25, service 20, price 15, "
        "problem solving 10 points, out of 100; the maxima are configurable), rounded half up to two decimals; "
        "several rows of five give one score per row."),
    "collab_supplier_score.scores": (
        "五项得分:一行五个单元格(如 C2:G2)或多行五列(如 C2:G500);也可以分开给五个单元格或五列(如 C2:C500, E2:E500, …)",
        "The five scores: one row of five cells (e.g. C2:G2) or many rows of five (e.g. C2:G500); or five "
        "separate cells or columns (e.g. C2:C500, E2:E500, …)"),
    "collab_supplier_result": (
        "评估结论:分数不低于合格线(默认 80 分)为“合格”,低于则“需整改”(发整改通知书)。",
        "Verdict: \"pass\" at or above the threshold (80 by default), else \"rectify\" (a rectification notice)."),
    "collab_supplier_result.score": ("综合评分,单元格或一列", "The score: a cell or a column"),
    "collab_supplier_result.threshold": ("合格线,可省略(默认 80,或配置文件中的 ranking.threshold)",
                                         "Threshold, optional (80, or ranking.threshold of the configuration)"),
    "collab_days_late": (
        "逾期天数(自然日):已完成的为完成日期晚于期限的天数,未完成的为到今天已超过期限的天数;按时或未到期为 0。",
        "Calendar days late: done after the due date by so many days, or not done and past due by so many days "
        "as of today; 0 when on time or not yet due."),
    "collab_days_late.due": ("期限(日期),单元格或一列", "Due date: a cell or a column"),
    "collab_days_late.done": ("完成日期,未完成留空;单元格或一列", "Done date, blank when not done: a cell or a column"),
    "collab_days_late.today": ("今天的日期,可省略(默认为本机日期;可填 TODAY())",
                               "Today's date, optional (the machine's date; TODAY() works)"),
    "collab_workdays_late": (
        "逾期工作日:期限之后至完成日期(未完成则至今天)为止的中国大陆工作日数,周末与法定节假日不计、调休上班日计入;按时或未到期为 0。",
        "Working days late: mainland-China working days after the due date up to the done date (or today when "
        "not done); weekends and public holidays off, adjusted working days on; 0 when on time or not yet due."),
    "collab_workdays_late.due": ("期限(日期),单元格或一列", "Due date: a cell or a column"),
    "collab_workdays_late.done": ("完成日期,未完成留空;单元格或一列", "Done date, blank when not done: a cell or a column"),
    "collab_workdays_late.today": ("今天的日期,可省略(默认为本机日期;可填 TODAY())",
                                   "Today's date, optional (the machine's date; TODAY() works)"),
    "collab_late_status": (
        "逾期状态:逾期完成 / 超期未完成 / 按时 / 未到期(标为已取消的事项返回“已取消”)。",
        "Late status: late / overdue / on time / not yet due (\"cancelled\" for items marked cancelled)."),
    "collab_late_status.due": ("期限(日期),单元格或一列", "Due date: a cell or a column"),
    "collab_late_status.done": ("完成日期,未完成留空;单元格或一列", "Done date, blank when not done: a cell or a column"),
    "collab_late_status.today": ("今天的日期,可省略(默认为本机日期;可填 TODAY())",
                                 "Today's date, optional (the machine's date; TODAY() works)"),
    "collab_late_status.cancelled": ("是否已取消,可省略:“已取消”、TRUE 或 1 表示取消,不判逾期",
                                     "Cancelled, optional: TRUE, 1 or a cancelled status means cancelled (never late)"),
    "collab_check_contact": (
        "检查联系方式:“姓名/部门/联系方式”的最后一部分,或整格,须为手机号、座机号或邮箱;正确返回 TRUE。",
        "Check a contact: the last part of \"name/department/contact\", or the whole cell, must be a mobile, "
        "landline or e-mail; TRUE when right."),
    "collab_check_contact.contact": ("联系方式或对接人,单元格或一列", "Contact or contact person: a cell or a column"),
    "collab_check_contact.explain": ("可省略;TRUE 时不合格的返回原因而不是 FALSE",
                                     "Optional; TRUE returns the reason instead of FALSE"),
    "collab_check_contact.parts": ("可省略;应有几部分(对接人为 3,单独的电话/邮箱为 1;默认按有无“/”判断)",
                                   "Optional; how many parts (3 for a contact person, 1 for a bare phone or "
                                   "e-mail; by default decided by the presence of \"/\")"),
    "collab_check_credit_code": (
        "检查统一社会信用代码(GB 32100-2015):18 位且校验位正确返回 TRUE。",
        "Check a unified social credit code (GB 32100-2015): TRUE when 18 characters with the right check character."),
    "collab_check_credit_code.code": ("统一社会信用代码,单元格或一列", "The credit code: a cell or a column"),
    "collab_check_credit_code.explain": ("可省略;TRUE 时不合格的返回原因而不是 FALSE",
                                         "Optional; TRUE returns the reason instead of FALSE"),
    "collab_due": (
        "期限:开始时间加上时限。“N小时”按自然小时(夜间、周末、节假日都计),结果带时刻;“N天”为开始日期加 N 天;"
        "“N个工作日”为开始日期之后的第 N 个工作日(开始当天不算,调休上班日计入)。只有日期的开始时间按当天 24:00 计。"
        "结果是 Excel 日期序号,请把单元格格式设为日期或“yyyy-mm-dd hh:mm”;选一列开始时间时每行返回一个期限。",
        "Due: the start plus a limit. \"N小时\" (hours) are clock hours (nights, weekends and holidays count), "
        "the result has a time; \"N天\" (days) is the start date plus N days; \"N个工作日\" (working days) is the "
        "N-th working day after the start date (not counting the start's day; adjusted working days count). A "
        "start with a date alone counts from 24:00 of that day. The result is an Excel date serial: format the "
        "cell as a date or \"yyyy-mm-dd hh:mm\"; a column of starts gives one due per row."),
    "collab_due.start": ("开始时间(日期或日期时间),单元格或一列", "Start (a date or date-time): a cell or a column"),
    "collab_due.limit": ("时限,如 \"2个工作日\"、\"3天\"、\"24小时\";一个单元格或与开始时间同样大小的一列",
                         "The limit, like \"2个工作日\", \"3天\", \"24小时\" (2 working days, 3 days, 24 hours): "
                         "one cell or a column the size of the starts"),
    "start_bad": ("开始时间不是日期或日期时间", "the start is not a date or date-time"),
    "start_noyear": ("开始时间缺少年份", "the start has no year"),
    "limit_bad": ("时限无法识别(应写成 2个工作日、3天 或 24小时)",
                  "limit not understood (write 2个工作日, 3天 or 24小时: working days, days, hours)"),
    "limit_missing": ("缺少时限", "the limit is missing"),
    "bad_today_env": ("环境变量 {var} 不是有效日期:{text}(请写成 2024-06-05)",
                      "{var} is not a valid date: {text} (write 2024-06-05)"),
})

ARRAY_OPTIONS = {"ndim": 2, "err_to_str": True}
SCALAR_OPTIONS = {"err_to_str": True}


# -- settings --------------------------------------------------------------------------------

def lang() -> str:
    return norm_lang(os.environ.get(LANG_ENV))


def today() -> dt.date:
    """The date taken as today: ``COLLAB_XL_TODAY`` (ISO) when set, else the machine's date."""
    text = os.environ.get(TODAY_ENV)
    if text:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise M.error("bad_today_env", var=TODAY_ENV, text=text) from None
    return dt.date.today()


_SETTINGS: dict = {}


def settings():
    """(Config, WorkCalendar) from the configuration file the command line reads (cached per file
    version)."""
    from collab_xl.config import find_config, load_config
    from collab_xl.core.calendar import WorkCalendar
    path = find_config()
    key = None if path is None else (str(path), path.stat().st_mtime_ns)
    if key not in _SETTINGS:
        cfg = load_config(path)
        _SETTINGS.clear()
        _SETTINGS[key] = (cfg, WorkCalendar.from_config(cfg))
    return _SETTINGS[key]


# -- argument shapes -----------------------------------------------------------------------------

class _Stop(Exception):
    """A whole-call answer (one message) instead of per-cell results."""


def _grid(x: Any) -> list[list]:
    """Any argument as a rectangle of cell values: a cell, a 1-D or 2-D list, numpy, pandas."""
    if isinstance(x, pd.DataFrame):
        x = x.astype(object).values.tolist()
    elif isinstance(x, (pd.Series, pd.Index)):
        x = [[v] for v in x.astype(object).tolist()]
    elif isinstance(x, np.ndarray):
        x = x.tolist() if x.ndim else x.item()
    if isinstance(x, (list, tuple)):
        if not x:
            return [[None]]
        if all(isinstance(r, (list, tuple)) for r in x):
            width = max((len(r) for r in x), default=1) or 1
            return [list(r) + [None] * (width - len(r)) for r in x]
        return [[v] for v in x]  # a flat list is a column
    return [[x]]


def _shape(g: list[list]) -> tuple[int, int]:
    return len(g), len(g[0])


def _flat(g: list[list]) -> list:
    return [v for row in g for v in row]


def _aligned(*args: Any) -> tuple[list[list], tuple[int, int]]:
    """Flatten arguments that go together cell by cell; single cells are repeated."""
    grids = [_grid(a) for a in args]
    sizes = [r * c for r, c in map(_shape, grids)]
    n = max(sizes)
    if any(s not in (1, n) for s in sizes):
        raise _Stop(M("sizes", lang()))
    shape = next(_shape(g) for g, s in zip(grids, sizes) if s == n)
    return [_flat(g) * (n if s == 1 else 1) for g, s in zip(grids, sizes)], shape


def _scalar(x: Any) -> Any:
    g = _grid(x)
    return g[0][0]


def _out(values: list, shape: tuple[int, int]):
    """Results in the argument's shape; a single cell gives a single value."""
    r, c = shape
    if r * c == 1:
        return values[0]
    return [values[i * c:(i + 1) * c] for i in range(r)]


def error_code(v: Any) -> str | None:
    """The Excel error a cell holds (#N/A …), whatever form xlwings handed it over in."""
    if isinstance(v, str):
        return v if v in parse.EXCEL_ERRORS else None
    if isinstance(v, dict) and v.get("type") == "Error":
        return str(v.get("basicValue") or "#VALUE!")
    return None


def _split_errors(values: list) -> tuple[pd.Series, pd.Series]:
    """(raw values with errors blanked, the error code or None per cell)."""
    raw = pd.Series(values, dtype=object)
    codes = pd.Series([error_code(v) for v in values], dtype=object)
    has = codes.notna()
    if has.any():
        raw = raw.mask(has, "")
    return raw, codes


def _truthy(values: list) -> np.ndarray:
    """Cancelled flags: 已取消 / TRUE / 1 / yes … mean cancelled."""
    words = {"已取消", "取消", "是", "true", "yes", "y", "cancelled", "canceled", "1", "√", "✓"}

    def one(v):
        if isinstance(v, bool):
            return v
        if isinstance(v, (int, float)):
            return bool(v) and not (isinstance(v, float) and np.isnan(v))
        if isinstance(v, str):
            return unicodedata.normalize("NFKC", v).strip().lower() in words
        return False
    series = pd.Series(values, dtype=object)
    uniq = {v: one(v) for v in pd.unique(series)}  # a handful of distinct values per column
    return series.map(uniq).to_numpy(dtype=bool)


def _bool(x: Any) -> bool:
    v = _scalar(x)
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "是", "yes", "y")
    return bool(v) if v is not None and not (isinstance(v, float) and np.isnan(v)) else False


def _guard(fn: Callable, *args):
    """Run one function body; never let an exception reach Excel."""
    try:
        return fn(*args)
    except _Stop as e:
        return str(e)
    except UserError as e:
        return e.text(lang())
    except Exception as e:  # noqa: BLE001 - a cell shows a message, never a traceback
        return M("failed", lang(), kind=type(e).__name__)


# -- late ------------------------------------------------------------------------------------------

def _today(x: Any) -> dt.date:
    v = _scalar(x)
    if v is None or (isinstance(v, str) and not v.strip()):
        return today()
    if error_code(v):
        raise _Stop(M("error_value", lang(), code=error_code(v)))
    d = parse.one_date(v)
    if d is None:
        raise _Stop(M("today_bad", lang()))
    return d


def late_table(due: Any, done: Any = None, today_: Any = None, cancelled: Any = None) -> tuple[dict, tuple]:
    """Per cell (numpy arrays): message (or None), status code, days late, working days late —
    from the same ``late_frame`` the command line uses."""
    L = lang()
    args = [due, done] + ([cancelled] if cancelled is not None else [])
    flats, shape = _aligned(*args)
    due_raw, due_err = _split_errors(flats[0])
    done_raw, done_err = _split_errors(flats[1])
    d = parse.parse_dates(due_raw)
    f = parse.parse_dates(done_raw)
    d["bad"] |= d["ambiguous"]              # 3/4/2022: month and day could be swapped, not guessed
    f["bad"] |= f["ambiguous"]
    t = _today(today_)
    cancel = _truthy(flats[2]) if cancelled is not None else np.zeros(len(due_raw), dtype=bool)
    _, calendar = settings()
    lf = late_frame(d["value"], f["value"], t, calendar, cancelled=pd.Series(cancel, index=d.index))

    blank = d["value"].isna() & ~d["bad"] & ~d["noyear"]
    future = (pd.to_datetime(f["value"], errors="coerce").dt.normalize() > pd.Timestamp(t)).fillna(False)
    message = np.select(
        [due_err.notna().to_numpy(), done_err.notna().to_numpy(), blank.to_numpy(),
         d["bad"].to_numpy(), d["noyear"].to_numpy(), f["bad"].to_numpy(), f["noyear"].to_numpy(),
         future.to_numpy(dtype=bool)],
        [("E:" + due_err.fillna("")).to_numpy(), ("E:" + done_err.fillna("")).to_numpy(), "",
         M("due_bad", L), M("due_noyear", L), M("done_bad", L), M("done_noyear", L), M("done_future", L)],
        default=None).astype(object)
    message = [M("error_value", L, code=m[2:]) if isinstance(m, str) and m.startswith("E:") else m for m in message]
    has_done = f["value"].notna().to_numpy()
    status = np.select(
        [cancel, (lf["status"] == LATE).fillna(False).to_numpy(), (lf["status"] == OVERDUE).fillna(False).to_numpy(),
         has_done],
        ["cancelled", "late", "overdue", "on_time"], default="not_due").astype(object)
    listed = np.isin(status, ["late", "overdue"])
    days = np.where(listed, lf["days_late"].fillna(0).to_numpy(dtype=np.int64), 0)
    workdays = np.where(listed, lf["workdays_late"].fillna(0).to_numpy(dtype=np.int64), 0)
    return {"message": np.array(message, dtype=object), "status": status, "days": days, "workdays": workdays}, shape


def _late_values(column: str, due, done, today_, cancelled=None):
    table, shape = late_table(due, done, today_, cancelled)
    L = lang()
    if column == "status":
        values = [m if m is not None else M(s, L) for m, s in zip(table["message"], table["status"])]
    else:
        values = [m if m is not None else int(v) for m, v in zip(table["message"], table[column])]
    return _out(values, shape)


# -- deadlines ---------------------------------------------------------------------------------------

_CLOCK = (r"(?P<ap>上午|早上|中午|下午|晚上)?(?P<H>\d{1,2})"
          r"(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?|(?:时|点)(?:(?P<half>半)|(?P<M2>\d{1,2})分?)?)")
_DATE_TIME = re.compile(
    r"^(?P<date>(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8})"
    rf"(?:[\sT]*{_CLOCK})?\s*$")


def _text_moment(text: str) -> tuple[pd.Timestamp | None, str | None]:
    """One text date or date-time (the forms of tables-2.md: 2024-05-08 14:30, 2024年5月8日14时30分,
    2024年5月8日下午2点半 …) as (moment, problem); problem is "bad" or "noyear"."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE_TIME.match(t)
    if m is None:
        return None, "bad"
    d = parse.parse_dates(pd.Series([m["date"]], dtype=object))
    if d["noyear"].iloc[0]:
        return None, "noyear"
    if d["bad"].iloc[0] or pd.isna(d["value"].iloc[0]):
        return None, "bad"
    day = d["value"].iloc[0]
    if m["H"] is None:
        return day, None
    hour, minute = int(m["H"]), int(m["M"] or m["M2"] or (30 if m["half"] else 0))
    second = int(m["S"] or 0)
    if m["ap"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59 or second > 59:
        return None, "bad"
    return day + pd.Timedelta(hours=hour, minutes=minute, seconds=second), None


def read_moments(raw: pd.Series) -> pd.DataFrame:
    """Start cells as moments keeping their times: ``value`` (datetime64[ns]; a date alone at
    00:00), ``bad``, ``noyear`` (as :func:`collab_xl.cells.parse.parse_dates`). Excel date-times
    and serial numbers keep their time of day; text is worked out once per distinct value."""
    text = parse.clean_text(raw)
    empty = parse.empty_mask(text)
    base = parse.parse_dates(raw, text, empty)         # dates, flags: the command line's reading
    value, bad, noyear = base["value"].copy(), base["bad"].copy(), base["noyear"].copy()
    objs = raw.to_numpy(dtype=object)
    for i, v in enumerate(objs.tolist()):                # date-times: their time back (a few per call)
        if isinstance(v, dt.datetime) and pd.notna(value.iloc[i]):
            value.iloc[i] = pd.Timestamp(v.replace(tzinfo=None))
    nums = pd.Series([isinstance(v, (int, float)) and not isinstance(v, bool) for v in objs.tolist()],
                     index=raw.index) & value.notna()
    if nums.any():
        num = pd.to_numeric(raw[nums], errors="coerce")
        serial = num.where((num >= 10000) & (num < 80000))
        ms = (serial * parse._MS_PER_DAY).round()
        value[serial.notna().reindex(raw.index, fill_value=False)] = (
            parse._EXCEL_EPOCH + pd.to_timedelta(ms.dropna(), unit="ms"))
    texts = ~empty & pd.Series([isinstance(v, str) for v in objs.tolist()], index=raw.index)
    if texts.any():
        sel = text[texts]
        codes, uniq = pd.factorize(sel.to_numpy(dtype=object))
        got = [_text_moment(str(u)) for u in uniq.tolist()]
        moments = pd.Series([g[0] for g in got], dtype="datetime64[ns]").to_numpy()[codes]
        problem = np.array([g[1] for g in got], dtype=object)[codes]
        value[sel.index] = moments
        bad[sel.index] = problem == "bad"
        noyear[sel.index] = problem == "noyear"
    return pd.DataFrame({"value": value, "bad": bad, "noyear": noyear})


def _serial(moments: pd.Series) -> np.ndarray:
    """Moments as Excel serial numbers (days since 1899-12-30, the time as a fraction), to the
    second."""
    seconds = ((moments - parse._EXCEL_EPOCH) / pd.Timedelta(seconds=1)).round()
    return (seconds / 86400).to_numpy(dtype="float64")


def due_values(start: Any, limit: Any) -> tuple[list, tuple[int, int]]:
    """Per start cell: its due as an Excel serial (a whole number for a date due), "" for a
    blank start, or a message — by :func:`collab_xl.core.deadlines.due_after`, the command
    line's arithmetic, on the configured calendar."""
    from collab_xl.cells.quantities import parse_limit
    from collab_xl.core.deadlines import due_after
    L = lang()
    flats, shape = _aligned(start, limit)
    raw, start_err = _split_errors(flats[0])
    lim_raw, lim_err = _split_errors(flats[1])
    moments = read_moments(raw)
    lim_text = parse.to_value(parse.clean(parse.cell_text(lim_raw)))
    codes, uniq = pd.factorize(lim_text.to_numpy(dtype=object))
    parsed = [parse_limit(str(u)) for u in uniq.tolist()]
    amount = np.array([np.nan if p is None else float(p[0]) for p in parsed] + [np.nan])[codes]
    unit = np.array([None if p is None else p[1] for p in parsed] + [None], dtype=object)[codes]
    _, calendar = settings()
    due = due_after(moments["value"], pd.Series(amount, index=raw.index),
                    pd.Series(unit, index=raw.index, dtype=object), calendar)
    serial = _serial(due["due"])
    blank = moments["value"].isna() & ~moments["bad"] & ~moments["noyear"]
    no_limit = lim_text.isna()
    out = []
    for k in range(len(raw)):
        if start_err.iloc[k] is not None:
            out.append(M("error_value", L, code=start_err.iloc[k]))
        elif lim_err.iloc[k] is not None:
            out.append(M("error_value", L, code=lim_err.iloc[k]))
        elif blank.iloc[k]:
            out.append("")
        elif moments["bad"].iloc[k]:
            out.append(M("start_bad", L))
        elif moments["noyear"].iloc[k]:
            out.append(M("start_noyear", L))
        elif no_limit.iloc[k]:
            out.append(M("limit_missing", L))
        elif unit[k] is None:
            out.append(M("limit_bad", L))
        else:
            v = serial[k]
            out.append(int(v) if float(v).is_integer() else float(v))
    return out, shape


# -- suppliers -------------------------------------------------------------------------------------

def _dimensions():
    from collab_xl.catalog.supplier_evaluation import DIMENSIONS
    t = TABLES["supplier_evaluation"]
    return [t.col(n) for n in DIMENSIONS]


def supplier_scores(*scores: Any) -> tuple[list, tuple[int, int]]:
    """One total (or a message, or "" for a blank row) per row of five scores: one range of five
    columns (or a column of five cells), or five ranges — one per dimension — side by side."""
    L = lang()
    if len(scores) == 5:
        flats, _ = _aligned(*scores)
        rows = [list(r) for r in zip(*flats)]
    elif len(scores) == 1:
        g = _grid(scores[0])
        r, c = _shape(g)
        if c == 5:
            rows = g
        elif c == 1 and r == 5:
            rows = [[v[0] for v in g]]
        else:
            raise _Stop(M("five", L))
    else:
        raise _Stop(M("five", L))
    cfg, _ = settings()
    weights = cfg.ranking.weights.as_dict()
    cols = _dimensions()
    n = len(rows)
    total = np.zeros(n)
    message = np.full(n, None, dtype=object)
    empty_all = np.ones(n, dtype=bool)
    problems = []  # (mask, message) in column order, the first problem of a row wins
    for j, col in enumerate(cols):
        raw, err = _split_errors([row[j] for row in rows])
        num = parse.parse_numbers(raw)
        text = parse.clean(parse.cell_text(raw))
        empty = parse.empty_mask(text).to_numpy() & err.isna().to_numpy()
        empty_all &= empty
        header = col.en if L == "en" else col.key
        v = num["value"].to_numpy()
        problems.append((err.notna().to_numpy(), [M("error_value", L, code=e) for e in err.fillna("")]))
        problems.append((num["bad"].to_numpy(), M("score_bad", L, header=header)))
        problems.append((empty, M("score_missing", L, header=header)))
        top = float(weights[col.name])
        problems.append(((v < 0) | (v > top + 1e-9), M("score_range", L, header=header, top=f"{top:g}")))
        total += np.nan_to_num(v)
    for mask, msg in problems:
        pick = mask & (message == None) & ~empty_all  # noqa: E711 - elementwise on an object array
        if pick.any():
            message[pick] = np.asarray(msg, dtype=object)[pick] if isinstance(msg, list) else msg
    rounded = round_half_up(pd.Series(total)).to_numpy()
    values = ["" if e else (m if m is not None else float(s)) for e, m, s in zip(empty_all, message, rounded)]
    return values, (n, 1)


def supplier_results(score: Any, threshold: Any = None) -> tuple[list, tuple[int, int]]:
    L = lang()
    cfg, _ = settings()
    t = _scalar(threshold)
    if t is None or (isinstance(t, str) and not t.strip()):
        limit = float(cfg.ranking.threshold)
    else:
        parsed = parse.parse_numbers(pd.Series([t], dtype=object))
        if error_code(t) or parsed["bad"].iloc[0] or pd.isna(parsed["value"].iloc[0]):
            raise _Stop(M("threshold_bad", L))
        limit = float(parsed["value"].iloc[0])
    g = _grid(score)
    raw, err = _split_errors(_flat(g))
    num = parse.parse_numbers(raw)
    v = num["value"].to_numpy()
    text = parse.clean(parse.cell_text(raw))
    out = np.select(
        [err.notna().to_numpy(), parse.empty_mask(text).to_numpy(), num["bad"].to_numpy(), (v < 0) | (v > 100),
         v >= limit],
        ["E", "", M("total_bad", L), M("total_range", L), M("pass", L)], default=M("rectify", L)).astype(object)
    values = [M("error_value", L, code=e) if o == "E" else o for o, e in zip(out, err)]
    return values, _shape(g)


# -- contacts and credit codes ---------------------------------------------------------------------

def contact_checks(contact: Any, explain: Any = False, parts: Any = None) -> tuple[list, tuple[int, int]]:
    L = lang()
    g = _grid(contact)
    raw, err = _split_errors(_flat(g))
    text = parse.clean(parse.cell_text(raw))
    value = parse.to_value(text)
    p = _scalar(parts)
    if p is None or p == "":
        n_parts = None
    else:
        try:
            n_parts = int(float(p))
        except (TypeError, ValueError):
            raise _Stop(M("parts_bad", L)) from None
        if not 1 <= n_parts <= 5:
            raise _Stop(M("parts_bad", L))
    if n_parts is None:
        use_parts = text.str.contains(parse.PART_SPLIT.replace(r"\s*", ""), regex=True).fillna(False).to_numpy()
        n_parts = 3
    else:
        use_parts = np.full(len(text), n_parts > 1)
    whole = parse.contact_ok(value).to_numpy(dtype=bool)
    cp = parse.contact_parts(value, n_parts)
    last_ok, complete = cp["last_ok"].to_numpy(dtype=bool), cp["complete"].to_numpy(dtype=bool)
    ok = np.where(use_parts, last_ok & complete, whole)
    why = np.where(use_parts & ~last_ok, M("contact_bad", L),
                   np.where(use_parts, M("contact_parts", L), M("contact_bad", L))).astype(object)
    return _checked(ok, why, err, value.isna().to_numpy(), _bool(explain), L), _shape(g)


def credit_code_checks(code: Any, explain: Any = False) -> tuple[list, tuple[int, int]]:
    L = lang()
    g = _grid(code)
    raw, err = _split_errors(_flat(g))
    value = parse.to_value(parse.clean(parse.cell_text(raw)))
    st = parse.uscc_status(value)
    shape_ok, check_ok = st["shape_ok"].to_numpy(dtype=bool), st["check_ok"].to_numpy(dtype=bool)
    why = np.full(len(value), M("uscc_shape", L), dtype=object)
    wrong = shape_ok & ~check_ok
    if wrong.any():
        norm = value[wrong].map(lambda v: unicodedata.normalize("NFKC", v).upper().replace(" ", ""))
        why[wrong] = [M("uscc_check", L, expected=parse.uscc_check_char(v[:17])) for v in norm]
    return _checked(shape_ok & check_ok, why, err, value.isna().to_numpy(), _bool(explain), L), _shape(g)


def _checked(ok: np.ndarray, why: np.ndarray, err: pd.Series, blank: np.ndarray, explain: bool, L: str) -> list:
    out = []
    for good, reason, e, b in zip(ok, why, err, blank):
        if e is not None:
            out.append(M("error_value", L, code=e))
        elif b:
            out.append("")
        elif good:
            out.append(True)
        else:
            out.append(reason if explain else False)
    return out


# -- the functions Excel sees ---------------------------------------------------------------------
# Positional parameters only (classic xlwings does not take keyword-only ones). The wizard texts
# come from the catalog above; :func:`_register` applies them with the xlwings decorators.

def collab_supplier_score(*scores):
    return _guard(lambda: _out(*supplier_scores(*scores)))


def collab_supplier_result(score, threshold=None):
    return _guard(lambda: _out(*supplier_results(score, threshold)))


def collab_days_late(due, done=None, today=None):
    return _guard(_late_values, "days", due, done, today)


def collab_workdays_late(due, done=None, today=None):
    return _guard(_late_values, "workdays", due, done, today)


def collab_late_status(due, done=None, today=None, cancelled=None):
    return _guard(_late_values, "status", due, done, today, cancelled)


def collab_due(start, limit):
    return _guard(lambda: _out(*due_values(start, limit)))


def collab_check_contact(contact, explain=False, parts=None):
    return _guard(lambda: _out(*contact_checks(contact, explain, parts)))


def collab_check_credit_code(code, explain=False):
    return _guard(lambda: _out(*credit_code_checks(code, explain)))


# name -> (argument kinds in order, volatile). "array" arguments take whole ranges.
SPECS: dict[str, tuple[dict[str, str], bool]] = {
    "collab_supplier_score": ({"scores": "array"}, False),
    "collab_supplier_result": ({"score": "array", "threshold": "scalar"}, False),
    "collab_days_late": ({"due": "array", "done": "array", "today": "scalar"}, True),
    "collab_workdays_late": ({"due": "array", "done": "array", "today": "scalar"}, True),
    "collab_late_status": ({"due": "array", "done": "array", "today": "scalar", "cancelled": "array"}, True),
    "collab_due": ({"start": "array", "limit": "array"}, False),
    "collab_check_contact": ({"contact": "array", "explain": "scalar", "parts": "scalar"}, False),
    "collab_check_credit_code": ({"code": "array", "explain": "scalar"}, False),
}
NAMES = tuple(SPECS)


def _register(f: Callable, func, arg, language: str, **func_options) -> Callable:
    """Set the wizard texts on ``f`` and apply xlwings-style ``arg`` then ``func`` decorators."""
    name = f.__name__
    kinds, volatile = SPECS[name]
    f.__doc__ = M(name, language)
    for a, kind in kinds.items():
        options = ARRAY_OPTIONS if kind == "array" else SCALAR_OPTIONS
        f = arg(a, doc=M(f"{name}.{a}", language), **options)(f)
    return func(volatile=volatile, **func_options)(f)


def _clone(f: Callable, module: str) -> Callable:
    """A fresh function object with the same code (no decorator state carried over)."""
    g = types.FunctionType(f.__code__, f.__globals__, f.__name__, f.__defaults__, f.__closure__)
    g.__kwdefaults__ = f.__kwdefaults__
    g.__annotations__ = dict(f.__annotations__)
    g.__qualname__ = f.__qualname__
    g.__module__ = module
    return g


def lite_functions(func, arg, module: str = "main") -> dict[str, Callable]:
    """The functions decorated with xlwings Lite/Server's ``func``/``arg`` (no ``ret`` options are
    needed: 2-D results spill)."""
    language = lang()
    return {name: _register(_clone(globals()[name], module), func, arg, language) for name in NAMES}


for _name in NAMES:
    globals()[_name] = _register(globals()[_name], xw.func, xw.arg, lang(), category=M("category", lang()))
del _name
