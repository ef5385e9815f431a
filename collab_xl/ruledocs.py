"""The rule reference (docs/rules.md and `collab-xl rules`), generated from the catalog itself,
so every rule's page shows what the code really checks, with a bad and a good example."""
from __future__ import annotations

from collab_xl.catalog import TABLES
from collab_xl.catalog.base import GENERIC, GENERIC_EXAMPLES, generic_rules
from collab_xl.core.validate import STRUCTURAL
from collab_xl.i18n import pick

SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning")}

GENERIC_WHY = {
    "CX101": ("tables.md:必填列不能为空;“-”“无”“N/A”等同于空。分组列(如项目名称)在同组后续行留空或合并单元格表示“同上”。",
              "Required columns must be filled; \"-\", \"无\", \"N/A\" count as empty. Grouping columns may stay blank "
              "(or merged) on later rows of a group to mean \"same as above\"."),
    "CX102": ("日期须为真正的 Excel 日期,或 2024-05-20、2024/5/20、2024.5.20、2024年5月20日 等写法(全角数字亦可)。",
              "Dates are real Excel dates or text such as 2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日 (full-width digits too)."),
    "CX103": ("缺少年份的日期(如指南示例中的“05-20”)不会被擅自补上年份。", "A date without a year (like the guide's own \"05-20\") is never silently given one."),
    "CX104": ("下拉列中的值须为模板列出的可选值之一。", "Drop-down columns take one of the listed values."),
    "CX105": ("✓、✔、x、完成 等近似写法能看懂,但请写成规范值,便于统计。", "Look-alikes (✓, ✔, x, 完成) are understood, but write the standard value."),
    "CX106": ("对接人按“姓名/部门/联系方式”填写,最后一部分须为11位手机号、座机号(可带分机)或邮箱。",
              "Contact cells read name/department/contact; the last part must be a mobile (11 digits), a landline (extension allowed) or an e-mail."),
    "CX107": ("联系方式有效,但缺少姓名等部分(指南示例中的“/市场部/138”即缺姓名)。", "The contact works but a part such as the name is missing."),
    "CX108": ("数量、单价、金额、评分须为数字;“1,200”“１２００”“1200元”可识别。", "Quantities, prices, amounts and scores are numbers; \"1,200\", full-width digits and \"1200元\" are read."),
    "CX109": ("评分不超过各项满分(30/25/20/15/10),数量大于0,单价不小于0。", "Scores stay within their maximum (30/25/20/15/10); quantity above 0; price 0 or more."),
    "CX110": ("订单号、供应商名称(名录中)不能重复。", "Order numbers and directory supplier names are unique."),
    "CX111": ("沟通机制可多选,用 + 连接;每一部分应为列出的机制之一(可在配置中追加)。",
              "Mechanisms may be combined with +; each part should be a listed mechanism (more can be configured)."),
    "CX112": ("汇报周期如 2024年5月第2周、2024-W19、2024年5月;评估季度如 2024Q2、2024-Q2、2024年第2季度。",
              "Periods like 2024年5月第2周, 2024-W19, 2024年5月; quarters like 2024Q2, 2024-Q2, 2024年第2季度."),
    "CX113": ("统一社会信用代码为18位,由数字和大写字母(不含 I、O、Z、S、V)组成。", "The code has 18 characters: digits and capitals (no I, O, Z, S, V)."),
    "CX114": ("第18位是按 GB 32100-2015 计算的校验位。", "The 18th character is the check character of GB 32100-2015."),
    "CX115": ("公式出错时单元格显示 #N/A、#DIV/0!、#VALUE! 等错误值;它不是有效内容,任何列都会报告。",
              "A formula that fails shows #N/A, #DIV/0!, #VALUE! …; that is no content, in any column."),
}


def _example_table(key: str, rows: list[dict], lang: str) -> list[str]:
    t = TABLES[key]
    cols = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    header = [next((c.en if lang == "en" else c.key) for c in t.columns if c.key == k) for k in cols]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join((str(r.get(k, "")) or "(空)" if lang != "en" else str(r.get(k, "")) or "(empty)")
                                     .replace("|", "\\|") for k in cols) + " |")
    return out


def _applies(code: str, lang: str) -> str:
    where = []
    for t in TABLES.values():
        cols = [c for c in t.columns for r in generic_rules(c) if r.code == code] + \
               [t.col(r.column) for r in t.rules if r.code == code]
        if cols:
            names = "、".join(dict.fromkeys(c.key for c in cols)) if lang != "en" else ", ".join(dict.fromkeys(c.en for c in cols))
            where.append(f"{pick(t.full_title, lang)}: {names}")
    return "; ".join(where)


def entries():
    """(code, severity, title, why, table key, bad rows, good rows) for every rule, in code order."""
    out = []
    for code, (sev, title, _msg) in GENERIC.items():
        key, bad, good = GENERIC_EXAMPLES[code]
        out.append((code, sev, title, GENERIC_WHY[code], key, bad, good))
    seen = set()
    for t in TABLES.values():
        for r in t.rules:
            if r.code in seen:
                continue
            seen.add(r.code)
            out.append((r.code, r.severity, r.title, r.why, t.key, list(r.bad), list(r.good)))
    return sorted(out, key=lambda e: e[0])


def render(lang: str = "zh") -> str:
    en = lang == "en"
    lines = ["# Rules" if en else "# 校验规则", ""]
    lines.append("Every finding carries one of these stable codes (codes are never renumbered). "
                 "Generated from the catalog by `collab-xl rules --lang en`." if en else
                 "每条校验结果都带有下列稳定的规则代码(代码不会改号)。本页由 `collab-xl rules` 从表格目录生成。")
    lines.append("")
    lines.append("## " + ("Header rules" if en else "表头规则"))
    for code, (sev, title) in STRUCTURAL.items():
        lines.append(f"- **{code}** {pick(title, lang)} ({pick(SEVERITY[sev], lang)})")
    lines.append("")
    for code, sev, title, why, key, bad, good in entries():
        lines += [f"## {code} {pick(title, lang)}", "",
                  f"- {'Severity' if en else '级别'}: {pick(SEVERITY[sev], lang)}",
                  f"- {'Applies to' if en else '适用'}: {_applies(code, lang)}",
                  f"- {'Why' if en else '依据'}: {pick(why, lang)}", "",
                  f"{'Bad' if en else '错误示例'} ({pick(TABLES[key].full_title, lang)}):", ""]
        lines += _example_table(key, bad, lang)
        lines += ["", f"{'Good' if en else '正确示例'}:", ""]
        lines += _example_table(key, good, lang)
        lines.append("")
    return "\n".join(lines)


def render_both() -> str:
    return render("zh") + "\n\n---\n\n" + render("en")
