"""`voicesim practice`: the mock interview on the terminal.

Rendering (rich) and key handling live here; the session itself is voicesim.practice
(imported when a command runs, so `voicesim --help` stays instant).
"""

from __future__ import annotations

import math
import queue
import sys
import threading
from pathlib import Path

import click

from typing import TYPE_CHECKING

from voicesim.question.bank import DEFAULT_BANK
from voicesim.cli.app import cli, engine_option, make_console, model_option, open_store, threads_option

if TYPE_CHECKING:
    from voicesim.practice.session import Keys, LiveStatus, SessionRecord
    from voicesim.question.bank import Bank


class KeyReader:
    """Reads keys on a background thread: single keys on a terminal (cbreak mode), lines otherwise."""

    def __init__(self, keys: Keys):
        self.keys = keys
        self.interactive = sys.stdin.isatty()
        self._answers: queue.Queue[str] = queue.Queue()
        self._asking = threading.Event()
        self._saved_tty = None

    def start(self) -> None:
        if self.interactive:
            import termios
            import tty

            self._saved_tty = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
        threading.Thread(target=self._read, name="voicesim-keys", daemon=True).start()

    def stop(self) -> None:
        if self._saved_tty is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved_tty)
            self._saved_tty = None

    def _read(self) -> None:
        while True:
            item = sys.stdin.read(1) if self.interactive else sys.stdin.readline()
            if not item:
                return  # end of input: no more keys
            if self._asking.is_set():
                self._answers.put(item.strip().lower())
                continue
            self.keys.any_key.set()
            if item in ("\n", "\r") or not self.interactive:
                self.keys.enter.set()

    def ask(self, default: str) -> str:
        """The next key (or line) typed, or `default` when there is no terminal to ask."""
        if not self.interactive:
            return default
        while not self._answers.empty():
            self._answers.get_nowait()
        self._asking.set()
        try:
            return self._answers.get() or default
        finally:
            self._asking.clear()


def _meter(dbfs: float, width: int = 30) -> str:
    filled = 0 if math.isinf(dbfs) else max(0, min(width, int((dbfs + 60) / 60 * width)))
    colour = "red" if dbfs > -3 else "green" if dbfs > -45 else "dim"
    return f"[{colour}]{'█' * filled}[/]{'░' * (width - filled)}"


