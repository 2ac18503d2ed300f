"""Contextual biasing (shallow fusion): while Whisper decodes, a token that continues one of the question's
vocabulary terms earns a bonus on its log-probability, and the bonus is taken back when the term is not finished, so
nothing is pushed into a word that does not end as the term (WeNet's context graph; the hotword boosters of
whisper.cpp front-ends). Pure: token ids in, bonuses out; the engines apply it (rescoring.py: N-best rescoring with
CTranslate2; openai_engine.py: a logit filter inside openai-whisper's beam search).

A term is tracked on a trie over the ways the tokenizer writes it: with and without a leading space, as written,
capitalised and in lower case ("Postgres" is " Post" + "gres", " post" + "gres", "Post" + "gres"). A match starts
only at the start of a word, and counts only when the word ends with the term (the next token starts a new word, is
punctuation, or is special), so "Redis" is never boosted inside "Redistribute"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

Encode = Callable[[str], Sequence[int]]


def term_spellings(term: str) -> tuple[str, ...]:
    """The ways a term may be written in a transcript, each with and without a leading space."""
    forms = dict.fromkeys((term, term[:1].upper() + term[1:], term.lower()))
    return tuple(s for form in forms for s in (" " + form, form))


@dataclass
class _Node:
    children: dict[int, "_Node"] = field(default_factory=dict)
    term: str | None = None  # set where a spelling of a term ends


class TermTrie:
    """The question's terms as token sequences. `starts_word(token)` says whether a token begins a new word (a
    leading space, punctuation or a special token), which is where a term may start and where it must be followed."""

    def __init__(self, terms: Iterable[str], encode: Encode, starts_word: Callable[[int], bool]):
        self.root = _Node()
        self.starts_word = starts_word
        self.terms = tuple(dict.fromkeys(t for t in terms if t.strip()))
        self.depth = 0  # the most tokens a spelling takes
        for term in self.terms:
            for spelling in term_spellings(term):
                ids = [int(t) for t in encode(spelling)]
                node = self.root
                for token in ids:
                    node = node.children.setdefault(token, _Node())
                node.term = term
                self.depth = max(self.depth, len(ids))

    def __bool__(self) -> bool:
        return bool(self.root.children)

    def matches(self, tokens: Sequence[int]) -> list[tuple[int, int, str]]:
        """The finished terms in `tokens`: (first index, end index, term), longest first at each word start, not
        overlapping."""
        out = []
        i = 0
        n = len(tokens)
        while i < n:
            if i == 0 or self.starts_word(tokens[i]):
                node, best = self.root, None
                j = i
                while j < n and tokens[j] in node.children:
                    node = node.children[tokens[j]]
                    j += 1
                    if node.term is not None and (j == n or self.starts_word(tokens[j])):
                        best = (i, j, node.term)
                if best is not None:
                    out.append(best)
                    i = best[1]
                    continue
            i += 1
        return out

    def sequence_bonus(self, tokens: Sequence[int], bonus: float) -> float:
        """The fused bonus of a whole hypothesis: `bonus` per token of each finished term. Partial terms earn nothing:
        the bonus given while they were decoded is taken back when they are abandoned."""
        return bonus * sum(end - start for start, end, _ in self.matches(tokens))

    def state(self, tokens: Sequence[int]) -> tuple[_Node, int]:
        """Where decoding stands on the trie after `tokens`: the node of the longest partial (or just finished) term
        that the last tokens are, from a word start, and its depth in tokens; the root and 0 when there is none."""
        n = len(tokens)
        for begin in range(max(0, n - self.depth), n):
            if begin > 0 and not self.starts_word(tokens[begin]):
                continue
            node = self.root
            for token in tokens[begin:]:
                node = node.children.get(token)
                if node is None:
                    break
            else:
                return node, n - begin
        return self.root, 0

    def step_bonus(self, tokens: Sequence[int], bonus: float) -> tuple[dict[int, float], float, float]:
        """What the next token earns after `tokens`, as a logit filter applies it: (bonus per token that continues or
        starts a term, what a token that starts a new word earns otherwise, what a token inside the word earns
        otherwise). A partial term is taken back (minus its bonus so far) by whatever does not continue it; a
        finished term keeps its bonus when a new word starts."""
        node, depth = self.state(tokens)
        given = bonus * depth
        extra = {token: bonus for token in node.children}
        if depth == 0:
            return {t: b for t, b in extra.items() if self.starts_word(t) or not tokens}, 0.0, 0.0
        # A finished term followed by a new word keeps its bonus; a new word may also start another term.
        on_new_word = 0.0 if node.term is not None else -given
        for token in self.root.children:
            if self.starts_word(token) and token not in extra:
                extra[token] = on_new_word + bonus
        return extra, on_new_word, -given


def whisper_trie(terms: Sequence[str], encode: Encode, token_text: Callable[[int], str], special_from: int) -> TermTrie:
    """A trie over `terms` with Whisper's tokenizer: `token_text` is a token as text (with its leading space);
    tokens from `special_from` on (end of text, timestamps) are special and start a word."""

    def starts_word(token: int) -> bool:
        if token >= special_from:
            return True
        text = token_text(token)
        return text.startswith(" ") or not text[:1].isalnum()

    return TermTrie(terms, encode, starts_word)


def hf_whisper_trie(terms: Sequence[str], tokenizer) -> TermTrie:
    """whisper_trie for a Hugging Face `tokenizers.Tokenizer` (faster-whisper's; GPT-2 byte-level BPE writes a
    leading space as "Ġ")."""
    return whisper_trie(terms, lambda s: tokenizer.encode(s, add_special_tokens=False).ids,
                        lambda t: (tokenizer.id_to_token(t) or "").replace("Ġ", " "), tokenizer.token_to_id("<|endoftext|>"))
