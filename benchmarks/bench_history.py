"""`make bench`, part 2: the history with 200 stored sessions. Prints figures; asserts nothing.

Sessions are built from real transcripts (synthesised answers transcribed once by the real
model) and stored through the same Store the CLI uses, in a private VOICESIM_HOME. Then the
commands a user runs are timed as separate processes (median of 5, start-up included):
history, progress, export, review and the HTML report of the last session (with its size per minute of audio).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SESSIONS = 200
QUESTIONS_PER_SESSION = 3


def make_answers(tmp: Path) -> list[tuple[Path, object]]:
    """A few real answers: (WAV, transcript) pairs, transcribed once."""
    from benchmarks.bench import synth_answer
    from tests.answers import CLEAN_SHORT, FILLER_HEAVY
    from tests.audio_helpers import synth
    from voicesim.transcript.whisper import make_transcriber

    wavs = [tmp / "long.wav", synth(CLEAN_SHORT, tmp / "short.wav"), synth(FILLER_HEAVY, tmp / "fillers.wav")]
    synth_answer(60, wavs[0])
    transcriber = make_transcriber()
    return [(w, transcriber.transcribe_file(w)) for w in wavs]


def fill(home: Path, answers: list[tuple[Path, object]]) -> float:
    """Store SESSIONS sessions; returns the seconds it took."""
    from voicesim.question.bank import load_bank
    from voicesim.scoring import score_answer
    from voicesim.store import AnswerSettings, Store

    bank = load_bank()
    started = time.perf_counter()
    with Store(home / "voicesim.db") as store:
        for n in range(SESSIONS):
            session_id = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}T10-00-00"
            store.begin_session(session_id, "practice", bank, session_id[:10] + "T10:00:00+00:00", None)
            for k in range(QUESTIONS_PER_SESSION):
                question = bank.questions[(n + k) % len(bank.questions)]
                wav, transcript = answers[(n + k) % len(answers)]
                store.add_answer(session_id, question, ended_by="silence", audio_path=wav, audio_owned=False,
                                 recorded_s=transcript.duration, transcript=transcript, settings=AnswerSettings(2.0, {}),
                                 score=score_answer(transcript, question))
            store.end_session(session_id)
    return time.perf_counter() - started


def timed(env: dict, *args: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "voicesim", *args], check=True, capture_output=True, env=env, cwd=REPO)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _last_session_minutes(home: Path) -> float:
    from voicesim.audio.decode import SAMPLE_RATE, load_audio
    from voicesim.store import Store

    with Store(home / "voicesim.db") as store:
        session = store.session("last")
    return sum(len(load_audio(a.audio_path)) / SAMPLE_RATE for a in session.answers if a.audio_path) / 60


def main() -> None:
    cores = len(os.sched_getaffinity(0))
    print(f"history benchmark: {cores} cores, {SESSIONS} sessions x {QUESTIONS_PER_SESSION} answers")
    with tempfile.TemporaryDirectory(prefix="voicesim-bench-history-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        answers = make_answers(tmp)
        seconds = fill(home, answers)
        print(f"storing {SESSIONS * QUESTIONS_PER_SESSION} answers, one transaction each: {seconds:.2f} s "
              f"({seconds / (SESSIONS * QUESTIONS_PER_SESSION) * 1000:.1f} ms per answer); database "
              f"{(home / 'voicesim.db').stat().st_size / 1e6:.1f} MB")
        env = dict(os.environ, VOICESIM_HOME=str(home), COLUMNS="120")
        baseline = timed(env, "--help")
        print(f"voicesim --help (process start-up, for reference): {baseline * 1000:.0f} ms")
        for label, args in (
            ("history (20 newest)", ("history",)),
            ("history --limit 200", ("history", "--limit", "200")),
            ("history --json --limit 200", ("history", "--json", "--limit", "200")),
            ("progress", ("progress",)),
            ("progress --json", ("progress", "--json")),
            ("progress --plot chart.png", ("progress", "--plot", str(tmp / "chart.png"))),
            ("export --format csv (600 answers)", ("export", "--format", "csv", "--output", str(tmp / "all.csv"))),
            ("export --format json (600 answers)", ("export", "--format", "json", "--output", str(tmp / "all.json"))),
            ("review last", ("review", "last")),
            ("report last --html (3 answers, audio embedded)", ("report", "last", "--html", str(tmp / "report.html"))),
        ):
            print(f"{label}: {timed(env, *args) * 1000:.0f} ms (median of 5)")
        audio_minutes = _last_session_minutes(home)
        size = (tmp / "report.html").stat().st_size
        print(f"report size: {size / 1e6:.2f} MB for {audio_minutes:.2f} min of audio = {size / 1e6 / audio_minutes:.2f} MB per minute")


if __name__ == "__main__":
    main()
