"""Where question banks are: the shipped ones (`seeds/`) and the user's own (a `banks` folder in the data folder).

A bank is named by its file's stem. `--bank NAME` finds a shipped bank or a user bank; a user bank may not take a
shipped bank's name (which of the two a session meant would depend on the order of a search), so such a file is an
error, named with what to do. Anything with a slash or ending in .toml is a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from voicesim.errors import BankError
from voicesim.paths import data_dir

USER_BANKS_FOLDER = "banks"


@dataclass(frozen=True)
class BankFile:
    name: str
    path: Path
    shipped: bool


def seeds_dir() -> Path:
    """The folder of the shipped question banks.

    In an installed wheel they are package data, `voicesim/seeds/` (pyproject.toml force-includes the
    repo's top-level `seeds/` there). Running from a checkout or an editable install, where that
    copy does not exist, they are the checkout's own `seeds/`.
    """
    shipped = Path(str(resources.files("voicesim") / "seeds"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "seeds"


def user_banks_dir() -> Path:
    """Where `voicesim bank new` writes by default, and where `--bank NAME` looks after the shipped banks."""
    return data_dir() / USER_BANKS_FOLDER


def shipped_bank_files() -> list[BankFile]:
    return [BankFile(p.stem, p, True) for p in sorted(seeds_dir().glob("*.toml"))]


def user_bank_files() -> list[BankFile]:
    folder = user_banks_dir()
    return [BankFile(p.stem, p, False) for p in sorted(folder.glob("*.toml"))] if folder.is_dir() else []


def shadowing_error(user_bank: Path) -> BankError:
    return BankError(f"{user_bank}: a user bank may not take the name of the shipped bank '{user_bank.stem}': "
                     "rename the file (its name is the bank's name)")


def bank_files() -> list[BankFile]:
    """Every bank `--bank NAME` can find: the shipped ones, then the user's; raises on a user bank shadowing a shipped one."""
    shipped = shipped_bank_files()
    names = {b.name for b in shipped}
    user = user_bank_files()
    for b in user:
        if b.name in names:
            raise shadowing_error(b.path)
    return shipped + user


def available_banks() -> list[str]:
    return [b.name for b in bank_files()]


def resolve_bank_path(name_or_path: str) -> Path:
    """A bank name (shipped or the user's, "netflix-backend") or a path to any TOML file."""
    candidate = Path(name_or_path).expanduser()
    looks_like_path = candidate.suffix == ".toml" or "/" in name_or_path or candidate.exists()
    if looks_like_path:
        if not candidate.is_file():
            raise BankError(f"{name_or_path}: no such question bank file")
        return candidate
    seeded = seeds_dir() / f"{name_or_path}.toml"
    mine = user_banks_dir() / f"{name_or_path}.toml"
    if seeded.is_file() and mine.is_file():
        raise shadowing_error(mine)
    for found in (seeded, mine):
        if found.is_file():
            return found
    names = ", ".join(available_banks()) or "none"
    raise BankError(f"unknown question bank '{name_or_path}' (available: {names}; or give a path to a .toml file)")
