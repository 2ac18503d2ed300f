"""What Whisper is told before each window: the filler-style prompt (so it writes "um" and "uh") with the question's
terms inside it, and how to tell when Whisper only read that context back."""

from __future__ import annotations

from typing import Sequence

FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
CONTEXT_MAX_TOKENS = 448 // 2 - 1  # faster-whisper keeps this many tokens of `hotwords` (max_length // 2 - 1)


def context_tokens(vocabulary: Sequence[str]) -> int:
    """How many tokens the recogniser's context takes with this vocabulary, by the bundled model's tokenizer."""
    from tokenizers import Tokenizer

    from voicesim.transcript.model_files import bundled_model_dir

    tokenizer = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
    return len(tokenizer.encode(" " + recognizer_context(vocabulary), add_special_tokens=False).ids)


def recognizer_context(vocabulary: Sequence[str] = ()) -> str:
    """The filler-style prompt (so Whisper writes "um" and "uh") with the question's terms, as written, inside it.

    Measured on disfluent answers (benchmarks/README.md): with the terms after the filler prompt Whisper wrote
    10 of 21 fillers (Piper) and 13 (espeak); with the terms before it, 21 and 8; with them inside, and an "Uh"
    after them, 21 and 21, term recall unchanged. The words nearest the answer set its style: with a filler in
    each clause after the terms, espeak's m3 voice kept the fillers at an answer's start that it lost before
    (filler error at most 2 on every disfluent answer, Piper at most 1; issue 15)."""
    if not vocabulary:
        return FILLER_PROMPT
    return f"Um, uh, let me think, like, hmm... {', '.join(vocabulary)}. Uh, um, okay, here's, uh, what I'm, like, thinking."



_PROMPT_TELLS = ("like thinking", "let me think like", "what im like thinking")
def repeats_prompt(text: str, vocabulary: Sequence[str] = ()) -> bool:
    """A segment that repeats the filler prompt, or three of the vocabulary's terms in the prompt's order
    (Whisper reading its context back, not the candidate speaking)."""
    from voicesim.text import surface_pieces

    flat = " ".join(surface_pieces(text))
    if any(tell in flat for tell in _PROMPT_TELLS) or loops(flat.split()):
        return True
    terms = [" ".join(surface_pieces(t)) for t in vocabulary]
    return any(" ".join(terms[i:i + 3]) in flat for i in range(len(terms) - 2))


def loops(tokens: list[str]) -> bool:
    """Whisper stuck in a loop: the same 1-4 words back to back, four times or more ("let's see, let's see, ...")."""
    for n in range(1, 5):
        for i in range(len(tokens) - 4 * n + 1):
            gram = tokens[i:i + n]
            if all(tokens[i + k * n:i + (k + 1) * n] == gram for k in range(1, 4)):
                return True
    return False
