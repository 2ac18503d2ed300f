"""Follow-up questions: which concept is asked about, what a reply recovers and for how much, and the whole flow
through `voicesim practice` (answer files and the virtual microphone), the history, review and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.audio_helpers import synth
from tests.conftest import run_cli
from tests.piper_voice import speak, voice_params
from tests.helpers import concept, question, transcript_from_text
from voicesim.question.bank import Concept, load_bank
from voicesim.scoring import score_answer
from voicesim.scoring.coverage import FOLLOW_UP_CREDIT, score_coverage
from voicesim.scoring.follow_up import FollowUpReply, apply_follow_ups, next_follow_up

# Rate limiting without the HTTP 429 response (a must concept), then a reply that gives it, and one that does not.
ANSWER = ("I would start by picking the algorithm. A token bucket is my default, because it allows short bursts. "
          "The counters live in Redis, so every instance of the service sees the same numbers. I would limit per API key "
          "and per user. The limiter runs in the API gateway, before requests reach the services.")
REPLY = "The client gets status four twenty nine, too many requests, with a Retry-After header telling it when to try again."
OFF_REPLY = "I would make sure our customers can read about the limits in the documentation."


def _must(name: str, phrases, follow_up: str | None = "Why?") -> Concept:
    return Concept(name=name, weight=3.0, phrases=tuple(phrases), tier="must", follow_up=follow_up)


Q = question([
    _must("Queue", ["message queue"], "Where do the messages wait?"),
    concept("Retries", ["retry", "back off"], weight=2.0),
    _must("Idempotency", ["idempotency key", "idempotent"], "What if a message arrives twice?"),
    _must("Ordering", ["in order", "ordering"], None),  # no follow-up written: never asked
])


@pytest.mark.parametrize("answer, asked, expected", [
    ("We retry with back off.", (), "Queue"),  # the first missing must concept, in bank order
    ("We retry with back off.", ("Queue",), "Idempotency"),  # one follow-up per concept
    ("A message queue holds them.", (), "Idempotency"),
    ("A message queue holds them and the consumer is idempotent.", (), None),  # "Ordering" has no follow-up
    ("A message queue, idempotent consumers, in order.", (), None),
])
def test_the_follow_up_asks_about_the_first_missing_must_concept(answer, asked, expected):
    found = next_follow_up(Q, score_coverage(transcript_from_text(answer), Q.rubric), asked)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize("reply, recovered", [
    ("They wait in a message queue until a worker is free.", ["Queue"]),
    ("Redis.", []),  # nothing to do with it
    ("A queue.", []),  # "queue" alone is not a phrase of the concept
    ("In a message queue, and we retry with back off.", ["Queue", "Retries"]),  # others missing may be recovered too
    ("Honestly, I retry.", []),  # but not from one everyday word: only the concept asked about may be a single word
])
def test_a_reply_recovers_what_it_says_among_the_concepts_still_missing(reply, recovered):
    coverage = score_coverage(transcript_from_text("Each message carries an idempotency key."), Q.rubric)
    asked = FollowUpReply("Queue", "Where do the messages wait?", transcript_from_text(reply), audio="q.followup-1.wav")
    updated, [result] = apply_follow_ups(coverage, Q, [asked])
    assert [c.name for c in result.recovered] == recovered
    vias = {c.name: c.via for c in updated.concepts}
    assert vias["Idempotency"] == "answer"
    assert all(vias[name] == "follow_up" for name in recovered)
    assert result.audio == "q.followup-1.wav" and result.prompt == "Where do the messages wait?"


def test_the_single_word_of_the_concept_asked_about_counts():
    q = question([_must("Store", ["redis", "shared store"], "Where do the counters live?")])
    coverage = score_coverage(transcript_from_text("A token bucket per user."), q.rubric)
    updated, [result] = apply_follow_ups(coverage, q, [FollowUpReply("Store", "Where?", transcript_from_text("Redis."))])
    assert [c.name for c in result.recovered] == ["Store"] and updated.score == pytest.approx(FOLLOW_UP_CREDIT)


@pytest.mark.parametrize("answer, replies, expected", [
    ("Each message carries an idempotency key.", [], 3 / 11),
    ("Each message carries an idempotency key.", ["A message queue."], (3 + FOLLOW_UP_CREDIT * 3) / 11),
    ("Each message carries an idempotency key.", ["A message queue, and we back off and retry."], (3 + FOLLOW_UP_CREDIT * 5) / 11),
    ("Each message carries an idempotency key.", ["Nothing comes to mind."], 3 / 11),
    ("Each message carries an idempotency key.", ["Nothing comes to mind.", "A message queue."], (3 + FOLLOW_UP_CREDIT * 3) / 11),
    ("A message queue and idempotent consumers.", ["A message queue."], 6 / 11),  # said already: no change
])
def test_a_recovered_concept_counts_for_half_its_weight(answer, replies, expected):
    follow_ups = [FollowUpReply("Queue", "Where?", transcript_from_text(r)) for r in replies]
    score = score_answer(transcript_from_text(answer), Q, follow_ups=follow_ups)
    assert score.coverage.score == pytest.approx(expected, abs=1e-4)
    alone = score_answer(transcript_from_text(answer), Q)
    assert score.delivery == alone.delivery and score.delivery_score == alone.delivery_score  # delivery: the answer's alone
    assert score.overall >= alone.overall


def test_a_stored_answer_with_its_follow_up_rescores_to_the_same_figures(tmp_path):
    from voicesim.report.schema import score_to_dict
    from voicesim.store import AnswerSettings, Store

    bank = load_bank()
    q = bank.question("rate-limiting")
    reply = FollowUpReply("HTTP 429 response", q.rubric.concepts[3].follow_up, transcript_from_text(REPLY), "r.followup-1.wav")
    with Store(tmp_path / "h.db") as store:
        store.begin_session("s1", "practice", bank, "2026-01-01T10:00:00+00:00", None)
        first = score_answer(transcript_from_text(ANSWER), q)
        answer_id = store.add_answer("s1", q, ended_by="file", audio_path=None, audio_owned=False, transcript=first.transcript,
                                     settings=AnswerSettings(2.0, {}), score=first)
        final = score_answer(first.transcript, q, follow_ups=[reply])
        store.add_follow_up(answer_id, reply, final)
        session = store.session("s1")
        [stored] = session.answers
        assert stored.score.version == 1 and stored.score.overall == final.overall > first.overall
        detail = store.answer_detail(stored, session)
        assert [f.concept for f in detail.follow_ups] == ["HTTP 429 response"]
        assert score_to_dict(detail.rebuild_score()) == stored.score.result


@pytest.fixture(scope="module", params=voice_params())
def answers(request, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp(f"answers-{request.param}")
    return {"voice": request.param, "answer": speak(request.param, ANSWER, folder / "answer.wav"),
            "reply": speak(request.param, REPLY, folder / "reply.wav"), "off": speak(request.param, OFF_REPLY, folder / "off.wav")}


def _answer_folder(tmp_path: Path, answers: dict, reply: str | None) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "rate-limiting.wav").write_bytes(answers["answer"].read_bytes())
    if reply:
        (folder / "rate-limiting.followup-1.wav").write_bytes(answers[reply].read_bytes())
    return folder


def _result(recordings: Path) -> dict:
    [directory] = recordings.iterdir()
    return json.loads((directory / "rate-limiting.json").read_text())


def test_a_reply_that_covers_the_missing_concept_recovers_it(answers, tmp_path):
    folder = _answer_folder(tmp_path, answers, "reply")
    res = run_cli("practice", "--answers", str(folder), "-q", "rate-limiting", "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stderr
    result = _result(tmp_path / "rec")
    concepts = {c["name"]: c for c in result["coverage"]["concepts"]}
    assert concepts["HTTP 429 response"]["via"] == "follow_up", result["follow_ups"]
    assert concepts["Algorithm"]["via"] == "answer"
    [follow_up] = result["follow_ups"]
    assert follow_up["concept"] == "HTTP 429 response" and follow_up["prompt"].endswith("?")
    assert "HTTP 429 response" in follow_up["recovered"] and follow_up["audio"].endswith("rate-limiting.followup-1.wav")
    assert "Follow-up 1:" in res.stdout and "Recovered HTTP 429 response (half credit)" in res.stdout
    # the history has the final figures, and review shows the follow-up in place
    history = run_cli("history", "--json")
    [stored] = json.loads(history.stdout)["sessions"][0]["answers"]
    assert stored["overall"] == result["overall"] and stored["follow_ups"] == 1
    assert "rate-limiting (+1 follow-up)" in run_cli("history").stdout
    review = run_cli("review", "last")
    assert "Follow-up 1 (about HTTP 429 response)" in review.stdout and "half credit" in review.stdout


def test_a_reply_that_does_not_cover_it_recovers_nothing(answers, tmp_path):
    folder = _answer_folder(tmp_path, answers, "off")
    res = run_cli("practice", "--answers", str(folder), "-q", "rate-limiting", "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stderr
    result = _result(tmp_path / "rec")
    [follow_up] = result["follow_ups"]
    assert "HTTP 429 response" not in follow_up["recovered"]
    assert {c["name"]: c["via"] for c in result["coverage"]["concepts"]}["HTTP 429 response"] is None
    assert "Not recovered: HTTP 429 response" in res.stdout


@pytest.fixture(scope="module")
def espeak_answers(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("espeak-answers")
    return {"voice": "espeak", "answer": synth(ANSWER, folder / "answer.wav", rate=150), "reply": synth(REPLY, folder / "reply.wav", rate=150)}


@pytest.mark.parametrize("args, reply", [(("--follow-ups", "0"), "reply"), ((), None)])
def test_no_follow_up_when_turned_off_or_without_a_reply_file(espeak_answers, tmp_path, args, reply):
    folder = _answer_folder(tmp_path, espeak_answers, reply)
    res = run_cli("practice", "--answers", str(folder), "-q", "rate-limiting", "--recordings", str(tmp_path / "rec"), *args)
    assert res.returncode == 0, res.stderr
    assert _result(tmp_path / "rec")["follow_ups"] == [] and "Follow-up" not in res.stdout


@pytest.mark.slow
def test_on_the_microphone_the_follow_up_is_spoken_and_the_reply_recorded(virtual_audio, answers, tmp_path):
    from tests.test_practice import practice, session_of
    from voicesim.audio.decode import load_audio
    from voicesim.transcript.whisper import make_transcriber

    recordings = tmp_path / "rec"
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as capture:
        run = practice(virtual_audio.env, recordings, "--follow-ups", "1")
        run.wait_for("Recording")
        virtual_audio.play(answers["answer"])
        run.wait_for("Follow-up 1:", timeout=90)
        run.wait_for("Recorded", timeout=30)  # the answer's end...
        assert run.output.count("Recording") == 1
        run.wait_for_count("Recording", 2, timeout=60)  # ...the follow-up spoken, and the reply's recording begun
        virtual_audio.play(answers["reply"])
        assert run.finish() == 0, run.output
    directory, session = session_of(recordings)
    reply_wav = directory / "rate-limiting.followup-1.wav"
    assert reply_wav.is_file() and len(load_audio(reply_wav)) > 16000 * 3
    [answer] = session["answers"]
    [follow_up] = answer["follow_ups"]
    assert follow_up["concept"] == "HTTP 429 response" and "HTTP 429 response" in follow_up["recovered"], run.output
    assert follow_up["audio"] == str(reply_wav)
    result = json.loads((directory / "rate-limiting.json").read_text())
    assert result["follow_ups"][0]["transcript"]["text"] and result["overall"] == answer["overall"]
    # the interviewer asked it aloud, after the question and before the reply
    heard = make_transcriber().transcribe(load_audio(capture.path)).text.lower()
    assert sum(w in heard for w in ("client", "limit", "exactly", "back", "service")) >= 3, heard
