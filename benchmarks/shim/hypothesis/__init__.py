"""Stands in for hypothesis in the measured collab-xl processes (PYTHONPATH=benchmarks/shim).

hypothesis is a test dependency (pyproject's "test" extra), not a runtime one; when it is
installed, pandera imports it on the first validation (~0.2 s) to register data-generation
strategies. A user's install does not have it, so the benchmarks measure that: importing it
fails here exactly as it does where it is not installed (run.py --dev-venv measures without).
"""
raise ImportError("hypothesis is hidden by benchmarks/shim: not a runtime dependency of collab-xl")
