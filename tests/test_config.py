"""The configuration file: defaults, where it is found, and one-line errors naming file and key."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from collab_xl.config import (ENV_VAR, CalendarConfig, Config, HoursConfig, LateConfig, LimitsConfig, NamesConfig,
                              PartnerConfig, RankingConfig, ValidateConfig, Weights, load_config)
from collab_xl.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No environment variable, and a current directory without collab-xl.toml."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, text: str, name: str = "conf.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> UserError:
    path = write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_config(path)
    err = info.value
    assert str(path) in err.zh and str(path) in err.en
    assert "\n" not in err.zh and "\n" not in err.en
    return err


# -- defaults ------------------------------------------------------------------------------

def test_defaults_are_the_guides_numbers():
    cfg = Config.default()
    assert cfg.late.due_soon_workdays == 2
    assert cfg.late.penalty_rate_per_day == 0.005
    assert cfg.ranking.weights.as_dict() == {"quality": 30, "delivery": 25, "service": 20,
                                             "price": 15, "solving": 10}
    assert cfg.ranking.weights.total == 100
    assert cfg.ranking.threshold == 80
    assert cfg.ranking.consecutive_for_removal == 2
    assert cfg.ranking.reply_workdays == 5
    assert cfg.validate.qualification_warn_days == 30
    assert cfg.validate.extra_contact_methods == () and cfg.validate.extra_mechanisms == ()
    assert cfg.calendar == CalendarConfig((), ())
    assert cfg.source is None


def test_config_is_frozen():
    cfg = Config.default()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.late.due_soon_workdays = 3  # type: ignore[misc]


def test_example_file_loads_to_the_defaults():
    cfg = load_config(ROOT / "collab-xl.example.toml")
    assert dataclasses.replace(cfg, source=None) == Config.default()


def test_docs_document_every_key_in_both_languages():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    zh, en = text.split("## English")
    keys = [f.name for cls in (LateConfig, CalendarConfig, RankingConfig, ValidateConfig, LimitsConfig, Weights,
                               HoursConfig, NamesConfig, PartnerConfig)
            for f in dataclasses.fields(cls)]
    for key in keys:
        assert key in zh and key in en, key
    for section in ("[late]", "[calendar]", "[ranking]", "[validate]", "[limits]", "[hours]", "[names]", "[partner]"):
        assert section in zh and section in en


# -- where the file comes from --------------------------------------------------------------

def test_no_file_gives_defaults():
    assert load_config() == Config.default()


def test_current_directory_file_is_read(tmp_path):
    write(tmp_path, "[ranking]\nthreshold = 75\n", "collab-xl.toml")
    cfg = load_config()
    assert cfg.ranking.threshold == 75
    assert cfg.source == tmp_path / "collab-xl.toml"


def test_environment_variable_wins_over_current_directory(tmp_path, monkeypatch):
    write(tmp_path, "[ranking]\nthreshold = 75\n", "collab-xl.toml")
    monkeypatch.setenv(ENV_VAR, str(write(tmp_path, "[ranking]\nthreshold = 70\n", "env.toml")))
    assert load_config().ranking.threshold == 70


def test_explicit_path_wins_over_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(write(tmp_path, "[ranking]\nthreshold = 70\n", "env.toml")))
    explicit = write(tmp_path, "[ranking]\nthreshold = 60\n", "explicit.toml")
    assert load_config(explicit).ranking.threshold == 60
    assert load_config(str(explicit)).ranking.threshold == 60


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_named_file_that_does_not_exist_is_a_user_error(tmp_path, monkeypatch, how):
    missing = tmp_path / "nope.toml"
    if how == "environment":
        monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(UserError) as info:
        load_config(missing if how == "argument" else None)
    assert "找不到配置文件" in info.value.zh and str(missing) in info.value.zh
    assert "not found" in info.value.en and str(missing) in info.value.en


def test_only_changed_keys_need_writing(tmp_path):
    cfg = load_config(write(tmp_path, "[late]\ndue_soon_workdays = 3\n"))
    assert cfg.late.due_soon_workdays == 3
    assert cfg.late.penalty_rate_per_day == 0.005
    assert cfg.ranking == RankingConfig()


def test_every_key_can_be_set(tmp_path):
    cfg = load_config(write(tmp_path, """
[late]
due_soon_workdays = 0
penalty_rate_per_day = 0.01
[ranking]
weights = { quality = 40, delivery = 20, service = 20, price = 10, solving = 10 }
threshold = 85.5
consecutive_for_removal = 3
reply_workdays = 7
[validate]
qualification_warn_days = 60
extra_contact_methods = ["视频会议", " 微信 ", "视频会议"]
extra_mechanisms = ["腾讯会议"]
"""))
    assert cfg.late == LateConfig(0, 0.01)
    assert cfg.ranking == RankingConfig(Weights(40, 20, 20, 10, 10), 85.5, 3, 7)
    assert cfg.validate == ValidateConfig(60, ("视频会议", "微信"), ("腾讯会议",))


def test_partial_weights_keep_the_other_defaults(tmp_path):
    cfg = load_config(write(tmp_path, "[ranking.weights]\nquality = 35\nsolving = 5\n"))
    assert cfg.ranking.weights == Weights(35, 25, 20, 15, 5)


def test_utf8_file_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff[validate]\nextra_mechanisms = [\"腾讯会议\"]\n".encode("utf-8"))
    assert load_config(path).validate.extra_mechanisms == ("腾讯会议",)


# -- calendar additions --------------------------------------------------------------------

def test_calendar_dates_strings_ranges_and_year_tables(tmp_path):
    cfg = load_config(write(tmp_path, """
