"""The culture round: behavioural answers spoken by two voices, scored for structure through `voicesim practice`,
and sessions that draw from several banks in turn."""

from __future__ import annotations

import json

import pytest

from tests.audio_helpers import synth
from tests.conftest import run_cli
from tests.piper_voice import speak, voice_params
from tests.culture_answers import RAMBLING, STAR, STAR_PARTS


@pytest.fixture(scope="module", params=voice_params())
def scored(request, tmp_path_factory) -> dict[str, dict[str, dict]]:
    """Every STAR and rambling answer, spoken and scored by `voicesim practice --answers` (one session each)."""
    results: dict[str, dict[str, dict]] = {}
    for kind, texts in (("star", STAR), ("rambling", RAMBLING)):
        folder = tmp_path_factory.mktemp(f"{kind}-{request.param}")
        for qid, text in texts.items():
            speak(request.param, text, folder / f"{qid}.wav")
        recordings = folder / "rec"
        args = [x for qid in texts for x in ("-q", qid)]
        res = run_cli("practice", "--bank", "netflix-culture", "--answers", str(folder), "--recordings", str(recordings), *args)
        assert res.returncode == 0, res.stderr
        [directory] = recordings.iterdir()
        results[kind] = {qid: json.loads((directory / f"{qid}.json").read_text()) for qid in texts}
    return results


@pytest.mark.parametrize("qid", sorted(STAR))
def test_a_star_answer_shows_every_part_ownership_a_measured_result_and_a_reflection(scored, qid):
    result = scored["star"][qid]
    structure = result["structure"]
    heard = result["transcript"]["text"]
    assert [p for p in STAR_PARTS if not structure["star"][p]["hit"]] == [], heard
    for part in STAR_PARTS:  # each with the words that show it and their time
        evidence = structure["star"][part]["evidence"][0]
        assert evidence["heard"] and 0 <= evidence["start"] <= result["transcript"]["duration_s"]
    assert structure["ownership_i_share"] >= 0.75, heard
    assert structure["quantified_result"]["hit"] and structure["reflection"]["hit"], heard


@pytest.mark.parametrize("qid", sorted(RAMBLING))
def test_a_rambling_answer_scores_lower_on_structure_and_overall(scored, qid):
    ramble, star = scored["rambling"][qid], scored["star"][qid]
    structure = ramble["structure"]
    assert sum(structure["star"][p]["hit"] for p in STAR_PARTS) <= 1, ramble["transcript"]["text"]
    assert not structure["quantified_result"]["hit"] and not structure["reflection"]["hit"]
    assert structure["score"] < star["structure"]["score"] - 0.5
    assert ramble["overall"] < star["overall"] - 25


def test_the_overall_of_a_behavioural_answer_follows_the_documented_formula(scored):
    from voicesim.scoring.overall import BEHAVIORAL_SHARES

    for kind in scored.values():
        for result in kind.values():
            expected = 100 * (BEHAVIORAL_SHARES["coverage"] * result["coverage"]["score"] + BEHAVIORAL_SHARES["structure"] * result["structure"]["score"]
                              + BEHAVIORAL_SHARES["delivery"] * result["delivery"]["score"])
            assert abs(result["overall"] - expected) <= 0.51


def test_banks_given_in_turn_ask_two_technical_questions_for_one_culture_question(tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    synth(STAR["failure"][:200], answers / "incomplete-information.wav")
    synth("A token bucket in Redis per API key, and a 429 response with a Retry-After header.", answers / "rate-limiting.wav")
    res = run_cli("practice", "--bank", "netflix-backend", "--bank", "netflix-backend", "--bank", "netflix-culture", "--count", "3",
                  "--answers", str(answers), "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stderr
    asked = [line.split("(")[-1].split(";")[0] for line in res.stdout.splitlines() if "; aim for" in line]
    assert asked == ["rate-limiting", "rest-vs-graphql", "incomplete-information"]
    summary = res.stdout[res.stdout.index("Session summary"):]
    # grouped: the technical bank's answers, then the culture bank's, each under its title, each with its average
    assert summary.index("Netflix backend developer") < summary.index("rate-limiting") < summary.index("Netflix culture") < summary.index("incomplete-information")
    assert "Netflix culture (behavioural):" in summary
    [session] = json.loads(run_cli("history", "--json").stdout)["sessions"]
    assert session["bank"] == "netflix-backend+netflix-culture"
    # the history can rescore it: each question from its own bank
    rescore = run_cli("rescore", "last")
    assert rescore.returncode == 0 and "unchanged" in rescore.stdout, rescore.stdout + rescore.stderr
