"""The 协作助手 ribbon add-in for desktop Excel (``collab_xl.xlam``), built without Excel.

* :func:`build_addin` writes the add-in and returns its path (:func:`write_addin` also says
  which Excel functions went in);
* :func:`install_addin`, :func:`remove_addin`, :func:`addin_status` manage it in Excel's
  start-up folder and return a message in the requested language.

See docs/addin.md.
"""
from __future__ import annotations

from collab_xl.addin.build import (
    ADDIN_NAME,
    BuildResult,
    build_addin,
    ribbon_xml,
    write_addin,
)
from collab_xl.addin.install import (
    addin_status,
    default_addin_dir,
    install_addin,
    remove_addin,
)

__all__ = [
    "ADDIN_NAME",
    "BuildResult",
    "addin_status",
    "build_addin",
    "default_addin_dir",
    "install_addin",
    "remove_addin",
    "ribbon_xml",
    "write_addin",
]
