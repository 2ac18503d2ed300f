"""Keep PortAudio's and ALSA's own stderr chatter off the user's terminal.

The C libraries under sounddevice write lines such as "Expression '...' failed in
'src/hostapi/alsa/pa_linux_alsa.c'" or "ALSA lib pcm.c:...: Unknown PCM" straight
to file descriptor 2 when a device disappears or a configuration probe fails.
voicesim reports those situations itself, in one line, so while audio commands
run, such lines go to the debug log; everything else written to stderr passes
through unchanged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading

log = logging.getLogger(__name__)

_NOISE = re.compile(r"^(Expression '.*' failed in '.*'|ALSA lib |PaAlsaStream|Cannot connect to server|jack server|JackShmReadWritePtr|pa_context_)")


@contextlib.contextmanager
def quiet_audio_libraries():
    if not sys.platform.startswith("linux"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def pump() -> None:
        with os.fdopen(read_end, "rb") as pipe:
            for line in pipe:
                text = line.decode(errors="replace")
                if _NOISE.match(text):
                    log.debug("audio library: %s", text.rstrip())
                else:
                    os.write(saved, line)

    thread = threading.Thread(target=pump, name="voicesim-stderr", daemon=True)
    thread.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # drops the pipe's last write end: the pump sees end of file
        thread.join(timeout=2)
        os.close(saved)
