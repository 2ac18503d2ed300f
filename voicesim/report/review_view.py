"""Rich renderables for `voicesim review`: one stored answer, its transcript marked up as it was heard.

Everything that comes from a bank or a transcript goes into rich `Text` objects, never into
markup strings, so a prompt holding "[/bold]" or "<script>" is shown as written.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from voicesim.report.annotate import HesitationMark, MarkedWord, PauseMark, annotate, evidence_ends
from voicesim.report.compare import format_value
from voicesim.question.bank import Question
from voicesim.scoring import Score
from voicesim.scoring.mishearing import Mishearing, everyday_words, likely_mishearings
from voicesim.store.records import AnswerDetail

CONCEPT_STYLE = "bold green underline"
FILLER_STYLE = "black on yellow"
HEDGE_STYLE = "italic magenta"
PAUSE_STYLE = "bold yellow"


def mmss(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def concept_numbers(score: Score) -> dict[str, int]:
    """Covered concepts numbered in rubric order: the numbers shown after their evidence."""
    return {c.name: n for n, c in enumerate((c for c in score.coverage.concepts if c.hit), start=1)}


def marked_transcript(score: Score) -> Text:
    """The transcript with concept evidence, fillers, hedges and long pauses marked in place.

    A time stamp opens the transcript and follows every long pause, so `--from` has somewhere to aim."""
    numbers = concept_numbers(score)
    marks = annotate(score)
    ends = evidence_ends(marks)
    text = Text()
    if marks:
        text.append(f"[{mmss(marks[0].start)}]", style="dim")
    # Each mark brings the space before it, but a word Whisper wrote onto the previous one ("-off") brings none.
    for i, mark in enumerate(marks):
        if isinstance(mark, HesitationMark):
            text.append(" ")
            text.append(f"(uh? {mark.duration_s:.1f} s)", style=FILLER_STYLE)
            continue
        if isinstance(mark, PauseMark):
            text.append(" ")
            text.append(f"⏸ {mark.duration_s:.1f} s", style=PAUSE_STYLE)
            nxt = next((m for m in marks[i + 1:] if isinstance(m, MarkedWord)), None)
            if nxt is not None:
                text.append(f" [{mmss(nxt.start)}]", style="dim")
            continue
        if not mark.joined:
            text.append(" ")
        style = FILLER_STYLE if mark.filler else CONCEPT_STYLE if mark.concepts else HEDGE_STYLE if mark.hedge else ""
        text.append(mark.text, style=style)
        if i in ends:  # a concept's number follows the last word of its evidence
            text.append("".join(f"[{numbers[c]}]" for c in ends[i] if c in numbers), style="green")
    return text


def _header(detail: AnswerDetail, index: int, total: int) -> list:
    a, s = detail.answer, detail.session
    parts: list = [Rule(Text(f"Answer {index} of {total}: {a.question_id}"), align="left"),
                   Text(detail.question.prompt, style="bold"),
                   Text(f"Session {s.id} ({s.kind}, bank {s.bank}), {s.started_at}; ended by {a.ended_by}, {a.recorded_s:.1f} s recorded",
                        style="dim")]
    if a.audio_path is None:
        parts.append(Text("No recording was kept for this answer.", style="yellow"))
    elif not a.audio_path.is_file():
        parts.append(Text(f"Recording missing: {a.audio_path} (moved or deleted); the transcript below is what was kept.", style="yellow"))
    else:
        parts.append(Text(f"Recording: {a.audio_path}", style="dim"))
    return parts


def _figures(detail: AnswerDetail, score: Score) -> Text:
    stored = detail.answer.score
    d = score.delivery
    coverage = f"{score.coverage.score:.0%}" if score.coverage.rated else "no rubric yet"
    line = Text.assemble(("Overall ", "bold"), (f"{score.overall}/100", "bold"), f"  coverage {coverage}",
                         f"  pace {format_value('wpm', d.wpm)} wpm" if d.wpm is not None else "",
                         f"  fillers {len(d.fillers)} ({d.fillers_per_minute:.1f}/min)  hedges {len(d.hedges)}  long pauses {len(d.pauses)}")
    if stored is not None and stored.version > 1:
        line.append(f"  (score version {stored.version}, rescored {stored.scored_at})", style="dim")
    return line


def _concepts(score: Score) -> Table:
    numbers = concept_numbers(score)
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(width=4)
    table.add_column(style="bold")
    table.add_column()
    for c in score.coverage.concepts:
        name = Text(c.name + (f" ({c.tier})" if c.tier else ""))
        if c.hit:
            evidence = Text("; ".join(f"\"{e.heard}\" at {mmss(e.start)}" + ("" if e.exact else " (near match)") for e in c.evidence))
            if c.via == "follow_up":
                evidence.append(" (in the follow-up reply: half credit)", style="dim")
            table.add_row(Text(f"✓ {numbers[c.name]}", style="green" if c.via == "answer" else "yellow"), name, evidence)
        else:
            table.add_row(Text("✗", style="red"), name, Text("missed", style="dim"))
    return table


@lru_cache(maxsize=1)
def _library_words() -> frozenset[str]:
    from voicesim.question.library import library_questions

    return everyday_words(q.question for q in library_questions())


def answer_mishearings(score: Score, question: Question) -> tuple[Mishearing, ...]:
    """Where the answer may hold a vocabulary term Whisper wrote as other words: computed when shown, never stored
    and never counted (scoring/mishearing.py). The shipped library's prompts and outlines say which single words
    are everyday talk."""
    if score.no_speech:
        return ()
    return likely_mishearings(score.transcript, question, _library_words())


def mishearing_line(hint: Mishearing) -> str:
    return f"heard \"{hint.heard}\" at {mmss(hint.start)} — maybe \"{hint.term}\"? (not counted)"


def _mishearings(hints: tuple[Mishearing, ...]) -> list:
    return [Text(""), Text("Maybe misheard", style="bold dim"), *[Text(f"  {mishearing_line(h)}", style="dim") for h in hints]]


NO_RUBRIC = "No rubric yet for this question: it was scored for delivery only (no concepts to cover)."

LEGEND = Text.assemble(("concept evidence", CONCEPT_STYLE), "[n]  ", ("filler", FILLER_STYLE), "  ",
                       ("(uh? 0.4 s) hesitation heard, no word written", FILLER_STYLE), "  ", ("hedge", HEDGE_STYLE), "  ",
                       ("⏸ long pause", PAUSE_STYLE), "  ", ("[m:ss] time", "dim"))


def answer_review(detail: AnswerDetail, index: int = 1, total: int = 1) -> Group:
    parts = _header(detail, index, total)
    score = detail.rebuild_score()
    if score is None:
        parts.append(Text("Not transcribed: nothing was scored for this answer.", style="yellow"))
        return Group(*parts)
    if score.no_speech:
        parts.append(Text("No speech was heard in this answer.", style="yellow"))
        return Group(*parts)
    parts += [_figures(detail, score), Text(""), LEGEND, Text(""), marked_transcript(score), Text("")]
    question = detail.scored_question or detail.question
    if score.coverage.rated:
        parts += [Text(f"Concepts covered {sum(c.hit for c in score.coverage.concepts)} of {len(score.coverage.concepts)}", style="bold"),
                  _concepts(score)]
    else:
        parts.append(Text(NO_RUBRIC, style="bold yellow"))
    hints = answer_mishearings(score, question)
    if hints:
        parts += _mishearings(hints)
    for number, f in enumerate(score.follow_ups, start=1):
        recovered = ", ".join(c.name for c in f.recovered) or "nothing"
        parts += [Text(""), Text(f"Follow-up {number} (about {f.concept}): ", style="bold cyan") + Text(f.prompt),
                  Text("Reply: ", style="bold") + Text(f.transcript.text or "(no speech)", style="italic"),
                  Text("Recovered: ", style="bold") + Text(recovered)]
    if score.structure is not None:
        from voicesim.report.terminal import structure_table

        parts += [Text(""), structure_table(score.structure)]
    missed = [c.name for c in score.coverage.concepts if not c.hit]
    if missed:
        parts += [Text(""), Text("Missed: ", style="bold red") + Text(", ".join(missed))]
    if question.outline:
        parts += [Text(""), Text("A strong answer covers", style="bold"), *[Text(f"  • {line}") for line in question.outline]]
    return Group(*parts)


def following_words(score: Score, at_s: float, before: int = 6, after: int = 10) -> Text:
    """The words around `at_s` with the one being spoken highlighted: the line `review --play` keeps on screen."""
    words = score.transcript.words
    current = max((i for i, w in enumerate(words) if w.start <= at_s), default=0)
    text = Text(f"{mmss(at_s)} ", style="dim")
    first = max(0, current - before)
    while first > 0 and words[first].joined:  # never open on half a word ("-off")
        first -= 1
    for i in range(first, min(len(words), current + after + 1)):
        if i == first or not words[i].joined:
            text.append(" ")
        text.append(words[i].text, style="reverse bold" if i == current else "")
    return text
