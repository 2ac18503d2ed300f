"""Does live transcription keep up? An answer fed in real time, block by block as the recorder feeds it, with the
backlog (audio received and not yet transcribed) logged every second, then the end-of-answer silence and the
wait for the transcript. The cut rules before issue 16 (piece by piece, cut only at pauses) and the shipped ones
(a forced cut in speech that runs on, waiting pieces taken together) side by side, rounds interleaved, at 1 and 2
Whisper threads, in Piper's natural voice and espeak. Also how far each live transcript is from a later
transcription of the same audio (word differences, jiwer).

    python benchmarks/bench_streaming.py [--seconds 180] [--voices piper,espeak] [--threads 1,2] [--rounds 1] [--busy N]

--busy N keeps N processes spinning on the CPU meanwhile: a slower machine of this kind (machines of one kind
differ by 3-4x), so that what the rules do when the worker falls behind is seen on a fast one too.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BLOCK_S = 0.1
END_SILENCE_S = 3.0  # practice's default end-of-answer silence
RULES = ("before", "shipped")


@dataclass(frozen=True)
class Run:
    voice: str
    threads: int
    rules: str
    seconds: float
    wait_s: float
    max_backlog_s: float
    max_queued_s: float  # cut and waiting for the worker
    backlog_at_end_s: float  # when the last word was spoken
    pieces: int
    merged: int
    differing_words: int  # against a later transcription of the same audio
    words: int


def answer_text(seconds: float, words_per_s: float = 2.6) -> str:
    """Strong held-out answers one after another, about `seconds` long when spoken at `words_per_s` (measured: 2.8 for
    espeak, 3.1 for Piper's joe; the default keeps the 3-minute answers whole answers)."""
    from tests.fresh_answers import ANSWERS as FRESH
    from tests.natural_answers import ANSWERS as EVAL

    words: list[str] = []
    for a in [*FRESH, *EVAL]:
        if a.kind == "strong":
            words += a.text.split()
        if len(words) >= seconds * words_per_s:
            break
    limit = round(seconds * words_per_s)
    if len(words) > 1.3 * limit:  # one answer is far too long: up to a sentence's end near the limit
        ends = [i + 1 for i, w in enumerate(words[:limit + 10]) if w.endswith(".")]
        words = words[:ends[-1]] if ends else words[:limit]
    return " ".join(words)


def feed_in_real_time(audio, transcriber, rules: str, log_backlog: list[tuple[float, float]]):
    """The live path as practice runs it, at the speed of speech; returns (live, seconds from the end-of-answer
    silence to the transcript, transcript)."""
    import numpy as np

    from voicesim.audio.decode import SAMPLE_RATE
    from voicesim.transcript.activity import CutRules, VoiceActivity
    from voicesim.transcript.streaming import LiveTranscription

    activity = VoiceActivity()
    if rules == "before":
        live = LiveTranscription(transcriber, activity, (), CutRules(max_piece_s=None), merge_up_to_s=None)
    else:
        live = LiveTranscription(transcriber, activity)
    silence = (np.random.default_rng(0).standard_normal(int(END_SILENCE_S * SAMPLE_RATE)) * 1e-4).astype(np.float32)
    stream = np.concatenate([audio, silence])
    step = int(BLOCK_S * SAMPLE_RATE)
    started = time.perf_counter()
    for n, i in enumerate(range(0, len(stream), step)):
        block = stream[i:i + step]
        activity.feed(block)
        live.feed(block)
        if n % 10 == 0:
            log_backlog.append((i / SAMPLE_RATE, live.backlog_s, queued_s(live)))
        delay = started + (i + len(block)) / SAMPLE_RATE - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    ended = time.perf_counter()
    transcript = live.finish(duration=len(stream) / SAMPLE_RATE)
    return live, time.perf_counter() - ended, transcript


def queued_s(live) -> float:
    """Seconds of audio already cut into pieces and not yet transcribed: how far the worker is behind (the rest
    of the backlog is speech still waiting for a cut)."""
    from voicesim.audio.decode import SAMPLE_RATE
    from voicesim.transcript.activity import next_cut

    probs, done, end = live.activity.probabilities, live._done, live._done
    while (cut := next_cut(probs, end, live.cut_rules)) is not None:
        end = cut
    return (end - done) / SAMPLE_RATE


def _spin() -> None:
    while True:
        pass


def later_transcription(transcriber, audio, rules: str):
    """The recording transcribed afterwards, cut by the same rules (as `voicesim transcribe` would)."""
    from voicesim.transcript.activity import CutRules, VoiceActivity, pieces

    activity = VoiceActivity.of(audio)
    activity.finish()
    spans = pieces(activity, 0, len(audio), CutRules(max_piece_s=None) if rules == "before" else CutRules())
    return transcriber.assemble(audio, activity, [transcriber.piece(audio, activity, a, b) for a, b in spans])


def differing_words(a, b) -> int:
    import jiwer

    from voicesim.text import surface_pieces

    def norm(t):
        return " ".join(p for w in t.words for p in surface_pieces(w.text)) or "-"

    out = jiwer.process_words(norm(a), norm(b))
    return out.substitutions + out.deletions + out.insertions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--voices", default="piper,espeak")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--busy", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from tests.recognition_eval import synthesize
    from voicesim.audio.decode import SAMPLE_RATE, load_audio
    from voicesim.transcript.whisper import make_transcriber

    folder = Path(tempfile.gettempdir()) / "voicesim-bench-streaming"
    folder.mkdir(exist_ok=True)
    text = answer_text(args.seconds)
    voices = args.voices.split(",")
    threads = [int(t) for t in args.threads.split(",")]
    audio = {v: load_audio(synthesize(text, v, folder)) for v in voices}
    transcribers = {t: make_transcriber(cpu_threads=t) for t in threads}
    for t in transcribers.values():
        t.load()
    later = {(v, r): later_transcription(transcribers[threads[0]], audio[v], r) for v in voices for r in RULES}
    busy = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.busy)]
    for p in busy:
        p.start()
    configs = [(v, t, r) for v in voices for t in threads for r in RULES]
    runs: list[Run] = []
    for rnd in range(args.rounds):
        for v, t, r in configs[rnd % len(configs):] + configs[:rnd % len(configs)]:
            backlog: list[tuple[float, float, float]] = []
            live, wait, transcript = feed_in_real_time(audio[v], transcribers[t], r, backlog)
            speech_s = len(audio[v]) / SAMPLE_RATE
            run = Run(v, t, r, speech_s, wait, max(b for _, b, _ in backlog), max(q for _, _, q in backlog),
                      next((b for s, b, _ in reversed(backlog) if s <= speech_s), 0.0), live.pieces, live.merged,
                      differing_words(transcript, later[v, r]), len(later[v, r].words))
            runs.append(run)
            trace = " ".join(f"{s:.0f}:{b:.1f}/{q:.1f}" for s, b, q in backlog[::10])
            print(f"{v} {t} thread(s) {r}: {speech_s:.0f} s answer, wait {wait:.2f} s, backlog max {run.max_backlog_s:.1f} s "
                  f"(cut and waiting: max {run.max_queued_s:.1f} s), "
                  f"at the last word {run.backlog_at_end_s:.1f} s, {run.pieces} pieces ({run.merged} merged), "
                  f"{run.differing_words}/{run.words} words differ from a later transcription\n  at s: backlog/cut and waiting {trace}", flush=True)
    for p in busy:
        p.terminate()
    print(f"\n{args.busy} busy process(es) beside; {len(os.sched_getaffinity(0))} cores")
    print(f"| voice | threads | rules | wait median (worst) | ratio | backlog max | cut and waiting max | backlog at last word | pieces | words differing |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for v, t, r in configs:
        mine = [x for x in runs if (x.voice, x.threads, x.rules) == (v, t, r)]
        before = [x for x in runs if (x.voice, x.threads, x.rules) == (v, t, "before")]
        wait = statistics.median(x.wait_s for x in mine)
        ratio = wait / statistics.median(x.wait_s for x in before) if before else float("nan")
        print(f"| {v} | {t} | {r} | {wait:.2f} ({max(x.wait_s for x in mine):.2f}) s | {ratio:.2f}x | "
              f"{statistics.median(x.max_backlog_s for x in mine):.1f} s | {statistics.median(x.max_queued_s for x in mine):.1f} s | "
              f"{statistics.median(x.backlog_at_end_s for x in mine):.1f} s | "
              f"{statistics.median(x.pieces for x in mine):.0f} | {statistics.median(x.differing_words for x in mine):.0f}/{mine[0].words} |")


if __name__ == "__main__":
    main()
