"""Contextual biasing with CTranslate2 (faster-whisper's engine), which has no hook inside its beam search: the beam
returns its best hypotheses with their scores, and the one that scores best once the vocabulary bonus is added is
kept (N-best rescoring, biasing.TermTrie.sequence_bonus). faster-whisper then aligns the kept tokens for the words'
times, as it would the beam's own best.

The beam's few best seldom differ in a name: "readies" is in all five when "Redis" was said. So the kept hypothesis
is also tried with each vocabulary term in place of words that sound like it (`sound_alikes`), and the model itself
scores both by forced decoding (CTranslate2's `align` gives each token's probability after the same prompt): the
term is written only where the model's log-probability of it, plus the bonus (for at most two of its tokens), beats
the words it heard. This is shallow fusion's decision at that place, with the candidates a beam search would not
have kept."""

from __future__ import annotations

import logging
import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from voicesim.transcript.biasing import TermTrie, hf_whisper_trie
from voicesim.transcript.decoding import Decoding

log = logging.getLogger(__name__)

# (words of a hypothesis as written, with their leading spaces; terms it lacks) -> (first word, end word, term) for
# each run of words that may be a term heard as other words
SoundAlikes = Callable[[Sequence[str], Sequence[str]], list[tuple[int, int, str]]]
MAX_CANDIDATES = 6  # per window: each costs one forced decode (a decoder pass over the window's tokens)
# A sound-alike's bonus counts at most this many of the term's tokens: how far the model may be overruled must not
# grow with how many pieces the tokenizer cuts a name into ("OAuth 2.0" is five, and won over "OAuth2", which was
# said, by 10 against 6.5 on the dev set; "Redis" is two, over "readies" by 4 against 2.9).
SOUND_ALIKE_BONUS_TOKENS = 2


@dataclass(frozen=True)
class _Generation:
    """The fields of CTranslate2's WhisperGenerationResult that faster-whisper reads, for the kept hypothesis. Its
    score stays the model's own, so the window checks judge the model's confidence, not the bonus."""

    sequences_ids: list
    scores: list
    no_speech_prob: float


@dataclass(frozen=True)
class _Setting:
    trie: TermTrie
    decoding: Decoding
    sound_alikes: SoundAlikes | None


