"""How the process hands memory back to the system (glibc's allocator), measured in `voicesim practice`.

With glibc's defaults the peak resident memory of a practice session climbs well past what the model needs:
each thread that allocates gets its own arena (up to 8 per core), and freed blocks inside the heap stay resident.
So the command keeps two arenas (`tune_allocator`, once at start: a user's own MALLOC_ARENA_MAX wins and
VOICESIM_MALLOC_TUNING=0 turns it off, for the benchmarks), and the transcriber hands free pages back after each
piece it decodes (`release_free_memory`, a few milliseconds).

Not done: a fixed mmap threshold (MALLOC_MMAP_THRESHOLD_=128 KiB) cuts the peak further, but CTranslate2 then maps
and unmaps its buffers at every decoding step, and the scorecard came seconds later (benchmarks/README.md).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from functools import lru_cache

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h
ARENA_MAX = 2


@lru_cache(maxsize=1)
def _glibc():
    """The process's C library when it is glibc (it has malloc_trim), else None (musl, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.malloc_trim.argtypes = (ctypes.c_size_t,)
        return libc
    except (OSError, AttributeError):
        return None


def tune_allocator() -> dict[str, int]:
    """Two malloc arenas for the whole process; returns what was set (empty when nothing was)."""
    libc = _glibc()
    if libc is None or os.environ.get("VOICESIM_MALLOC_TUNING", "1") == "0" or "MALLOC_ARENA_MAX" in os.environ:
        return {}
    done = {"arena_max": ARENA_MAX} if libc.mallopt(M_ARENA_MAX, ARENA_MAX) == 1 else {}  # mallopt returns 1 on success
    log.debug("allocator: %s", done or "left as it was")
    return done


def release_free_memory() -> None:
    """Give the free pages of every arena back to the system (glibc's malloc_trim); a no-op elsewhere."""
    libc = _glibc()
    if libc is not None and os.environ.get("VOICESIM_MALLOC_TUNING", "1") != "0":
        libc.malloc_trim(0)
