"""Recording from the microphone without losing anything, after sounddevice's `rec_unlimited` example.

The audio callback only copies each block into a queue. A writer thread takes
blocks off the queue, appends them to a WAV file that was opened before the
stream started (wav.py keeps its header valid as it grows), and then hands them
to listeners: the level meter, end-of-answer detection, and later live
transcription. A crash, a kill or a full disk keeps everything written so far.

Audio is recorded at 16 kHz mono. A device that cannot record at 16 kHz (a raw
hardware device, say) is recorded at its own rate: the WAV keeps that rate, and
listeners still get 16 kHz blocks.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.audio.devices import NO_MIC_HELP, sounddevice
from voicesim.audio.decode import resample
from voicesim.audio.wav import WavWriter, as_stored
from voicesim.errors import DeviceError

log = logging.getLogger(__name__)

BLOCK_S = 0.1
Listener = Callable[[np.ndarray], None]


class AnswerRecorder(Protocol):
    """What the practice session needs of a microphone."""

    path: Path
    overflows: int
    error: Exception | None

    def start(self) -> None: ...
    def stop(self) -> None: ...
    @property
    def seconds(self) -> float: ...
    @property
    def running(self) -> bool: ...


class Recorder:
    def __init__(self, path: Path, device: int | None = None, samplerate: int = SAMPLE_RATE, listeners: list[Listener] | None = None):
        self.path = Path(path)
        self.device = device
        self.samplerate = samplerate
        self.listeners: list[Listener] = list(listeners or [])
        self.capture_rate = samplerate  # the device's rate when it lacks `samplerate`
        self.overflows = 0  # input overflows: blocks PortAudio dropped before we saw them
        self.error: Exception | None = None  # a write or device failure that stopped recording
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._stream = None
        self._stopped = threading.Event()

    # -- audio thread: copy and queue, nothing else
    def _callback(self, indata, frames, time, status) -> None:  # noqa: ARG002 - PortAudio's signature
        if status.input_overflow:
            self.overflows += 1
        self._queue.put(indata[:, 0].copy())

    # -- writer thread
    def _drain(self) -> None:
        while True:
            block = self._queue.get()
            if block is None:
                return
            if self.error is None:
                try:
                    self._writer.write(block)
                except OSError as exc:  # disk full, removed folder...: keep what was written, stop cleanly
                    self.error = exc
                    self._stopped.set()
                    log.error("recording stopped: cannot write %s: %s", self.path, exc)
                    continue
            block = as_stored(block)
            if self.capture_rate != self.samplerate:
                block = resample(block, self.capture_rate, self.samplerate)
            for listener in self.listeners:
                try:
                    listener(block)
                except Exception:  # a broken meter must not lose audio
                    log.exception("audio listener failed")

    def start(self) -> None:
        sd = sounddevice()
        try:
            sd.check_input_settings(device=self.device, samplerate=self.samplerate, channels=1)
        except (sd.PortAudioError, ValueError):
            try:
                info = sd.query_devices(self.device if self.device is not None else sd.default.device[0])
                self.capture_rate = int(info["default_samplerate"])
                log.info("the microphone lacks %d Hz: recording at %d Hz", self.samplerate, self.capture_rate)
            except (sd.PortAudioError, ValueError) as exc:
                raise DeviceError(f"cannot use the microphone ({exc}): {NO_MIC_HELP}") from None
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._writer = WavWriter(self.path, self.capture_rate)  # opened before the stream: nothing is lost
        self._thread = threading.Thread(target=self._drain, name="voicesim-wav-writer", daemon=True)
        self._thread.start()
        try:
            self._stream = sd.InputStream(
                samplerate=self.capture_rate, device=self.device, channels=1, dtype="float32",
                blocksize=int(self.capture_rate * BLOCK_S), callback=self._callback,
                finished_callback=self._stopped.set,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self.stop()
            raise DeviceError(f"cannot record from the microphone ({exc}): {NO_MIC_HELP}") from None
        log.info("recording to %s", self.path)

    @property
    def running(self) -> bool:
        """False once the stream ended on its own (device lost) or writing failed."""
        return self._stream is not None and not self._stopped.is_set() and self._stream.active

    @property
    def seconds(self) -> float:
        return self._writer.seconds if self._writer else 0.0

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception as exc:  # the device may be gone already
                log.debug("closing the input stream: %s", exc)
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._writer is not None:
            try:
                self._writer.close()
            except OSError as exc:
                self.error = self.error or exc
        if self.overflows:  # counted for the caller to report; logged here for --verbose
            log.info("%d input overflow(s): some audio was dropped by the sound system", self.overflows)

    def __enter__(self) -> "Recorder":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