class NBestRescorer:
    """CTranslate2's Whisper model as faster-whisper uses it, with `generate` biased towards the terms set by
    `biased` on the calling thread; everything else passes through."""

    def __init__(self, model, tokenizer):
        self._model = model
        self._tokenizer = tokenizer  # faster-whisper's Hugging Face tokenizer
        self._special_from = tokenizer.token_to_id("<|endoftext|>")  # end of text, timestamps and the rest
        self._active = threading.local()

    def __getattr__(self, name):
        return getattr(self._model, name)

    @contextmanager
    def biased(self, terms: Sequence[str], decoding: Decoding, sound_alikes: SoundAlikes | None = None) -> Iterator[None]:
        """Decodes on this thread favour `terms` (none: plain beam search)."""
        trie = hf_whisper_trie(terms, self._tokenizer) if terms else None
        self._active.setting = _Setting(trie, decoding, sound_alikes) if trie else None
        try:
            yield
        finally:
            self._active.setting = None

    def generate(self, features, prompts, **options):
        setting: _Setting | None = getattr(self._active, "setting", None)
        beam = options.get("beam_size", 1)
        if setting is None or beam < 2 or options.get("sampling_temperature", 1) != 1 or options.get("num_hypotheses", 1) != 1:
            return self._model.generate(features, prompts, **options)
        decoding = setting.decoding
        wanted = min(beam, decoding.hypotheses or beam)
        results = self._model.generate(features, prompts, **{**options, "num_hypotheses": wanted, "return_scores": True})
        kept = [_rescored(r, setting.trie, decoding.bias, options.get("length_penalty", 1.0)) for r in results]
        if setting.sound_alikes is not None and len(kept) == 1:
            kept = [self._with_sound_alikes(features, prompts[0], kept[0], setting)]
        return kept

    def _with_sound_alikes(self, features, prompt: list[int], kept: _Generation, setting: _Setting) -> _Generation:
        """`kept` with a term in place of words that sound like it, wherever the model and the bonus prefer it."""
        tokens = list(kept.sequences_ids[0])
        trie, bonus = setting.trie, setting.decoding.bias
        spans = _words(tokens, trie)
        texts = [self._tokenizer.decode(tokens[a:b]) for a, b in spans]
        found = trie.matches(tokens)
        held = {term for _, _, term in found}
        candidates = _apart_from_terms(setting.sound_alikes(texts, [t for t in trie.terms if t not in held]), spans, found)
        if not candidates:
            return kept
        base = self._forced_logprob(features, prompt, tokens)
        gains = []
        for first, end, term in candidates:
            a, b = spans[first][0], spans[end - 1][1]
            replacement = self._tokenizer.encode(" " + term, add_special_tokens=False).ids
            trial = tokens[:a] + replacement + tokens[b:]
            gain = self._forced_logprob(features, prompt, trial) - base + bonus * min(len(replacement), SOUND_ALIKE_BONUS_TOKENS)
            log.debug("%r for %r: %+.2f", term, "".join(texts[first:end]), gain)
            if gain > 0:
                gains.append((gain, a, b, replacement, term))
        taken: list[tuple[int, int, list[int], str]] = []
        for gain, a, b, replacement, term in sorted(gains, reverse=True):
            if all(b <= x or a >= y for x, y, *_ in taken) and term not in {t for *_, t in taken}:
                taken.append((a, b, replacement, term))
        if not taken:
            return kept
        for a, b, replacement, term in sorted(taken, reverse=True):  # from the end, so earlier indices hold
            log.info("heard %r as the vocabulary's %r", self._tokenizer.decode(tokens[a:b]), term)
            tokens[a:b] = replacement
        return _Generation([tokens], kept.scores, kept.no_speech_prob)

    def _forced_logprob(self, features, prompt: list[int], tokens: list[int]) -> float:
        """The log-probability the model gives the text tokens of `tokens` after `prompt` (timestamps left out, on
        both sides of a comparison alike)."""
        text = [t for t in tokens if t < self._special_from]
        if not text:
            return 0.0
        result = self._model.align(features, prompt, [text], [1500])[0]
        return sum(math.log(max(p, 1e-12)) for p in result.text_token_probs)


def _apart_from_terms(runs: Sequence[tuple[int, int, str]], spans: Sequence[tuple[int, int]],
                      found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The first MAX_CANDIDATES of `runs` (first word, end word, term) that hold no token of a term heard (`found`:
    first token, end token, term): words that are a term are never rewritten as another ("scale out" is no "scale
    up", "auto scaling" no "autoscaler")."""
    kept = [(first, end, term) for first, end, term in runs
            if not any(spans[first][0] < b and a < spans[end - 1][1] for a, b, _ in found)]
    return kept[:MAX_CANDIDATES]


def _words(tokens: Sequence[int], trie: TermTrie) -> list[tuple[int, int]]:
    """(start, end) token indices of each word: a word starts at a token that starts a word (a leading space,
    punctuation, a special token)."""
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        if i == 0 or trie.starts_word(token):
            spans.append((i, i + 1))
        else:
            spans[-1] = (spans[-1][0], i + 1)
    return spans


def _rescored(result, trie: TermTrie, bonus: float, length_penalty: float) -> _Generation:
    """The hypothesis of `result` (CTranslate2's N best) that scores best with the vocabulary bonus."""
    # The beam's scores are log-probabilities per token (over length ** length_penalty). The bonus is put on the
    # same scale with one length for all (the beam's best's): hypotheses holding the same terms keep the beam's
    # order, rather than the shortest winning (the one without a comma or a filler).
    length = max(len(result.sequences_ids[0]), 1) ** length_penalty

    def fused(i: int) -> float:
        return result.scores[i] + trie.sequence_bonus(result.sequences_ids[i], bonus) / length

    best = max(range(len(result.sequences_ids)), key=fused)
    if best:
        log.debug("vocabulary bonus kept hypothesis %d of %d", best + 1, len(result.sequences_ids))
    return _Generation([result.sequences_ids[best]], [result.scores[best]], result.no_speech_prob)
