"""`voicesim devices` and `voicesim mic-check`: the microphone and speaker."""

from __future__ import annotations

import math
from pathlib import Path

import click

from voicesim.cli.app import cli, make_console


@cli.command()
def devices() -> None:
    """List audio input and output devices; the defaults are marked."""
    from rich.table import Table
    from rich.text import Text

    from voicesim.audio.devices import list_devices
    from voicesim.audio.native_noise import quiet_audio_libraries

    with quiet_audio_libraries():
        found = list_devices()
    console = make_console()
    if not found:
        console.print("No audio devices found. On a machine without a microphone, score recorded files: voicesim practice --answers DIR")
        return
    table = Table(title="Audio devices (> marks the defaults)", title_justify="left")
    for col in ("", "index", "name", "host API", "in", "out"):
        table.add_column(col)
    for d in found:
        mark = (">in " if d.is_default_input else "") + (">out" if d.is_default_output else "")
        table.add_row(mark, str(d.index), Text(d.name), Text(d.hostapi), str(d.inputs), str(d.outputs))
    console.print(table)
    console.print("Choose with --device NAME|INDEX (microphone) and --output-device NAME|INDEX (speaker).")


@cli.command("mic-check")
@click.option("--device", default=None, metavar="NAME|INDEX", help="Microphone to check.")
@click.option("--seconds", type=click.FloatRange(1, 30), default=3.0, show_default=True)
def mic_check(device, seconds) -> None:
    """Record a few seconds and say whether the microphone hears anything."""
    import tempfile
    import time

    from voicesim.audio.devices import resolve_device
    from voicesim.recording.endpoint import EndRules, Endpointer
    from voicesim.audio.native_noise import quiet_audio_libraries
    from voicesim.recording.recorder import Recorder
    from voicesim.transcript.activity import VoiceActivity

    console = make_console()
    index = resolve_device(device, "input")
    console.print(f"Recording {seconds:.0f} s: say something...")
    activity = VoiceActivity()
    endpointer = Endpointer(EndRules(max_seconds=seconds + 1), activity)
    levels: list[float] = []
    with tempfile.TemporaryDirectory(prefix="voicesim-mic-") as tmp, quiet_audio_libraries():
        recorder = Recorder(Path(tmp) / "mic-check.wav", device=index, listeners=[activity.feed, endpointer.feed, lambda b: levels.append(float(abs(b).max()) if len(b) else 0.0)])
        with recorder:
            while recorder.seconds < seconds and recorder.running:
                time.sleep(0.1)
    peak = max(levels, default=0.0)
    peak_db = 20 * math.log10(peak) if peak > 0 else -math.inf
    clipped = sum(1 for level in levels if level >= 0.99)
    console.print(f"Peak level: {peak_db:.1f} dBFS; speech heard: {endpointer.speech_s:.1f} s")
    if recorder.overflows:
        console.print(f"[yellow]Warning: {recorder.overflows} input overflow(s): the sound system dropped some audio.[/]")
    if peak_db < -60:
        raise click.ClickException("the microphone is silent: check that it is not muted, that voicesim may use it, or pick another with --device")
    if clipped:
        console.print(f"[yellow]Clipping in {clipped} of {len(levels)} blocks: lower the input gain.[/]")
    elif not endpointer.has_spoken:
        console.print("[yellow]Sound, but no speech heard: speak closer to the microphone or check --device.[/]")
    else:
        console.print("[green]The microphone works.[/]")
