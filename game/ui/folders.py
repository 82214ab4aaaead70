"""Open a folder in the system's file manager (saves, exports), failing soft: the caller shows
the returned reason instead. No shell: the path is one argument of a fixed command."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def file_manager_command(folder: Path) -> list[str] | None:
    """The command that shows `folder` on this system (None on Windows, which has startfile,
    or when no opener is installed)."""
    if sys.platform == "win32":
        return None
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        return None
    return [opener, str(folder)]


def open_folder(folder: Path) -> str | None:
    """Shows `folder` (made if missing) in the file manager; None when done, else why not."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if sys.platform == "win32":
            os.startfile(str(folder))  # type: ignore[attr-defined]  # noqa: S606 - a folder, no arguments
            return None
        command = file_manager_command(folder)
        if command is None:
            return f"No file manager to open here; the folder is {folder}"
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError as err:
        return f"Could not open {folder}: {err.strerror or err}"
    return None
