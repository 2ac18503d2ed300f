from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# Tests never touch a real user's history or recordings: everything voicesim keeps goes under
# VOICESIM_HOME. Set for the whole run here (module-scoped fixtures run before the per-test
# fixture below), and to a fresh folder for each test.
os.environ["VOICESIM_HOME"] = tempfile.mkdtemp(prefix="voicesim-tests-")


@pytest.fixture(autouse=True)
def voicesim_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("voicesim-home")
    monkeypatch.setenv("VOICESIM_HOME", str(home))
    return home


def run_cli(*args: str, input: str | None = None, timeout: float = 300, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `voicesim` command as a user would (on a wide terminal, so lines do not wrap)."""
    env = dict(env or os.environ)
    env.setdefault("COLUMNS", "200")
    return subprocess.run(
        [sys.executable, "-m", "voicesim", *args], capture_output=True, text=True, input=input,
        timeout=timeout, env=env, cwd=cwd or REPO,
    )


@pytest.fixture(scope="session")
def transcriber():
    """The shipped transcriber (the bundled model, loaded once for the run)."""
    from voicesim.transcript.whisper import make_transcriber

    t = make_transcriber()
    t.load()
    return t


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent (it sits beside the repo on CI and dev machines)")
    return SHARED


@pytest.fixture
def virtual_audio():
    """A private PulseAudio server (about 25 ms to start): the default output `vspeaker` is heard
    on the default input `vmic`. Start recording processes after it, with env=virtual_audio.env."""
    from tests.virtual_audio import VirtualAudio, available

    reason = available()
    if reason:
        pytest.skip(reason)
    with VirtualAudio() as va:
        yield va
