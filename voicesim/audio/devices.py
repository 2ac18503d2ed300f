"""Finding microphones and speakers. sounddevice (PortAudio) is imported lazily: it is slow to import
and reads the device list at import time."""

from __future__ import annotations

from dataclasses import dataclass

from voicesim.errors import DeviceError

NO_MIC_HELP = "list devices with `voicesim devices`, pick one with --device, or score recorded files with --answers DIR"


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    default_samplerate: float
    is_default_input: bool
    is_default_output: bool


def sounddevice():
    try:
        import sounddevice as sd
    except OSError as exc:  # libportaudio2 missing
        raise DeviceError(f"audio is unavailable: PortAudio could not be loaded ({exc}); run `make install` (Debian: apt-get install libportaudio2)") from None
    return sd


def list_devices() -> list[Device]:
    sd = sounddevice()
    try:
        raw = sd.query_devices()
        default_in, default_out = sd.default.device
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot list audio devices: {exc}") from None
    apis = [a["name"] for a in sd.query_hostapis()]
    return [
        Device(
            index=i, name=d["name"], hostapi=apis[d["hostapi"]] if d["hostapi"] < len(apis) else "?",
            inputs=d["max_input_channels"], outputs=d["max_output_channels"], default_samplerate=d["default_samplerate"],
            is_default_input=i == default_in, is_default_output=i == default_out,
        )
        for i, d in enumerate(raw)
    ]


def resolve_device(spec: str | int | None, kind: str) -> int | None:
    """A device index for --device/--output-device: an index, or a substring of the name (as sounddevice's examples)."""
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    what = "microphone" if kind == "input" else "speaker"
    if spec is None or spec == "":
        if not usable:
            raise DeviceError(f"no {what} found" + (f": {NO_MIC_HELP}" if kind == "input" else ""))
        default = [d for d in usable if (d.is_default_input if kind == "input" else d.is_default_output)]
        return default[0].index if default else usable[0].index
    text = str(spec).strip()
    if text.isdigit():
        index = int(text)
        match = [d for d in usable if d.index == index]
        if not match:
            raise DeviceError(f"no {kind} device with index {index}: {NO_MIC_HELP}" if kind == "input" else f"no output device with index {index}: see `voicesim devices`")
        return index
    match = [d for d in usable if text.lower() in d.name.lower()]
    if not match:
        raise DeviceError(f"no {kind} device matches '{text}': see `voicesim devices`")
    if len(match) > 1:
        exact = [d for d in match if d.name.lower() == text.lower()]
        if len(exact) == 1:
            return exact[0].index
        names = ", ".join(f"{d.index}: {d.name}" for d in match)
        raise DeviceError(f"'{text}' matches several {kind} devices ({names}): give the index")
    return match[0].index
