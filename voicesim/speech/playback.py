"""Playing sound through sounddevice: a rendered WAV file, or speech chunk by chunk as it is synthesised (`play_chunks`),
returning when the sound has finished or was skipped."""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from voicesim.audio.decode import resample
from voicesim.audio.devices import sounddevice
from voicesim.errors import DeviceError

log = logging.getLogger(__name__)


def play_samples(data: np.ndarray, rate: int, device: int | str | None = None, blocking: bool = True) -> None:
    """Play float samples (frames x channels, or mono); without `blocking`, return at once (see `playing`/`stop`)."""
    sd = sounddevice()
    if data.ndim == 1:
        data = data[:, None]
    try:
        sd.check_output_settings(device=device, samplerate=rate, channels=data.shape[1])
    except (sd.PortAudioError, ValueError):
        # e.g. a raw hardware device without 22,050 Hz: play at the device's own rate
        native = int(sd.query_devices(device if device is not None else sd.default.device[1])["default_samplerate"])
        log.debug("output device lacks %d Hz: resampling to %d Hz", rate, native)
        data, rate = resample(data, rate, native), native
    try:
        sd.play(data, rate, device=device, blocking=blocking)
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot play sound on the output device ({exc}); use --output-device or --no-speak") from None


def playing() -> bool:
    """Whether the sound started by `play_samples(..., blocking=False)` is still playing."""
    try:
        return bool(sounddevice().get_stream().active)
    except RuntimeError:  # nothing was started
        return False


def stop() -> None:
    sounddevice().stop()


@dataclass(frozen=True)
class Played:
    """How a spoken text went: when its first sound was handed to the device, how much was heard, whether skipped."""

    first_sound_at: float | None  # time.monotonic(); None when nothing was played
    seconds: float
    skipped: bool


def play_chunks(chunks: Iterable[np.ndarray], rate: int, device: int | str | None = None,
                stop: Callable[[], bool] = lambda: False, poll_s: float = 0.02) -> Played:
    """Play float mono chunks as they come from `chunks` (synthesised in a thread of its own meanwhile, so the
    first one sounds while the next is made), without gaps of our own; `stop()` true ends it at once.

    One output stream for the whole text: PortAudio's callback takes from a queue, silence while the next chunk is
    late. Returns when the last sample has been played, or when stopped."""
    sd = sounddevice()
    out_rate = _playable_rate(sd, rate, device)
    pending: queue.Queue[np.ndarray | None] = queue.Queue()
    cancelled = threading.Event()
    producer_error: list[BaseException] = []

    def produce() -> None:
        try:
            for chunk in chunks:
                if cancelled.is_set():
                    break
                pending.put(resample(chunk.astype(np.float32), rate, out_rate))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            producer_error.append(exc)
        finally:
            pending.put(None)

    state = {"current": np.zeros(0, np.float32), "pos": 0, "ended": False, "first": None, "frames": 0}

    def callback(outdata, frames, _time, _status) -> None:
        written = 0
        while written < frames:
            current, pos = state["current"], state["pos"]
            if pos >= len(current):
                if state["ended"]:
                    break
                try:
                    nxt = pending.get_nowait()
                except queue.Empty:
                    break  # the next chunk is late: silence for now
                if nxt is None:
                    state["ended"] = True
                    break
                state["current"], state["pos"] = nxt, 0
                continue
            n = min(frames - written, len(current) - pos)
            outdata[written:written + n, 0] = current[pos:pos + n]
            if state["first"] is None:
                state["first"] = time.monotonic()
            state["pos"] += n
            state["frames"] += n
            written += n
        outdata[written:, 0] = 0.0
        if state["ended"] and state["pos"] >= len(state["current"]):
            raise sd.CallbackStop

    producer = threading.Thread(target=produce, name="voicesim-voice", daemon=True)
    producer.start()
    skipped = False
    try:
        # open the device only when there is something to play: the wait before is synthesis, not sound
        while pending.empty() and producer.is_alive():
            if stop():
                skipped = True
                break
            time.sleep(0.005)
        if not skipped:
            done = threading.Event()
            stream = sd.OutputStream(samplerate=out_rate, channels=1, dtype="float32", device=device, callback=callback,
                                     finished_callback=done.set)
            with stream:
                while not done.wait(poll_s):
                    if stop():
                        skipped = True
                        stream.abort()
                        break
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot play sound on the output device ({exc}); use --output-device or --no-speak") from None
    finally:
        cancelled.set()
    if producer_error and not skipped:
        raise producer_error[0]
    return Played(state["first"], state["frames"] / out_rate, skipped)


def _playable_rate(sd, rate: int, device: int | str | None) -> int:
    """`rate` if the device takes it, else its own (e.g. a raw hardware device without 22,050 Hz)."""
    try:
        sd.check_output_settings(device=device, samplerate=rate, channels=1)
        return rate
    except (sd.PortAudioError, ValueError):
        native = int(sd.query_devices(device if device is not None else sd.default.device[1])["default_samplerate"])
        log.debug("output device lacks %d Hz: resampling to %d Hz", rate, native)
        return native
