"""Where voicesim keeps the user's data: the history database and the recordings.

In order of precedence:
- `$VOICESIM_HOME` when set (tests and anything that must not touch a real user's data):
  `$VOICESIM_HOME/voicesim.db` and `$VOICESIM_HOME/recordings/`;
- otherwise the database in the user's data folder (platformdirs), and the recordings in the
  checkout's git-ignored `recordings/` when voicesim runs from a checkout, else in the data folder.
A `--recordings DIR` option overrides the recordings folder for one session.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "VOICESIM_HOME"
DATABASE_NAME = "voicesim.db"


def voicesim_home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = voicesim_home()
    if home is not None:
        return home
    from platformdirs import user_data_dir

    return Path(user_data_dir("voicesim"))


def database_path() -> Path:
    return data_dir() / DATABASE_NAME


def checkout_dir() -> Path | None:
    """The repository voicesim runs from, if it runs from one (not from an installed wheel)."""
    top = Path(__file__).resolve().parents[1]
    if (top / "pyproject.toml").is_file() and (top / "recordings").is_dir():
        return top
    return None


def default_recordings_dir() -> Path:
    home = voicesim_home()
    if home is not None:
        return home / "recordings"
    checkout = checkout_dir()
    if checkout is not None:
        return checkout / "recordings"
    return data_dir() / "recordings"


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only: it holds voice recordings."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write a user data file created 0600 (an existing file keeps its mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
