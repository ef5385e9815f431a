"""Before writing a workbook: is it open in Excel (collab_xl.io.locks)? Excel's owner file is
``~$`` + the workbook's full name; another workbook's owner file blocks nothing."""
from __future__ import annotations

import pytest

from collab_xl.errors import UserError
from collab_xl.io.locks import check_not_open, lock_file
from corpus import TODAY, table4

OWNER = b"\x06owner" + b" " * 48        # what an owner file starts with: the user's name


@pytest.fixture
def run_in(cli, monkeypatch):
    """The command in process, ``cwd`` as the current folder, no language setting."""
    monkeypatch.delenv("COLLAB_XL_LANG", raising=False)

    def run(argv, cwd):
        monkeypatch.chdir(cwd)
        done = cli(*argv)
        assert "Traceback" not in done.stderr, done.stderr
        return done
    return run


def lines(done) -> list[str]:
    return [ln for ln in done.stderr.splitlines() if ln.strip()]


@pytest.mark.parametrize("name", ["进度表.xlsx", "5月进度表.xlsx", "OfficeReport.xlsx", "1.xlsx", "12345678.xlsm",
                                  "a b.xltx"])
def test_excel_owner_file_is_tilde_dollar_and_the_full_name(tmp_path, name):
    assert lock_file(tmp_path / name) == tmp_path / f"~${name}"


def test_only_the_exact_owner_file_blocks(tmp_path):
    book = tmp_path / "OfficeReport.xlsx"
    (tmp_path / "~$ficeReport.xlsx").write_bytes(OWNER)     # what Word would name for OfficeReport.docx
    (tmp_path / "~$Report.xlsx").write_bytes(OWNER)         # Excel has Report.xlsx open
    check_not_open(book)
    (tmp_path / "~$OfficeReport.xlsx").write_bytes(OWNER)
    with pytest.raises(UserError) as e:
        check_not_open(book)
    assert e.value.zh == "工作簿正在 Excel 中打开(发现锁文件 ~$OfficeReport.xlsx),请先关闭再写入:OfficeReport.xlsx"
    assert e.value.en == "The workbook is open in Excel (lock file ~$OfficeReport.xlsx found); close it first: OfficeReport.xlsx"


def test_another_workbook_open_in_excel_does_not_block_in_place(tmp_path, run_in):
    """Excel has 进度表.xlsx open: 5月进度表.xlsx beside it is written (the old check took
    ~$进度表.xlsx for 5月进度表.xlsx's owner file, as if Excel shortened names as Word does)."""
    book = table4(tmp_path / "5月进度表.xlsx")
    table4(tmp_path / "进度表.xlsx")
    (tmp_path / "~$进度表.xlsx").write_bytes(OWNER)
    original = book.read_bytes()
    done = run_in(["validate", book.name, "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert book.read_bytes() != original
    assert (tmp_path / "5月进度表.bak.xlsx").read_bytes() == original
    assert (tmp_path / "~$进度表.xlsx").read_bytes() == OWNER


def test_the_workbook_open_in_excel_is_still_refused(tmp_path, run_in):
    book = table4(tmp_path / "5月进度表.xlsx")
    (tmp_path / "~$5月进度表.xlsx").write_bytes(OWNER)
    original = book.read_bytes()
    done = run_in(["validate", book.name, "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 2
    assert lines(done) == ["工作簿正在 Excel 中打开(发现锁文件 ~$5月进度表.xlsx),请先关闭再写入:5月进度表.xlsx"]
    assert book.read_bytes() == original and not (tmp_path / "5月进度表.bak.xlsx").exists()


# -- read-only files ---------------------------------------------------------------------------
def test_check_writable(tmp_path, monkeypatch):
    from collab_xl.io.locks import check_writable
    book = table4(tmp_path / "进度.xlsx")
    check_writable(tmp_path / "还没有.xlsx")                 # a new file: nothing to check
    for mode in (0o644, 0o600, 0o464, 0o446):
        book.chmod(mode)
        check_writable(book)
    for mode in (0o444, 0o400, 0o555):
        book.chmod(mode)
        with pytest.raises(UserError) as e:
            check_writable(book)
        assert e.value.zh == "文件是只读的,collab-xl 不会改写它;请先取消只读属性,或改用 --out 写入新文件:进度.xlsx"
    # writable by its owner, but not by the one running (another user's file)
    book.chmod(0o644)
    monkeypatch.setattr("os.access", lambda p, m: False)
    with pytest.raises(UserError):
        check_writable(book)


@pytest.mark.parametrize("argv", [["clear", "{name}", "--in-place"], ["late", "{name}", "--in-place", "--today", TODAY]])
def test_in_place_refuses_a_read_only_file_and_writes_nothing(tmp_path, run_in, argv):
    book = table4(tmp_path / "进度.xlsx")
    book.chmod(0o444)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    done = run_in([a.format(name=book.name) for a in argv], tmp_path)
    assert done.returncode == 2
    assert lines(done) == ["文件是只读的,collab-xl 不会改写它;请先取消只读属性,或改用 --out 写入新文件:进度.xlsx"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before      # no backup, no temporary file
    assert book.stat().st_mode & 0o777 == 0o444
    # --out still works, and so does --in-place once the file is writable again
    assert run_in([a.format(name=book.name) for a in argv if a != "--in-place"] + ["--out", "新.xlsx"],
                  tmp_path).returncode in (0, 1)
    book.chmod(0o644)
    assert run_in([a.format(name=book.name) for a in argv], tmp_path).returncode in (0, 1)
    if argv[0] == "clear":       # nothing of ours to clear: nothing written, no backup
        assert not (tmp_path / "进度.bak.xlsx").exists() and book.read_bytes() == before["进度.xlsx"]
    else:
        assert (tmp_path / "进度.bak.xlsx").read_bytes() == before["进度.xlsx"]


def test_in_place_through_a_link_checks_the_file_it_points_to(tmp_path, run_in):
    book = table4(tmp_path / "进度.xlsx")
    book.chmod(0o444)
    (tmp_path / "链接.xlsx").symlink_to(book.name)
    done = run_in(["validate", "链接.xlsx", "--in-place", "--today", TODAY], tmp_path)
    assert done.returncode == 2 and lines(done) == [
        "文件是只读的,collab-xl 不会改写它;请先取消只读属性,或改用 --out 写入新文件:进度.xlsx"]
