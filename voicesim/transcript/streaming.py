"""Transcribing an answer while it is spoken, so the scorecard follows the end of the answer at once.

Fed the recorder's 16 kHz blocks (after the shared VoiceActivity has scored them), a worker thread cuts the
answer in its pauses and transcribes each piece as soon as the pause is heard, with the same steps a one-pass
transcription takes (WhisperTranscriber.words_of). When the answer ends, only what follows the last pause is
left, and by then the end-of-answer silence has usually given the worker time for it too.

The cuts (activity.next_cut) lie inside pauses, or at the quietest moment of speech that runs on without one,
and depend only on the voice activity, so they are the cuts a transcription of the finished recording makes;
each piece's speech padding stops at its cuts: no word can fall on both sides, none is lost or doubled.

Whisper's encoder pays for a whole 30 s window whatever a piece's length, so a worker that falls behind (more
than one piece already cut and waiting) takes the waiting pieces together, up to MERGE_UP_TO_S, as one piece:
one window instead of several. Only then can the live transcript differ from a later one of the recording
(benchmarks/README.md measures by how much). `finish` does the same with what is left when the answer ends.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Sequence

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.transcript.activity import CUT_RULES, SPEECH_RULES, CutRules, VoiceActivity, joined_pieces, next_cut, pieces
from voicesim.transcript.model import Transcript, Word
from voicesim.transcript.whisper import Piece, Transcriber

log = logging.getLogger(__name__)

POLL_S = 0.2
# Waiting pieces taken together up to this much audio: their speech (silences over 1 s are cut out before
# Whisper) fits one 30 s window with room for the padding.
MERGE_UP_TO_S = 28.0

Progress = Callable[[float], None]  # seconds of audio still to transcribe


class LiveTranscription:
    """One answer's transcription, running beside the recording. `feed` is the recorder listener (cheap: it only
    keeps the block); `finish` returns the transcript of everything fed."""

    def __init__(self, transcriber: Transcriber, activity: VoiceActivity, vocabulary: Sequence[str] = (),
                 cut_rules: CutRules = CUT_RULES, merge_up_to_s: float | None = MERGE_UP_TO_S):
        self.transcriber = transcriber
        self.cut_rules = cut_rules
        self.merge_up_to_s = merge_up_to_s  # None: piece by piece however far behind (the rule before issue 16)
        self.merged = 0  # pieces taken together with the one before them
        self.activity = activity
        self.vocabulary = tuple(vocabulary)
        self._blocks: list[np.ndarray] = []
        self._received = 0
        self._done = 0  # samples transcribed (a frame boundary)
        self._pieces: list[Piece] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="voicesim-live-transcription", daemon=True)
        self._thread.start()

    # -- recorder thread
    def feed(self, block: np.ndarray) -> None:
        with self._lock:
            self._blocks.append(block)
            self._received += len(block)
        self._wake.set()

    @property
    def pieces(self) -> int:
        return len(self._pieces)

    def heard(self) -> tuple[Word, ...]:
        """The words of the pieces transcribed so far, in order, times from the answer's start: what the coach
        shows while the answer goes on (the scorecard's words, as far as they go)."""
        with self._lock:
            return tuple(w for p in self._pieces for w in p.words)

    @property
    def heard_until_s(self) -> float:
        """Up to where the answer is transcribed (the last cut), seconds from its start."""
        return self._done / SAMPLE_RATE

    @property
    def backlog_s(self) -> float:
        """Seconds of audio received and not transcribed yet."""
        return max(0, self._received - self._done) / SAMPLE_RATE

    def _audio(self) -> np.ndarray:
        with self._lock:
            if len(self._blocks) > 1:
                self._blocks = [np.concatenate(self._blocks)]
            return self._blocks[0] if self._blocks else np.zeros(0, dtype=np.float32)

    # -- worker thread
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(POLL_S)
            self._wake.clear()
            try:
                cut = self._next_end()
                if cut is not None:
                    self._transcribe_to(cut)
            except BaseException as exc:  # kept for finish(), which falls back to one pass
                self.error = exc
                log.exception("live transcription failed; the answer will be transcribed when it ends")
                return

    def _next_end(self) -> int | None:
        """Where the next piece ends: the next cut or, when further cuts are already waiting (the worker is
        behind), the furthest of them within MERGE_UP_TO_S."""
        probs = self.activity.probabilities
        cut = next_cut(probs, self._done, self.cut_rules)
        if cut is None or self.merge_up_to_s is None:
            return cut
        limit = self._done + int(self.merge_up_to_s * SAMPLE_RATE)
        while (further := next_cut(probs, cut, self.cut_rules)) is not None and further <= limit and further <= self._received:
            cut = further
            self.merged += 1
        return cut

    def _transcribe_to(self, cut: int) -> None:
        while self._received < cut and not self._stop.is_set():  # the activity may be a block ahead of feed()
            time.sleep(0.01)
        started = time.perf_counter()
        piece = self.transcriber.piece(self._audio(), self.activity, self._done, cut, self.vocabulary)
        with self._lock:
            self._pieces.append(piece)
            done_from, self._done = self._done, cut
        log.info("live: transcribed %.1f-%.1f s in %.2f s (%d words); %.1f s waiting", done_from / SAMPLE_RATE,
                 cut / SAMPLE_RATE, time.perf_counter() - started, len(piece.words), self.backlog_s)

    def _speech_left_s(self, start: int) -> float:
        """Seconds from sample `start` to the end of the last speech heard: what is still to transcribe (the
        end-of-answer silence is not: a candidate told "the transcriber fell behind" for it would be misled)."""
        spans = self.activity.spans(SPEECH_RULES, start)
        return (spans[-1][1] - start) / SAMPLE_RATE if spans else 0.0

    # -- caller
    def finish(self, progress: Progress | None = None, duration: float | None = None) -> Transcript:
        """Stop listening and return the whole answer's transcript; `progress` hears the seconds still to do
        while the worker finishes its piece and the rest is transcribed."""
        self.activity.finish()
        self._stop.set()
        self._wake.set()
        while self._thread.is_alive():
            if progress is not None:
                progress(self._speech_left_s(self._done))
            self._thread.join(POLL_S)
        audio = self._audio()
        if self.error is not None:
            log.warning("live transcription had failed (%s): transcribing the whole answer", self.error)
            return self.transcriber.transcribe(audio, duration, self.vocabulary)
        # the rest, cut as the whole recording would be cut (whisper.py), its pieces taken together like waiting ones
        spans = pieces(self.activity, self._done, len(audio), self.cut_rules)
        if self.merge_up_to_s is not None:
            joined = joined_pieces(spans, self.merge_up_to_s)
            self.merged += len(spans) - len(joined)
            spans = joined
        for a, b in spans:
            if progress is not None:
                progress(self._speech_left_s(a))
            self._pieces.append(self.transcriber.piece(audio, self.activity, a, b, self.vocabulary))
        self._done = len(audio)
        if progress is not None:
            progress(0.0)
        return self.transcriber.assemble(audio, self.activity, self._pieces, duration)

    def cancel(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()
