import pytest

from voicesim.text import tokenize_phrase, tokenize_words


@pytest.mark.parametrize("phrase, stems", [
    ("Rate-Limiting", ("rate", "limit")),
    ("rate limiter", ("rate", "limit")),
    ("rate limits", ("rate", "limit")),
    ("micro_services", ("micro", "servic")),
    ("HTTP 429", ("http", "429")),
    ("four twenty nine", ("429",)),
    ("four hundred and twenty-nine", ("429",)),
    ("four hundred twenty nine", ("429",)),
    ("four oh four", ("404",)),
    ("twenty twenty six", ("2026",)),
    ("two thousand five hundred", ("2500",)),
    ("one hundred thousand", ("100000",)),
    ("oh I see", ("oh", "i", "see")),  # "oh" alone is not zero
    ("rock and roll", ("rock", "and", "roll")),  # "and" outside a number stays
    ("What's the CAP theorem?", ("what", "the", "cap", "theorem")),
    ("Retry-After", ("retri", "after")),
    ("OAuth2 / OIDC", ("oauth2", "oidc")),
    ("café", ("café",)),
    ("...!!!", ()),
])
def test_phrase_normalisation(phrase, stems):
    assert tokenize_phrase(phrase) == stems


def test_number_words_spanning_whisper_words_keep_their_times():
    tokens = tokenize_words([(" return", 1.0, 1.2), (" four", 1.3, 1.5), (" twenty-nine,", 1.5, 2.0), (" please", 2.1, 2.4)])
    assert [t.norm for t in tokens] == ["return", "429", "please"]
    assert (tokens[1].start, tokens[1].end, tokens[1].first_word, tokens[1].last_word) == (1.3, 2.0, 1, 2)


def test_hyphenated_word_splits_into_tokens_sharing_its_time():
    tokens = tokenize_words([(" rate-limiting", 0.0, 0.8)])
    assert [(t.stem, t.start, t.end) for t in tokens] == [("rate", 0.0, 0.8), ("limit", 0.0, 0.8)]


def test_fillers_are_not_removed():
    assert [t.norm for t in tokenize_words([(" Umm,", 0, 0.3), (" uh", 0.3, 0.5), (" hmm...", 0.5, 0.7)])] == ["umm", "uh", "hmm"]
