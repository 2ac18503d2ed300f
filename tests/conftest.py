from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def run_cli(*args: str, input: str | None = None, timeout: float = 300, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `voicesim` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "voicesim", *args], capture_output=True, text=True, input=input,
        timeout=timeout, env=env or os.environ.copy(), cwd=cwd or REPO,
    )


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
