"""Choosing Whisper's decoding settings by measurement: accuracy and speed on the evaluation answers, spoken by
Piper's natural voice and by espeak-ng (and, with --voices, espeak's f3 and m3 variants), side by side in one run.

Every answer is synthesised once per voice; then each setting transcribes it in turn (the order rotates from answer
to answer, so drift in the machine's speed falls on all settings alike). Printed per set, setting and voice: term
recall, coverage of strong answers, the highest coverage of trap and off-topic answers, filler error (filler words +
hesitations against the truth), fillers counted in fluent answers, vocabulary terms inserted where they were not
said; the transcript aligned to the script word by word (fillers set aside): substitutions, deletions and
insertions as shares of the script's words, and the invented runs (two or more inserted words in a row), listed
with their text; the median real-time factor with its ratio to the first setting.

    .venv/bin/python benchmarks/eval_recognition.py [--set dev,eval,fresh,blind] [--voices piper,espeak]
                                                    [--settings 0,1] [--threads 1,2] [--only strong,trap]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.recognition_eval import ESPEAK_VARIANTS, VOICES, answer_sets, measure, said, synthesize, transcribe_streaming  # noqa: E402
from tests.recognition_eval import transcript_windows  # noqa: E402
from voicesim.audio.decode import SAMPLE_RATE, load_audio  # noqa: E402
from voicesim.question.bank import load_bank  # noqa: E402
from voicesim.transcript.decoding import Decoding  # noqa: E402
from voicesim.transcript.whisper import make_transcriber  # noqa: E402

# (label, question vocabulary in the context?, decoding, how: "stream" (the live path: blocks fed to
# LiveTranscription as the recorder feeds them), "pieces" (the recording cut as live transcription cuts it), "one pass")
SETTINGS = (
    ("before (issue 14): temperature fallback, no window checks", True, Decoding(temperature_fallback=True, window_checks=False), "pieces"),
    ("shipped, streaming", True, Decoding(), "stream"),
    ("shipped, one pass over the whole answer", True, Decoding(), "one pass"),
    ("temperature fallback, window checks", True, Decoding(temperature_fallback=True), "pieces"),
    ("no fallback, no window checks", True, Decoding(window_checks=False), "pieces"),
    ("greedy", True, Decoding(beam_size=1), "pieces"),
    ("filler prompt only (no vocabulary)", False, Decoding(), "pieces"),
)


def _row(label: str, voice: str, ms: list, rtf: float, base: float) -> tuple[str, ...]:
    def of(kind):
        return [m for m in ms if m.kind == kind]

    terms = sum(m.terms for m in ms)
    recall = sum(m.terms_heard for m in ms) / terms if terms else float("nan")
    listed = sum(m.vocabulary_terms for m in ms)
    listed_recall = sum(m.vocabulary_terms_heard for m in ms) / listed if listed else float("nan")
    strong = [m.coverage for m in of("strong")]
    errors = [abs(m.disfluencies - m.fillers_true) for m in of("disfluent")]
    words = sum(m.errors.reference for m in ms)
    runs = [r for m in ms for r in m.errors.invented]
    return (label, voice, f"{recall:.3f}", f"{listed_recall:.3f} of {listed}",
            f"{statistics.mean(strong):.2f} / {min(strong):.2f}" if strong else "-",
            f"{max((m.coverage for m in of('trap')), default=0):.2f}",
            f"{max((m.coverage for m in of('off_topic')), default=0):.2f}",
            f"{statistics.mean(errors):.1f} / {max(errors)}" if errors else "-",
            f"{max((m.disfluencies for m in of('fluent')), default=0)}",
            str(sum(len(m.inserted) for m in ms)),
            f"{sum(m.errors.substitutions for m in ms) / words:.1%}",
            f"{sum(m.errors.deletions for m in ms) / words:.1%}",
            f"{sum(m.errors.insertions for m in ms) / words:.1%}",
            f"{len(runs)} in {sum(bool(m.errors.invented) for m in ms)} of {len(ms)}",
            f"{rtf:.3f}", f"{rtf / base:.2f}x")


HEADER = ("setting", "voice", "term recall", "recall of the vocabulary's", "strong cov (mean/min)", "trap max", "off-topic max", "filler err (mean/max)",
          "fluent fillers (max)", "vocab inserted", "subst", "del", "ins", "invented runs (answers)", "RTF median", "vs first")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="eval", help="comma-separated: dev (tuned on), eval (tests/natural_answers.py), "
                        "fresh (tests/fresh_answers.py), blind (tests/blind_answers.py, issue 15)")
    parser.add_argument("--voices", default=",".join(VOICES), help=f"comma-separated, of {', '.join(VOICES + ESPEAK_VARIANTS)}")
    parser.add_argument("--settings", default="", help="comma-separated setting numbers (0-based) to run")
    parser.add_argument("--threads", default="", help="comma-separated thread counts to compare for the shipped setting")
    parser.add_argument("--only", default="", help="comma-separated answer kinds")
    parser.add_argument("--bias", default="", help="comma-separated vocabulary bonuses (biasing.py) to compare with the shipped "
                        "setting, each as BONUS or BONUS:HYPOTHESES (faster-whisper N-best rescoring; more hypotheses than the beam "
                        "widen the beam), with +s: and sound-alike candidates scored by the model (rescoring.py)")
    parser.add_argument("--openai", default="", help="comma-separated vocabulary bonuses for rows with the openai-whisper "
                        "engine (0: no bias; its bias is shallow fusion inside the beam search)")
    parser.add_argument("--audio", default="", help="a folder to keep the synthesised answers in between runs (Piper's draw "
                        "is then the same for every run)")
    args = parser.parse_args()
    bank = load_bank()
    voices = tuple(args.voices.split(","))
    sets = {name: [a for a in pool if not args.only or a.kind in args.only.split(",")]
            for name, pool in answer_sets(bank, args.set.split(",")).items()}
    chosen = [SETTINGS[int(i)] for i in args.settings.split(",")] if args.settings else list(SETTINGS)
    rows = [(label, vocab, decoding, how, None, None) for label, vocab, decoding, how in chosen]
    for threads in filter(None, args.threads.split(",")):
        label, vocab, decoding, how = SETTINGS[1]
        rows.append((f"{label}, {threads} thread(s)", vocab, decoding, how, int(threads), None))
    for spec in filter(None, args.bias.split(",")):
        spec, sounds = spec.removesuffix("+s"), spec.endswith("+s")
        bonus, _, hypotheses = spec.partition(":")
        label, vocab, decoding, how = SETTINGS[1]
        rows.append((f"{label}, bias {bonus}" + (f" over {hypotheses} hypotheses" if hypotheses else "")
                     + (", sound-alikes" if sounds else ""), vocab,
                     replace(decoding, bias=float(bonus), hypotheses=int(hypotheses or 0), sound_alikes=sounds,
                             beam_size=max(decoding.beam_size, int(hypotheses or 0))), how, None, None))
    for bonus in filter(None, args.openai.split(",")):
        label, vocab, decoding, how = SETTINGS[1]
        rows.append((f"openai-whisper, {label}, bias {bonus}", vocab, replace(decoding, bias=float(bonus)), how, None,
                     "openai-whisper"))
    transcribers = [make_transcriber(cpu_threads=threads, decoding=decoding, in_pieces=how != "one pass", engine=engine)
                    for _, _, decoding, how, threads, engine in rows]
    for t in transcribers:
        t.load()
    cores = len(os.sched_getaffinity(0))
    print(f"recognition: {cores} cores, sets {', '.join(f'{k} ({len(v)})' for k, v in sets.items())} x {len(voices)} voices, "
          f"{len(rows)} settings, default threads {transcribers[0].cpu_threads}", flush=True)
    results: dict[tuple[str, int, str], list] = defaultdict(list)
    times: dict[tuple[str, int, str], list[float]] = defaultdict(list)
    audio_s = 0.0
    n = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.audio or scratch
        for set_name, answers in sets.items():
            for answer in answers:
                question = bank.question(answer.question)
                for voice in voices:
                    samples = load_audio(synthesize(answer.text, voice, Path(tmp)))
                    audio_s += len(samples) / SAMPLE_RATE
                    order = list(range(len(rows)))
                    order = order[n % len(order):] + order[:n % len(order)]
                    n += 1
                    for i in order:
                        vocabulary = question.vocabulary if rows[i][1] else ()
                        started = time.perf_counter()
                        if rows[i][3] == "stream":
                            transcript = transcribe_streaming(transcribers[i], samples, vocabulary)
                        else:
                            transcript = transcribers[i].transcribe(samples, vocabulary=vocabulary)
                        times[set_name, i, voice].append((time.perf_counter() - started) / (len(samples) / SAMPLE_RATE))
                        results[set_name, i, voice].append(measure(answer, voice, transcript, question))
                print(f"  {set_name} {answer.name}", file=sys.stderr, flush=True)
    print(f"audio: {audio_s / 60:.1f} min in all")
    for set_name in sets:
        print(f"\n### {set_name}\n")
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for voice in voices:
            base = statistics.median(times[set_name, 0, voice])
            for i, (label, *_) in enumerate(rows):
                rtf = statistics.median(times[set_name, i, voice])
                print("| " + " | ".join(_row(label, voice, results[set_name, i, voice], rtf, base)) + " |", flush=True)
        for i, (label, *_) in enumerate(rows):
            for voice in voices:
                runs = [f"{m.name}: {r!r}" for m in results[set_name, i, voice] for r in m.errors.invented]
                print(f"- {label}, {voice}: invented runs: {'; '.join(runs) or 'none'}")
                missed = [f"{term} ({m.name})" for m in results[set_name, i, voice]
                          for term in next(a for a in sets[set_name] if a.name == m.name).terms
                          if not said(term, transcript_windows(m.score.transcript))]
                print(f"- {label}, {voice}: missed terms: {', '.join(missed) or 'none'}")
                inserted = [f"{term} ({m.name})" for m in results[set_name, i, voice] for term in m.inserted]
                print(f"- {label}, {voice}: vocabulary inserted: {', '.join(inserted) or 'none'}")


if __name__ == "__main__":
    main()
