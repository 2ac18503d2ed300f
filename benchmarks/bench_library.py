"""The new library questions scored on answers written apart from their rubrics: text, Piper and espeak.

tests/library_answers.py holds, for each of the 30 questions of system-design, backend-fundamentals and behavioral,
a strong and a vague answer, plus five answers about something else, all written from the topics alone. Each is
scored as text (the rubric itself) and as Whisper hears it spoken by Piper's natural voice and by espeak-ng (the
shipped transcriber, the question's vocabulary in its context). Prints coverage per bank and voice: strong mean and
lowest, vague mean, and the highest any off-topic answer reaches on any of the 30 questions. About 15 minutes on 2
cores.

    python benchmarks/bench_library.py [--voices text,piper,espeak]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import library_answers  # noqa: E402
from tests.helpers import transcript_from_text  # noqa: E402
from voicesim.question.bank import load_bank  # noqa: E402
from voicesim.scoring.overall import score_answer  # noqa: E402

BANKS = ("system-design", "backend-fundamentals", "behavioral")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="text,piper,espeak")
    voices = parser.parse_args().voices.split(",")

    questions = {key: load_bank(key.split("/")[0]).question(key.split("/")[1]) for key in library_answers.STRONG}
    transcriber = None
    folder = Path(tempfile.mkdtemp(prefix="bench-library-"))

    def heard(text: str, voice: str, vocabulary=()):
        nonlocal transcriber
        if voice == "text":
            return transcript_from_text(text)
        from tests.recognition_eval import synthesize
        from voicesim.audio.decode import load_audio
        from voicesim.transcript.whisper import make_transcriber

        transcriber = transcriber or make_transcriber()
        return transcriber.transcribe(load_audio(synthesize(text, voice, folder)), vocabulary=vocabulary)

    print("| bank | voice | strong mean | strong lowest (question) | vague mean | off-topic highest (answer, question) |")
    print("|---|---|---|---|---|---|")
    for voice in voices:
        off = {name: heard(text, voice) for name, text in library_answers.OFF_TOPIC.items()}
        for bank in BANKS:
            keys = [k for k in library_answers.STRONG if k.startswith(bank + "/")]
            strong = {k: score_answer(heard(library_answers.STRONG[k], voice, questions[k].vocabulary), questions[k]).coverage.score
                      for k in keys}
            weak = [score_answer(heard(library_answers.WEAK[k], voice, questions[k].vocabulary), questions[k]).coverage.score
                    for k in keys]
            worst_off = max(((score_answer(t, questions[k]).coverage.score, name, k) for name, t in off.items() for k in keys))
            low = min(strong, key=strong.get)
            print(f"| {bank} | {voice} | {statistics.mean(strong.values()):.2f} | {strong[low]:.2f} ({low.split('/')[1]}) | "
                  f"{statistics.mean(weak):.2f} | {worst_off[0]:.2f} ({worst_off[1]}, {worst_off[2].split('/')[1]}) |", flush=True)


if __name__ == "__main__":
    main()
