"""How voicesim hands memory back to the system (glibc): two arenas, and free pages returned after each piece."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys

import pytest

# After an 8 MB block is freed glibc raises its mmap threshold to 8 MB; 1 MB blocks then come from the heap and,
# with small survivors between them, stay resident after they are freed, until release_free_memory().
PROBE = r"""
import json
from voicesim.runtime import release_free_memory, tune_allocator

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

done = tune_allocator()
big = bytearray(8 << 20); del big
keep, blocks = [], []
for _ in range(60):
    block = bytearray(1 << 20); block[::4096] = b"x" * 256
    blocks.append(block); keep.append(bytearray(64))
before = rss_mb(); del blocks; freed = rss_mb()
release_free_memory(); released = rss_mb()
print(json.dumps({"set": done, "freed_mb": before - freed, "released_mb": before - released}))
"""


def _glibc() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "malloc_trim") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (OSError, ValueError, AttributeError):
        return False


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not _glibc(), reason="glibc's allocator only")


def _probe(**env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "VOICESIM_MALLOC"))} | env
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=environ, check=True).stdout
    return json.loads(out)


def test_free_pages_go_back_to_the_system_when_released():
    probe = _probe()
    assert probe["set"] == {"arena_max": 2}
    assert probe["freed_mb"] < 10  # glibc keeps them...
    assert probe["released_mb"] > 50  # ...until voicesim hands them back (60 MB were freed)


def test_tuning_off_leaves_the_allocator_alone():
    # VOICESIM_MALLOC_TUNING=0 is how the benchmarks compare: the same blocks stay resident.
    probe = _probe(VOICESIM_MALLOC_TUNING="0")
    assert probe["set"] == {}
    assert probe["released_mb"] < 10


def test_the_users_own_arena_setting_wins():
    probe = _probe(MALLOC_ARENA_MAX="4")
    assert probe["set"] == {}
    assert probe["released_mb"] > 50