class RichUI:
    """Renders the session with rich: a live panel while recording, a scorecard per answer."""

    def __init__(self, reader: KeyReader, bank: Bank | None = None):
        self.console = make_console()
        self.reader = reader
        self.bank = bank  # where a question with no rubric yet can get one
        self.live = None  # a rich Live while a countdown or recording panel is on screen
        self._announced = False
        self._warned = False
        self._behind_said = False
        self._coached = False  # the coach was on screen during this question's answer: its final line follows

    def _live(self, renderable) -> None:
        from rich.live import Live

        if not self.console.is_terminal:
            return
        if self.live is None:
            self.live = Live(renderable, console=self.console, refresh_per_second=10, transient=True)
            self.live.start()
        else:
            self.live.update(renderable)

    def _end_live(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def on_question(self, index, total, question) -> None:
        from rich.markup import escape

        self._coached = False
        self.console.rule(f"Question {index} of {total}")
        self.console.print(f"[bold]{escape(question.prompt)}[/]  [dim]({escape(question.id)}; aim for {question.target.min_s:.0f}-{question.target.max_s:.0f} s)[/]")
        if not question.has_rubric:
            from rich.text import Text

            where = self.bank.bank_of(question.id).path if self.bank is not None else "its bank file"
            self.console.print(Text(f"No rubric yet for this question: it is scored for delivery only (add concepts to {where} to score content)",
                                    style="yellow"))

    def on_speaking(self, question, speaking) -> None:
        if speaking:
            self.console.print("[dim]Speaking the question... (Enter skips the rest)[/]")

    def on_prep(self, remaining_s) -> None:
        hint = "press any key to start now" if self.reader.interactive else "press Enter to start now"
        self._live(f"Thinking time: [bold]{math.ceil(remaining_s)}[/] s ({hint})")

    def on_recording(self, question, status: LiveStatus, warn: bool) -> None:
        if not self._announced:
            self._end_live()
            self.console.print("[bold red]●[/] Recording: answer now. [dim]Enter finishes; a few seconds of silence also ends it; Ctrl+C stops.[/]")
            self._announced = True
            self._warned = False
        if warn and not self._warned and not self.console.is_terminal:  # on a terminal the panel shows it
            self.console.print(f"[yellow]{max(0, status.cap_s - status.elapsed_s):.0f} s left before the time cap.[/]")
            self._warned = True
        from rich.panel import Panel
        from rich.text import Text

        from voicesim.report.review_view import mmss

        target = f"target {mmss(status.target_min_s)}-{mmss(status.target_max_s)}, cap {mmss(status.cap_s)}"
        lines = [
            f"[bold red]● REC[/] {mmss(status.elapsed_s)}  [dim]{target}[/]",
            f"level {_meter(status.level_dbfs)} " + ("[green]speech heard[/]" if status.has_spoken else "[dim]waiting for speech[/]"),
        ]
        if warn:
            lines.append(f"[bold yellow]{max(0, status.cap_s - status.elapsed_s):.0f} s left[/]")
        lines.append("[dim]Enter: finish · silence: finishes by itself · Ctrl+C: stop[/]")
        body = [Text.from_markup(line) for line in lines]
        if status.coach is not None:  # below the clock and the meter (transcript text: Text, never markup)
            from voicesim.report.coach_view import coach_lines

            body[2:2] = coach_lines(status.coach)
            self._coached = True
        self._live(Panel(Text("\n").join(body), expand=False))

    def on_recording_end(self, question, ended_by, path, seconds, overflows) -> None:
        from rich.text import Text

        self._end_live()
        self._announced = False
        why = {"enter": "you pressed Enter", "silence": "silence after your answer", "max_time": "time cap reached",
               "no_speech": "no speech heard", "interrupted": "interrupted", "device_lost": "the microphone stopped"}.get(ended_by, ended_by)
        self.console.print(Text(f"Recorded {seconds:.1f} s ({why}) to {path}"))
        if overflows:
            self.console.print(f"[yellow]Warning: {overflows} input overflow(s): the sound system dropped some audio.[/]")

    def on_transcribing(self, question) -> None:
        self.console.print("[dim]Transcribing and scoring...[/]")

    def on_transcribing_progress(self, question, remaining_s) -> None:
        # Only called when live transcription fell behind (a slow machine, a large model): say why the wait.
        if remaining_s <= 0:
            self._end_live()
            self._behind_said = False
            return
        line = f"Transcribing the last {remaining_s:.0f} s of your answer: the transcriber fell behind while you spoke..."
        if self.console.is_terminal:
            self._live(f"[dim]{line}[/]")
        elif not self._behind_said:  # a log or a pipe: once, not a line per tick
            self.console.print(f"[dim]{line}[/]")
            self._behind_said = True

    def on_score(self, question, score, comparison) -> None:
        from voicesim.report.comparison_view import comparison_text
        from voicesim.report.terminal import scorecard

        if self._coached and not score.no_speech:  # the coach's last word: its figures for the whole answer
            from voicesim.practice.coach import final_view
            from voicesim.report.coach_view import coach_summary

            self.console.print(coach_summary(final_view(score.transcript, question.target)))
            self._coached = False
        self.console.print(scorecard(score, question))
        if not score.no_speech:
            self.console.print(comparison_text(comparison))

    def on_follow_up(self, question, number, prompt) -> None:
        from rich.text import Text

        self.console.print(Text(f"Follow-up {number}: {prompt}", style="bold cyan"))

    def on_follow_up_result(self, question, result, score) -> None:
        from rich.text import Text

        if result.recovered:
            for c in result.recovered:
                ev = "; ".join(f"\"{e.heard}\" at {e.start:.1f} s" for e in c.evidence)
                self.console.print(Text(f"Recovered {c.name} (half credit): {ev}", style="green"))
        else:
            self.console.print(Text(f"Not recovered: {result.concept}.", style="yellow"))
        coverage = f"{score.coverage.score:.0%}" if score.coverage.rated else "no rubric yet"
        self.console.print(f"Coverage now {coverage}; [bold]Overall {score.overall}/100[/]")

    def on_missing_answer(self, question, directory) -> None:
        from rich.text import Text

        self.console.print(Text(f"No answer file for '{question.id}' in {directory} (expected {question.id}.wav, .flac, .mp3, .ogg or .m4a): skipped.",
                                style="yellow"))

    def ask_after_no_speech(self, question, waited_s) -> str:
        from rich.text import Text

        self.console.print(f"[yellow]No speech heard for {waited_s:.0f} s. Is the microphone working? "
                           "Check it with `voicesim mic-check` or pick another with --device.[/]")
        if not self.reader.interactive:
            return "skip"
        self.console.print(Text("[r]etry, [s]kip this question, or [q]uit? "), end="")
        choice = self.reader.ask("s")[:1]
        self.console.print(choice)
        return {"r": "retry", "q": "quit"}.get(choice, "skip")

    def ask_score_partial(self, question, seconds) -> bool:
        from rich.text import Text

        if not self.reader.interactive:
            return False
        self.console.print(Text(f"Score the {seconds:.0f} s recorded so far? [Y/n] "), end="")
        answer = self.reader.ask("y")
        self.console.print(answer)
        return not answer.startswith("n")

    def ready_for_next(self, done: int, total: int) -> bool:
        if not self.reader.interactive:
            return True
        self.console.print(f"[dim]{done} of {total} done. Press any key for the next question, or q to finish.[/]", end="")
        answer = self.reader.ask("")
        self.console.print()
        return answer != "q"

    def summary(self, session: SessionRecord) -> None:
        from rich.table import Table
        from rich.text import Text

        from voicesim.report.comparison_view import change_cell

        self._end_live()
        if not session.answers:
            return
        table = Table(title="Session summary", title_justify="left")
        for col in ("question", "ended by", "overall", "coverage", "pace (wpm)", "fillers/min", "pauses"):
            table.add_column(col, justify="left" if col in ("question", "ended by") else "right")
        compared = any(a.comparison is not None for a in session.answers)
        if compared:
            table.add_column("overall vs earlier attempts")
            table.add_column("fillers/min vs earlier")
        scored = []
        # several banks: the answers grouped by bank, in the order the banks were given
        order = {part.name: n for n, part in enumerate(session.bank.parts)}
        answers = sorted(session.answers, key=lambda a: order.get(session.bank.bank_of(a.question.id).name, 0))
        group = None
        for a in answers:
            if session.bank.parts and session.bank.bank_of(a.question.id).name != group:
                group = session.bank.bank_of(a.question.id).name
                table.add_section()
                table.add_row(Text(session.bank.bank_of(a.question.id).title, style="bold"))
            s = a.score
            if s is not None and not s.no_speech:
                scored.append(s.overall)
                d = s.delivery
                coverage = f"{s.coverage.score:.0%}" if s.coverage.rated else "no rubric"
                row = [Text(a.question.id), a.ended_by, str(s.overall), coverage, f"{d.wpm:.0f}" if d.wpm else "-",
                       f"{d.fillers_per_minute:.1f}", str(len(d.pauses))]
                if compared:
                    row += [change_cell(a.comparison, "overall"), change_cell(a.comparison, "fillers_per_minute")]
            else:
                row = [Text(a.question.id), a.ended_by, "-", "-", "-", "-", "-"] + (["", ""] if compared else [])
            table.add_row(*row)
        self.console.print(table)
        if scored:
            self.console.print(f"Average overall: [bold]{sum(scored) / len(scored):.0f}/100[/] over {len(scored)} answer(s)")
        for part in session.bank.parts:
            mine = [a.score.overall for a in session.answers
                    if a.score is not None and not a.score.no_speech and session.bank.bank_of(a.question.id) is part]
            if mine:
                self.console.print(Text(f"  {part.title}: {sum(mine) / len(mine):.0f}/100 over {len(mine)} answer(s)"))
        bests = [(a.question.id, c) for a in session.answers if a.comparison for c in a.comparison.new_bests]
        for qid, change in bests:
            self.console.print(Text(f"★ New personal best on {qid}: {change.label}", style="bold green"))
        self.console.print(Text(f"Saved in {session.directory}; review it with `voicesim review {session.session_id}`"))


@cli.command()
@click.option("--bank", "banks", multiple=True, default=(DEFAULT_BANK,), show_default=True, metavar="NAME|PATH",
              help="Question bank: a name (`voicesim banks` lists them) or a TOML file. Give it more than once to draw from each in turn: "
                   "--bank netflix-backend --bank netflix-backend --bank netflix-culture asks two technical questions for one culture question.")
@click.option("--count", "-n", type=click.IntRange(1, 100), default=3, show_default=True, help="How many questions.")
@click.option("--question", "-q", "question_ids", multiple=True, metavar="ID", help="Ask this question (repeatable); overrides --count.")
@click.option("--shuffle", is_flag=True, help="Pick the questions at random.")
@click.option("--retake", metavar="last|SESSION", default=None, help="Ask the questions of an earlier session again (see `voicesim history`).")
@click.option("--weakest", is_flag=True, help="Ask the questions with the lowest recent coverage, never-practised ones first.")
@click.option("--voice", default=None, metavar="NAME|ID",
              help="The interviewer's voice: a neural voice (joe, the default), espeak, espeak:ID or an espeak-ng voice id such as gmw/en-us. See `voicesim voices`.")
@click.option("--rate", type=click.IntRange(80, 400), default=None, help="Speaking rate of the questions, words per minute (default 175).")
@click.option("--no-speak", is_flag=True, help="Show the questions without speaking them.")
@click.option("--prep", "prep_s", type=click.FloatRange(0, 300), default=5.0, show_default=True, help="Thinking time before recording, seconds.")
@click.option("--end-silence", type=click.FloatRange(0.5, 60), default=3.0, show_default=True, help="Silence that ends an answer once you have spoken, seconds.")
@click.option("--max-seconds", type=click.FloatRange(5, 3600), default=None, help="Time cap per answer (default: the question's target maximum plus 25%).")
@click.option("--no-speech-timeout", type=click.FloatRange(2, 600), default=20.0, show_default=True, help="Seconds without any speech before asking whether the microphone works.")
@click.option("--device", default=None, metavar="NAME|INDEX", help="Microphone (see `voicesim devices`).")
@click.option("--output-device", default=None, metavar="NAME|INDEX", help="Speaker for the questions.")
@click.option("--answers", "answers_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None, help="Score recorded files <question-id>.<ext> from DIR instead of the microphone.")
@click.option("--recordings", "recordings_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where sessions are saved (default: recordings/).")
@click.option("--pause", "pause_s", type=click.FloatRange(0.2, 60), default=2.0, show_default=True, help="Silences at least this long count as pauses.")
@click.option("--streaming/--no-streaming", default=True, show_default=True,
              help="Transcribe while you speak, so the scorecard follows the end of the answer at once.")
@click.option("--follow-ups", type=click.IntRange(0, 20), default=1, show_default=True,
              help="Follow-up questions after an answer, one per must concept it left out (0: none). With --answers, "
                   "a reply is read from <question-id>.followup-<n>.<ext>.")
@click.option("--coach/--no-coach", default=True, show_default=True,
              help="While you answer, show the words heard, pace, fillers and length so far, with a cue when a trend lasts (needs --streaming).")
@engine_option
@model_option
@threads_option
def practice(banks, count, question_ids, shuffle, retake, weakest, voice, rate, no_speak, prep_s, end_silence, max_seconds, no_speech_timeout,
             device, output_device, answers_dir, recordings_dir, pause_s, streaming, follow_ups, coach, engine, model, threads) -> None:
    """A mock interview: each question is spoken, your answer recorded and scored."""
    from voicesim.practice import selection
    from voicesim.practice.session import Keys, PracticeOptions, PracticeSession, SessionInterrupted
    from voicesim.question.bank import combine_banks, load_bank

    if sum(bool(x) for x in (question_ids, retake, weakest)) > 1:
        raise click.UsageError("choose one of --question, --retake and --weakest")
    store = open_store()
    if retake:
        b, questions = selection.retake(store, retake)
    else:
        b = combine_banks([load_bank(bank) for bank in banks])
        questions = selection.weakest(store, b, count) if weakest else selection.pick_questions(b, question_ids, count, shuffle)
    options = PracticeOptions(
        speak=not no_speak and answers_dir is None, voice=voice, rate=rate, prep_s=0.0 if answers_dir else prep_s,
        end_silence_s=end_silence, no_speech_timeout_s=no_speech_timeout, max_seconds=max_seconds, device=device,
        output_device=output_device, recordings_dir=recordings_dir, answers_dir=answers_dir, pause_threshold_s=pause_s,
        model=model, threads=threads, engine=engine, streaming=streaming, follow_ups=follow_ups, coach=coach and streaming,
    )
    from voicesim.audio.native_noise import quiet_audio_libraries

    keys = Keys()
    reader = KeyReader(keys)
    ui = RichUI(reader, b)
    if coach and not streaming and answers_dir is None:  # once, not per answer
        ui.console.print("[dim]No coach while you answer: it needs --streaming (the words are heard as you speak).[/]")
    reader.start()
    try:
        with quiet_audio_libraries():
            session = PracticeSession(b, questions, options, ui, keys, store=store).run()
        ui.summary(session)
    except SessionInterrupted as stop:
        ui.summary(stop.session)
        click.echo("Interrupted: everything recorded so far is kept.", err=True)
        sys.exit(130)
    finally:
        ui._end_live()
        reader.stop()
        store.close()
