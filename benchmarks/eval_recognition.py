"""Choosing Whisper's decoding settings by measurement: accuracy and speed on the evaluation answers
(tests/natural_answers.py), spoken by Piper's natural voice and by espeak-ng, side by side in one run.

Every answer is synthesised once per voice; then each setting transcribes it in turn (the order rotates
from answer to answer, so drift in the machine's speed falls on all settings alike). Printed per setting and
voice: term recall, coverage of strong answers, the highest coverage of trap and off-topic answers, filler
error (filler words + hesitations against the truth), hesitations on fluent answers, vocabulary terms
inserted where they were not said, and the median transcription time with its ratio to today's setting.

    .venv/bin/python benchmarks/eval_recognition.py [--set eval|dev] [--threads 1,2] [--only strong,trap] [--settings 0,1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.recognition_eval import VOICES, measure, said, synthesize, transcript_windows  # noqa: E402
from voicesim.audio.decode import SAMPLE_RATE, load_audio  # noqa: E402
from voicesim.question.bank import load_bank  # noqa: E402
from voicesim.transcript.decoding import Decoding  # noqa: E402
from voicesim.transcript.whisper import make_transcriber  # noqa: E402

# (label, question vocabulary in the context?, decoding, cut in pieces at pauses as live transcription does?)
SETTINGS = (
    ("before: filler prompt as hotwords, beam 5", False, Decoding(5, "hotwords", True), False),
    ("+ vocabulary, hotwords, beam 5, in pieces", True, Decoding(5, "hotwords", True), True),
    ("+ vocabulary, hotwords, beam 5, no fallback", True, Decoding(5, "hotwords", False), True),
    ("+ vocabulary, hotwords, greedy", True, Decoding(1, "hotwords", False), True),
    ("+ vocabulary, initial prompt, beam 5", True, Decoding(5, "initial_prompt", True), True),
    ("+ vocabulary, hotwords, beam 5, one pass over the whole answer", True, Decoding(5, "hotwords", True), False),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="", help="comma-separated thread counts to compare for the chosen setting")
    parser.add_argument("--only", default="", help="comma-separated answer kinds")
    parser.add_argument("--settings", default="", help="comma-separated setting numbers (0-based) to run")
    parser.add_argument("--models", default="", help="comma-separated models (a name or a CTranslate2 folder) to compare with the chosen setting")
    parser.add_argument("--set", choices=("eval", "fresh", "dev"), default="eval",
                        help="eval: the held-out answers (tests/natural_answers.py); fresh: the second held-out set, written after "
                             "the vocabularies were widened (tests/fresh_answers.py); dev: the answers the settings were tuned on")
    args = parser.parse_args()
    bank = load_bank()
    if args.set == "dev":
        from tests.dev_answers import dev_set

        pool = dev_set(bank)
    elif args.set == "fresh":
        from tests.fresh_answers import ANSWERS as pool
    else:
        from tests.natural_answers import ANSWERS as pool
    answers = [a for a in pool if not args.only or a.kind in args.only.split(",")]
    chosen = [SETTINGS[int(i)] for i in args.settings.split(",")] if args.settings else list(SETTINGS)
    cores = len(os.sched_getaffinity(0))
    rows = [(label, vocab, decoding, in_pieces, None, None) for label, vocab, decoding, in_pieces in chosen]
    for threads in filter(None, args.threads.split(",")):
        label, vocab, decoding, in_pieces = SETTINGS[1]
        rows.append((f"{label}, {threads} thread(s)", vocab, decoding, in_pieces, int(threads), None))
    for model in filter(None, args.models.split(",")):
        label, vocab, decoding, in_pieces = SETTINGS[1]
        rows.append((f"{label}, model {Path(model).name if '/' in model else model}", vocab, decoding, in_pieces, None, model))
    transcribers = [make_transcriber(model=model, cpu_threads=threads, decoding=decoding, in_pieces=in_pieces)
                    for _, _, decoding, in_pieces, threads, model in rows]
    for t in transcribers:
        t.load()
    print(f"recognition settings: {cores} cores, {len(answers)} answers x {len(VOICES)} voices, {len(rows)} settings, "
          f"default threads {transcribers[0].cpu_threads}", flush=True)
    results: dict[tuple[int, str], list] = defaultdict(list)
    times: dict[tuple[int, str], list[float]] = defaultdict(list)
    audio_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n, answer in enumerate(answers):
            question = bank.question(answer.question)
            for voice in VOICES:
                samples = load_audio(synthesize(answer.text, voice, Path(tmp)))
                audio_s += len(samples) / SAMPLE_RATE
                order = list(range(len(rows)))
                order = order[n % len(order):] + order[:n % len(order)]
                for i in order:
                    vocab = rows[i][1]
                    started = time.perf_counter()
                    transcript = transcribers[i].transcribe(samples, vocabulary=question.vocabulary if vocab else ())
                    times[i, voice].append((time.perf_counter() - started) / (len(samples) / SAMPLE_RATE))
                    results[i, voice].append(measure(answer, voice, transcript, question))
            print(f"  {n + 1}/{len(answers)} {answer.name}", file=sys.stderr, flush=True)
    print(f"audio: {audio_s / 60:.1f} min in all")
    base = {voice: statistics.median(times[0, voice]) for voice in VOICES}
    header = ("setting", "voice", "term recall", "strong cov (mean/min)", "trap max", "off-topic max", "filler err (mean/max)",
              "fluent hes (max)", "inserted", "RTF median", "vs before")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for i, (label, *_) in enumerate(rows):
        for voice in VOICES:
            ms = results[i, voice]

            def of(kind):
                return [m for m in ms if m.kind == kind]

            terms = sum(m.terms for m in ms)
            recall = sum(m.terms_heard for m in ms) / terms if terms else float("nan")
            strong = [m.coverage for m in of("strong")]
            errors = [abs(m.disfluencies - m.fillers_true) for m in ms if m.kind in ("disfluent", "fluent", "strong")]
            rtf = statistics.median(times[i, voice])
            cells = (label, voice, f"{recall:.3f}",
                     f"{statistics.mean(strong):.2f} / {min(strong):.2f}" if strong else "-",
                     f"{max((m.coverage for m in of('trap')), default=0):.2f}",
                     f"{max((m.coverage for m in of('off_topic')), default=0):.2f}",
                     f"{statistics.mean(errors):.1f} / {max(errors)}" if errors else "-",
                     f"{max((m.hesitations for m in of('fluent')), default=0)}",
                     str(sum(len(m.inserted) for m in ms)),
                     f"{rtf:.3f}", f"{rtf / base[voice]:.2f}x")
            print("| " + " | ".join(cells) + " |", flush=True)
    for i, (label, *_) in enumerate(rows):
        missed = defaultdict(int)
        for voice in VOICES:
            for m in results[i, voice]:
                answer = next(a for a in answers if a.name == m.name)
                heard = transcript_windows(m.score.transcript)
                for term in answer.terms:
                    if not said(term, heard):
                        missed[f"{term} ({voice})"] += 1
        print(f"{label}: missed terms: {', '.join(sorted(missed)) or 'none'}")
        misheard = defaultdict(set)
        for voice in VOICES:
            for m in results[i, voice]:
                for concept, result in zip(bank.question(m.score.question_id).rubric.concepts, m.score.coverage.concepts):
                    for ev in result.evidence:
                        if ev.phrase in concept.misheard:
                            misheard[f"{m.score.question_id}: {ev.phrase}"].add(voice)
        print(f"{label}: misheard entries that matched: "
              + (", ".join(f"{k} ({'+'.join(sorted(v))})" for k, v in sorted(misheard.items())) or "none"))


if __name__ == "__main__":
    main()
