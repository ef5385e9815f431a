"""Reading the workbooks named on the command line while Python imports the rest.

A run of ``collab-xl validate BIG.xlsx`` spends about half a second importing pandas, pandera and
the catalog before it can look at a cell, and python-calamine spends about as long parsing a
100,000-row sheet — with the GIL released (it is Rust). The two need not wait for each other:
:func:`start` makes the checks of the first file before anything else (the safety pass over the
archive, in Python: ≈ 0.1 s at 100,000 rows), then hands the files to one background thread that
reads them as :func:`collab_xl.io.read.read_workbook` does (the first with calamine, the others
checks first), and when the command comes to read a file, ``read_workbook`` takes the result from
here (:func:`take`) instead of reading again. On two cores a big sheet's read then costs little
more than the imports; on one core nothing is lost but a thread switch.

Nothing changes for the user:

* the read is the same function, so the grids, notices and errors are the same; an error met in
  the thread (a damaged file, a lock file, a missing one …) is raised by :func:`take`, in the
  command's own order — a file the command never reads never shows its error;
* a file that changed between the read and the take (size or modification time) is read again;
* each read is handed out once: a second ``read_workbook`` of the same path reads the file anew;
* reading never writes: the files are opened read-only, as always.

On glibc (Linux) the thread would get a malloc arena of its own, and the memory calamine frees in
it would not serve the rest of the run: peak memory grew by ≈ 25 MiB on a 100,000-row sheet.
:func:`start` therefore keeps one arena (``mallopt(M_ARENA_MAX, 1)``, what MALLOC_ARENA_MAX=1
does; a MALLOC_ARENA_MAX the user set wins), and the peak is what it was without the thread.

The thread imports nothing the main thread may be importing at the same time: its modules
(the reader, python-calamine, the result-sheet names) are imported by :func:`start` before the
thread starts, and none of them imports pandas or the catalog.
"""
from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

_lock = threading.Lock()
_jobs: dict[str, "_Job"] = {}


class _Job:
    def __init__(self, path: Path, stamp: tuple[int, int]):
        self.path = path
        self.stamp = stamp
        self.done = threading.Event()
        self.grids = None
        self.error: BaseException | None = None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _key(path) -> str:
    return os.path.abspath(os.fspath(path))


def _one_heap() -> None:
    """One malloc arena for the whole process on glibc (see the module docstring)."""
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return
    try:
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, ImportError):  # not glibc: no per-thread arenas to tame
        return
    M_ARENA_MAX = -8
    mallopt(M_ARENA_MAX, 1)


def start(paths) -> None:
    """Begin reading, in order, every path that is a plain file (folders are searched by the
    command itself; a path that is not a file is left for the command to judge)."""
    from collab_xl.io import read
    try:   # what the thread's read imports, imported here and not first inside the thread
        for name in ("collab_xl.core.output", "python_calamine"):
            importlib.import_module(name)
    except ImportError:  # pragma: no cover - a dependency; the command says what is missing
        return
    jobs = []
    for p in paths:
        p = Path(p)
        stamp = _stamp(p)
        if stamp is None or not p.is_file() or p.name.startswith("~$"):
            continue
        job = _Job(p, stamp)
        with _lock:
            _jobs[_key(p)] = job
        jobs.append(job)
    if not jobs:
        return
    _one_heap()

    # The first file's checks run here, before the imports: in Python, they would only fight
    # the imports for the GIL in the thread, and calamine (which does not hold it) would start late.
    first = jobs[0]
    try:
        checked = read.check_file(first.path)
    except (KeyboardInterrupt, SystemExit):
        with _lock:      # nothing will read them: no later read may wait for them
            for job in jobs:
                if _jobs.get(_key(job.path)) is job:
                    del _jobs[_key(job.path)]
        raise
    except BaseException as e:  # raised by take(), where the command reads the file
        first.error, checked = e, None
        first.done.set()

    def work():
        for job in jobs:
            if job.done.is_set():
                continue
            try:
                if job is first:
                    job.grids = checked if isinstance(checked, read.Grids) else read.read_checked(checked)
                else:
                    job.grids = read.read_file(job.path)
            except BaseException as e:  # handed to the command, which raises it where it reads
                job.error = e
            finally:
                job.done.set()

    threading.Thread(target=work, name="collab-xl-read", daemon=True).start()


def take(path):
    """The grids read for ``path`` by :func:`start` (waiting for them), once; None when none
    were started for it or the file changed since. An error of that read is raised here."""
    with _lock:
        job = _jobs.pop(_key(path), None)
    if job is None:
        return None
    job.done.wait()
    if _stamp(Path(path)) != job.stamp:
        return None
    if job.error is not None:
        raise job.error
    return job.grids