[calendar]
holidays = [2027-01-01, "2027-02-05..2027-02-07"]
workdays = ["2027-02-20"]
[calendar.2027]
holidays = ["2027-10-01..2027-10-03", 2027-01-01]
workdays = [2027-09-26]
"""))
    assert cfg.calendar.holidays == (D("2027-01-01"), D("2027-02-05"), D("2027-02-06"),
                                     D("2027-02-07"), D("2027-10-01"), D("2027-10-02"),
                                     D("2027-10-03"))
    assert cfg.calendar.workdays == (D("2027-02-20"), D("2027-09-26"))


@pytest.mark.parametrize("text, key, zh_part", [
    ('[calendar.2027]\nholidays = ["2028-01-01"]\n', "calendar.2027.holidays", "不在 2027 年"),
    ('[calendar]\nholidays = ["2027-10-07..2027-10-01"]\n', "calendar.holidays", "起始日期晚于结束日期"),
    ('[calendar]\nholidays = ["2027-01-01..2029-01-01"]\n', "calendar.holidays", "超过 366 天"),
    ('[calendar]\nholidays = ["2027/10/01"]\n', "calendar.holidays", "应为日期"),
    ('[calendar]\nholidays = ["2027-02-30"]\n', "calendar.holidays", "应为日期"),
    ("[calendar]\nholidays = [2027-10-01T08:00:00]\n", "calendar.holidays", "应为日期"),
    ('[calendar]\nholidays = "2027-10-01"\n', "calendar.holidays", "应为日期列表"),
    ("[calendar]\nweekends = []\n", "calendar.weekends", "未知的配置项"),
    ("[calendar.2027]\nholiday = []\n", "calendar.2027.holiday", "未知的配置项"),
])
def test_calendar_mistakes_name_the_key(tmp_path, text, key, zh_part):
    err = error_of(tmp_path, text)
    assert key in err.zh and key in err.en
    assert zh_part in err.zh


def test_a_day_both_off_and_worked_is_refused(tmp_path):
    err = error_of(tmp_path, "[calendar]\nholidays = [2027-10-01]\n"
                             "[calendar.2027]\nworkdays = [\"2027-09-30..2027-10-01\"]\n")
    assert "2027-10-01" in err.zh and "2027-10-01" in err.en


# -- mistakes ------------------------------------------------------------------------------

def test_weights_not_totalling_100_are_refused_naming_the_total(tmp_path):
    err = error_of(tmp_path, "[ranking]\nweights = { quality = 35 }\n")
    assert "合计应为 100" in err.zh and "实际合计 105" in err.zh
    assert "must total 100" in err.en and "they total 105" in err.en
    assert "quality=35" in err.en


def test_bad_toml_names_file_and_line(tmp_path):
    err = error_of(tmp_path, "[late]\ndue_soon_workdays = \n")
    assert "不是有效的 TOML" in err.zh and "第 2 行" in err.zh
    assert "not valid TOML" in err.en and "line 2" in err.en


@pytest.mark.parametrize("text, key", [
    ("[lat]\ndue_soon_workdays = 2\n", "lat"),
    ("[late]\ndue_soon_days = 2\n", "late.due_soon_days"),
    ("[ranking.weights]\nqualiti = 30\n", "ranking.weights.qualiti"),
    ("[validate]\nextra_methods = []\n", "validate.extra_methods"),
    ("[limits]\ngrace_days = 30\n", "limits.grace_days"),
    ("[hours]\nlunch = \"12:00\"\n", "hours.lunch"),
    ("[names]\nmanager = []\n", "names.manager"),
    ("[partner]\nkeywords = []\n", "partner.keywords"),
])
def test_unknown_keys_are_named(tmp_path, text, key):
    err = error_of(tmp_path, text)
    assert f"未知的配置项 {key}" in err.zh and f"unknown key {key}" in err.en


@pytest.mark.parametrize("text, key, expected_zh", [
    ('[late]\ndue_soon_workdays = "2"\n', "late.due_soon_workdays", "整数"),
    ("[late]\ndue_soon_workdays = 2.5\n", "late.due_soon_workdays", "整数"),
    ("[late]\ndue_soon_workdays = true\n", "late.due_soon_workdays", "整数"),
    ('[late]\npenalty_rate_per_day = "0.5%"\n', "late.penalty_rate_per_day", "数字"),
    ('[ranking]\nthreshold = "80"\n', "ranking.threshold", "数字"),
    ("[ranking]\nweights = 100\n", "ranking.weights", "表"),
    ('[ranking.weights]\nprice = "15"\n', "ranking.weights.price", "数字"),
    ("late = 3\n", "late", "表"),
    ('[validate]\nextra_contact_methods = "视频会议"\n', "validate.extra_contact_methods", "文本列表"),
    ("[validate]\nextra_mechanisms = [1]\n", "validate.extra_mechanisms", "文本列表"),
    ('[validate]\nextra_mechanisms = [""]\n', "validate.extra_mechanisms", "文本列表"),
    ('[limits]\nevaluation_grace_days = "45天"\n', "limits.evaluation_grace_days", "整数"),
    ('[limits]\nresponse_hours = "2小时"\n', "limits.response_hours", "数字"),
    ("[limits]\nfeedback_workdays = 1.5\n", "limits.feedback_workdays", "整数"),
    ('[limits]\ndaily = "weeks"\n', "limits.daily", "以下之一"),
    ('[hours]\nstart = "9点"\n', "hours.start", "时刻"),
    ('[hours]\nend = "24:00"\n', "hours.end", "时刻"),
    ("[names]\nmanagement = \"总经理\"\n", "names.management", "文本列表"),
    ("[partner]\nfeedback_keywords = [1]\n", "partner.feedback_keywords", "文本列表"),
])
def test_wrong_types_name_the_key(tmp_path, text, key, expected_zh):
    err = error_of(tmp_path, text)
    assert f"{key} 应为{expected_zh}" in err.zh
    assert f"{key} must be" in err.en


@pytest.mark.parametrize("text, key", [
    ("[late]\ndue_soon_workdays = -1\n", "late.due_soon_workdays"),
    ("[late]\npenalty_rate_per_day = 5\n", "late.penalty_rate_per_day"),
    ("[ranking]\nthreshold = 120\n", "ranking.threshold"),
    ("[ranking]\nconsecutive_for_removal = 0\n", "ranking.consecutive_for_removal"),
    ("[ranking]\nreply_workdays = 0\n", "ranking.reply_workdays"),
    ("[validate]\nqualification_warn_days = -30\n", "validate.qualification_warn_days"),
    ("[ranking.weights]\nquality = -30\nsolving = 70\n", "ranking.weights.quality"),
    ("[limits]\nevaluation_grace_days = -1\n", "limits.evaluation_grace_days"),
    ("[limits]\nresponse_hours = 0\n", "limits.response_hours"),
    ("[limits]\nfeedback_workdays = 0\n", "limits.feedback_workdays"),
    ("[limits]\nplan_match = 1.5\n", "limits.plan_match"),
    ('[hours]\nstart = "19:00"\n', "hours.start"),
    ('[hours]\nafternoon = "08:00"\n', "hours.afternoon"),
])
def test_values_out_of_range_name_the_key(tmp_path, text, key):
    err = error_of(tmp_path, text)
    assert key in err.zh and key in err.en


def test_limits_hours_names_partner_are_read(tmp_path):
    cfg = load_config(write(tmp_path, "[limits]\nresponse_hours = 1.5\nfeedback_workdays = 3\ndaily = \"days\"\n"
                                      "[hours]\nstart = \"08:30\"\nend = 17:30:00\n"
                                      "[names]\nmanagement = [\"老板\"]\n[partner]\nfeedback_keywords = [\"方案\"]\n",
                                      "c.toml"))
    assert (cfg.limits.response_hours, cfg.limits.feedback_workdays, cfg.limits.daily) == (1.5, 3, "days")
    assert cfg.limits.response_hours_off == 4 and cfg.limits.replace_hours == 48   # the guide's, untouched
    assert (cfg.hours.start, cfg.hours.end, cfg.hours.afternoon) == (
        dt.time(8, 30), dt.time(17, 30), dt.time(12, 0))
    assert cfg.names.management == ("老板",) and cfg.partner.feedback_keywords == ("方案",)


def test_the_spec_figures_are_the_defaults():
    lim, hours = Config.default().limits, Config.default().hours
    assert (lim.response_hours, lim.response_hours_off, lim.visit_days, lim.feedback_workdays, lim.replace_hours,
            lim.confirm_days_before, lim.payment_days, lim.plan_match, lim.daily) == (
        2, 4, 90, 2, 48, 1, 30, 0.5, "workdays")
    assert (hours.start, hours.end, hours.afternoon) == (dt.time(9), dt.time(18), dt.time(12))
    assert Config.default().names.management == ("管理层", "总经理", "总经办", "公司领导", "高管")
    assert Config.default().partner.feedback_keywords == ("稿", "提交", "阶段成果")


def test_the_catalogs_limit_defaults_are_the_configurations():
    """A rule run without a configuration (its examples, a worksheet function) uses
    catalog.rules.LIMITS; a run with one uses [limits]: both must start from the same figures."""
    from dataclasses import fields

    from collab_xl.catalog.rules import LIMITS
    from collab_xl.config import LimitsConfig
    assert LIMITS == {f.name: getattr(LimitsConfig(), f.name) for f in fields(LimitsConfig)}
