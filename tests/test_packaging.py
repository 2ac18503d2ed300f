"""The wheel is what `pip install .` / `pipx install .` installs: it must run on its own, banks included.

The wheel is built from the checkout as pip builds it (hatchling, no network: --no-build-isolation,
so hatchling comes from the test extra), then unzipped and run with only that copy on the path,
from a folder outside the checkout, so the editable install and the checkout's seeds/ cannot help.
"""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from voicesim import __version__
from voicesim.question.bank import DEFAULT_BANK, load_bank
from voicesim.report.schema import questions_to_dict

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEED_FILES = sorted((REPO / "seeds").glob("*.toml"))
AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".m4a")
DIST_INFO = f"voicesim-{__version__}.dist-info"
SDIST_TOP = f"voicesim-{__version__}"


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["COLUMNS"] = "200"
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _build_wheel(source: Path | str, out: Path) -> Path:
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", str(out)], cwd=REPO)
    wheels = list(out.glob("voicesim-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    assert SEED_FILES, "the checkout has no seeds/*.toml"
    return _build_wheel(".", tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def _wheel_env(unpacked: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(unpacked)  # ahead of site-packages, where the editable install points at the checkout
    return env


def test_wheel_holds_the_package_the_banks_and_the_command_and_nothing_else(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "voicesim/seeds/netflix-backend.toml" in names
        for seed in SEED_FILES:
            assert zf.read(f"voicesim/seeds/{seed.name}") == seed.read_bytes(), seed.name
        assert "voicesim/__init__.py" in names
        assert "voicesim/cli/__init__.py" in names
        assert "voicesim/__main__.py" in names
        assert {"voicesim/report/templates/report.html.j2", "voicesim/report/templates/report.js"} <= set(names)

        entry_points = configparser.ConfigParser()
        entry_points.read_string(zf.read(f"{DIST_INFO}/entry_points.txt").decode())
        assert entry_points["console_scripts"]["voicesim"] == "voicesim.cli:main"

    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"voicesim", DIST_INFO}, tops
    assert not [n for n in names if n.startswith(("tests/", "recordings/", "seeds/"))]
    assert not [n for n in names if n.lower().endswith(AUDIO_EXTENSIONS)]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_unpacked_wheel_runs_on_its_own_with_its_banks(unpacked, tmp_path):
    env = _wheel_env(unpacked)
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    # The copy that runs below is the wheel's, not the checkout's (editable install).
    where = _run([sys.executable, "-c", "import voicesim; from voicesim.question.locations import seeds_dir; "
                  "print(voicesim.__file__); print(seeds_dir())"], cwd=outside, env=env).stdout.splitlines()
    assert Path(where[0]).resolve() == (unpacked / "voicesim" / "__init__.py").resolve()
    assert Path(where[1]).resolve() == (unpacked / "voicesim" / "seeds").resolve()

    listed = json.loads(_run([sys.executable, "-m", "voicesim", "questions", "--json"], cwd=outside, env=env).stdout)
    assert len(listed["questions"]) == 10
    assert listed == questions_to_dict(load_bank(DEFAULT_BANK))  # the same bank as the checkout's seeds/

    # A bank given by name resolves inside the wheel.
    checked = _run([sys.executable, "-m", "voicesim", "bank", "check", DEFAULT_BANK], cwd=outside, env=env).stdout
    shipped = (unpacked / "voicesim" / "seeds" / f"{DEFAULT_BANK}.toml").resolve()
    assert checked.startswith(f"{shipped}: ok, 10 questions"), checked

    # The report's template and script come from inside the wheel: a report renders with them.
    home = tmp_path / "home"
    store_one = ("from voicesim.question.bank import load_bank; from voicesim.scoring import score_answer; "
                 "from voicesim.store import Store; from voicesim.transcript import Transcript, Word\n"
                 "b = load_bank(); q = b.question('rate-limiting'); t = Transcript((Word(' Redis', 0.5, 0.9),), 2.0)\n"
                 "s = Store.open(); s.begin_session('s1', 'practice', b, '2026-01-01T10:00:00+00:00', None)\n"
                 "s.add_answer('s1', q, ended_by='silence', audio_path=None, audio_owned=False, transcript=t, score=score_answer(t, q))")
    _run([sys.executable, "-c", store_one], cwd=outside, env=dict(env, VOICESIM_HOME=str(home)))
    _run([sys.executable, "-m", "voicesim", "report", "last", "--html", str(outside / "r.html")], cwd=outside, env=dict(env, VOICESIM_HOME=str(home)))
    page = (outside / "r.html").read_text(encoding="utf-8")
    assert "How would you design a rate-limiting system?" in page and "URL.createObjectURL" in page


def test_sdist_carries_the_banks_into_a_wheel_built_from_it(tmp_path):
    # `python -m build` and some installers build the wheel from the sdist, not from the checkout.
    _run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path / "sdist")], cwd=REPO)
    sdists = list((tmp_path / "sdist").glob("voicesim-*.tar.gz"))
    assert len(sdists) == 1, sdists
    with tarfile.open(sdists[0]) as tf:
        names = tf.getnames()
    for seed in SEED_FILES:
        assert f"{SDIST_TOP}/seeds/{seed.name}" in names
    assert f"{SDIST_TOP}/voicesim/__init__.py" in names
    assert not [n for n in names if "/recordings/" in n or n.lower().endswith(AUDIO_EXTENSIONS)]

    from_sdist = _build_wheel(sdists[0], tmp_path / "wheel")
    with zipfile.ZipFile(from_sdist) as zf:
        assert {f"voicesim/seeds/{seed.name}" for seed in SEED_FILES} <= set(zf.namelist())
