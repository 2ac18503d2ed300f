"""`voicesim review`: an answer's transcript as it was heard, marked up; --play plays it."""

from __future__ import annotations

import re

import click

from voicesim.cli.app import cli, make_console, open_store


class TimeOffset(click.ParamType):
    """"42", "0:42", "1:02:03" or "42.5" seconds."""

    name = "[H:]M:SS"

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        text = str(value).strip()
        if not re.fullmatch(r"\d+(\.\d+)?|(\d+:){1,2}\d{1,2}(\.\d+)?", text):
            self.fail(f"'{value}' is not a time: give seconds (42) or minutes and seconds (0:42)", param, ctx)
        seconds = 0.0
        for part in text.split(":"):
            seconds = seconds * 60 + float(part)
        return seconds


@cli.command()
@click.argument("session_ref", metavar="SESSION|last")
@click.option("--question", "-q", "question_id", default=None, metavar="ID", help="Only this question's answer(s).")
@click.option("--play", is_flag=True, help="Play the recording (of the first answer shown), following the words on screen.")
@click.option("--from", "from_s", type=TimeOffset(), default=0.0, help="Where --play starts, e.g. 0:42.")
@click.option("--output-device", default=None, metavar="NAME|INDEX", help="Speaker for --play.")
def review(session_ref: str, question_id: str | None, play: bool, from_s: float, output_device: str | None) -> None:
    """An answer's transcript as it was heard: concept evidence, fillers, hedges and long pauses marked,
    then missed concepts and the outline of a strong answer."""
    from voicesim.report.review_view import answer_review

    store = open_store()
    try:
        session = store.session(session_ref)
        answers = session.answers_to(question_id)
        details = [store.answer_detail(a, session) for a in answers]
    finally:
        store.close()
    out = make_console()
    for n, detail in enumerate(details, start=1):
        out.print(answer_review(detail, n, len(details)))
        out.print()
    if play:
        _play(details[0], from_s, output_device, out)


def _play(detail, from_s: float, output_device: str | None, out) -> None:
    from rich.text import Text

    from voicesim.audio.decode import SAMPLE_RATE, load_audio
    from voicesim.audio.devices import resolve_device
    from voicesim.audio.native_noise import quiet_audio_libraries
    from voicesim.errors import AudioFileError
    from voicesim.report.review_view import mmss

    path = detail.answer.audio_path
    if path is None or not path.is_file():
        raise AudioFileError(f"cannot play: the recording {path or '(none kept)'} is missing")
    samples = load_audio(path)
    duration = len(samples) / SAMPLE_RATE
    if from_s >= duration:
        raise click.BadParameter(f"{mmss(from_s)} is past the end of the recording ({mmss(duration)})", param_hint="--from")
    out.print(Text(f"Playing {path.name} from {mmss(from_s)} of {mmss(duration)} (Ctrl+C stops)"))
    with quiet_audio_libraries():
        device = resolve_device(output_device, "output")
        _follow(samples[int(from_s * SAMPLE_RATE):], SAMPLE_RATE, from_s, device, detail.rebuild_score(), out)


def _follow(samples, rate: int, from_s: float, device, score, out) -> None:
    """Play, keeping the word being spoken on screen (a live line on a terminal; nothing extra otherwise)."""
    import time

    from rich.live import Live

    from voicesim.report.review_view import following_words
    from voicesim.speech import playback

    playback.play_samples(samples, rate, device, blocking=False)
    started = time.monotonic()
    try:
        if score is None or score.no_speech or not out.is_terminal:
            while playback.playing():
                time.sleep(0.05)
            return
        with Live(following_words(score, from_s), console=out, refresh_per_second=12, transient=True) as live:
            while playback.playing():
                live.update(following_words(score, from_s + time.monotonic() - started))
                time.sleep(0.08)
    finally:
        playback.stop()
