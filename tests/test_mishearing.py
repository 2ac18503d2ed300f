"""Likely mis-hearings (scoring/mishearing.py): dense tables of what a user would find helpful (a hint) and what would
be noise (none), then whole transcripts: the term heard means no hint, the hint's place and time, fillers, rubric
phrases, one hint per term and per word, and the score never changing. A false hint is worse than a missing one."""

import pytest

from tests.helpers import transcript_from_text
from voicesim.question.bank import Concept, Question, Rubric, TargetLength, load_bank
from voicesim.scoring import score_answer
from voicesim.scoring.mishearing import MIN_SIMILARITY_ONE_WORD, MIN_SIMILARITY_SPLIT, everyday_words, is_name, likely_mishearings
from voicesim.transcript import Transcript, Word


def vocabulary_question(*terms: str, concepts=(), outline=()) -> Question:
    return Question(id="q", prompt="Tell me about it?", target=TargetLength(30, 120), rubric=Rubric(tuple(concepts)),
                    outline=tuple(outline), vocabulary=terms)


def hints_for(term: str, heard: str):
    """The hints for `term` in a short answer holding `heard` between neutral words."""
    return likely_mishearings(transcript_from_text(f"we chose {heard} then"), vocabulary_question(term))


@pytest.mark.parametrize("term, heard", [
    # Whisper tiny.en's own (benchmarks/README.md): names heard as everyday words with the term in its context
    ("Postgres", "posters"),
    ("Redis", "read these"),
    ("nginx", "Engine X"),
    ("NGINX", "engine x"),
    ("Sentry", "century"),
    # the same names heard other ways: split into words, or spelled as they sound
    ("Postgres", "post grass"),
    ("Postgres", "postgress"),  # a word that is no word is a sure hint
    ("Postgres", "post gress"),
    ("Redis", "red is"),
    ("Redis", "readies"),
    ("Redis", "reddis"),
    ("Sentry", "center"),  # sounds the same; "center" is rarely said in an answer on error tracking
    ("nginx", "engine ex"),
    ("Kafka", "caf car"),  # the final "r" unsaid
    ("etcd", "etsy d"),
    ("PACELC", "pass elk"),
    ("PACELC", "pace elk"),
    ("PACELC", "pack elk"),
    ("Memcached", "mem cashed"),
    ("Grafana", "graph ana"),
    ("Okta", "octa"),
    ("Kubernetes", "cubernetes"),  # first letter differs, so coverage's near match does not take it
    ("Jaeger", "yeager"),  # said "yay-ger" (READ_OUT)
    ("Consul", "console"),
    ("Prometheus", "prometheous"),
    ("Elasticsearch", "elastic surge"),
    ("Kibana", "key bana"),
    ("Twilio", "twillio"),
    ("Neo4j", "neo for jay"),  # digits as said
    ("MySQL", "my sequel"),  # a stopword may open the run when the name opens with it
    ("Datadog", "data dock"),
])
def test_a_name_heard_as_other_words_gets_one_hint(term, heard):
    [hint] = hints_for(term, heard)
    assert (hint.term, hint.heard) == (term, heard)
    assert hint.similarity >= MIN_SIMILARITY_SPLIT


@pytest.mark.parametrize("term, heard", [
    # part of the name, or a word that differs in its ending: another word said
    ("Redis", "ready"), ("Redis", "read"), ("Redis", "reads"), ("Redis", "red"), ("Redis", "reddit"), ("Redis", "rest"),
    ("Redis", "readers"), ("Redis", "right is"),  # metaphone hears "right is" as Redis; the letters do not
    ("Postgres", "post"), ("Postgres", "posts"), ("Postgres", "posted"), ("Postgres", "progress"), ("Postgres", "post request"),
    ("Sentry", "entry"), ("Sentry", "sent"), ("Sentry", "sanity"), ("Sentry", "country"), ("Sentry", "so entry"),
    ("Kafka", "coffee"), ("Kafka", "cough"), ("Kafka", "calf"), ("Kafka", "cover"), ("Kafka", "copy"),
    ("nginx", "engine"), ("nginx", "engines"), ("nginx", "english"), ("nginx", "engine then"),
    ("etcd", "et cetera"),  # said in every list of examples: a hint there would be noise
    ("etcd", "etc"), ("etcd", "ethic"), ("etcd", "edited"),
    ("PACELC", "pass"), ("PACELC", "parcel"), ("PACELC", "places"),
    ("Okta", "october"), ("Okta", "act"),
    ("Docker", "doctor"), ("Docker", "darker"),
    ("Consul", "consult"), ("Jaeger", "jagged"), ("Twilio", "trillion"), ("Kibana", "banana"),
    ("Spanner", "planner"), ("Spanner", "so planner"), ("Snowflake", "snowfall"), ("Tempo", "temple"), ("MySQL", "my school"),
    ("Loki", "lucky"), ("Loki", "look"), ("Rails", "real"),
    # one-syllable names are never hinted: too short to tell from the words around them
    ("Vault", "fault"), ("Vault", "volt"), ("Kong", "king"), ("Helm", "help"), ("Raft", "draft"), ("Spark", "spike"),
    ("Stripe", "strip"),
    # acronyms are said letter by letter: a word is not them
    ("SLO", "slow"), ("NATS", "nuts"), ("TTL", "total"), ("SQS", "sequence"), ("CI/CD", "see"),
    # terms of several words hold everyday words, written right: a near miss is another phrase
    ("trace ID", "trace it"), ("message ID", "messages to"), ("IP address", "email address"), ("API key", "a key"),
])
def test_a_near_miss_gets_no_hint(term, heard):
    assert hints_for(term, heard) == ()


@pytest.mark.parametrize("term, heard", [
    ("Postgres", "Postgres"), ("Postgres", "postgres,"),
    ("PostgreSQL", "Postgres"),  # its short name
    ("etcd", "etc d"),  # written apart is the word joined, as coverage reads it
    ("Istio", "is tio"), ("gRPC", "g RPC"), ("CI/CD", "CI CD"), ("CI/CD", "CI slash CD"), ("N+1", "N plus one"),
    ("Cassandra", "casandra"),  # coverage's own near match for a long word
    ("nginx", "NGINX"),
])
def test_a_term_the_transcript_holds_gets_no_hint(term, heard):
    assert hints_for(term, heard) == ()


@pytest.mark.parametrize("term, name", [
    ("Postgres", True), ("Redis", True), ("CI/CD", True), ("Neo4j", True), ("nginx", True), ("etcd", True),
    ("PACELC", True), ("SLO", True), ("gRPC", True), ("H.264", True),
    ("Kong", False), ("Vault", False), ("Helm", False),  # one syllable
    ("leader", False), ("cache stampede", False), ("caching", False),  # everyday vocabulary
    ("message ID", False), ("Redis Streams", False),  # several words
    ("O(log n)", False), ("R + W > N", False), ("WHERE id >", False),  # formulas
])
def test_which_terms_are_names(term, name):
    assert is_name(term) is name


def test_thresholds_are_ordered():
    assert 0.5 < MIN_SIMILARITY_SPLIT < MIN_SIMILARITY_ONE_WORD < 1


# ---------------------------------------------------------------- whole transcripts

MIGRATIONS = load_bank("netflix-backend").question("database-migrations")  # vocabulary holds "Postgres"
POSTERS = "We ran the migration on posters with an expand and contract change, then a backfill in batches."


def test_the_hint_names_the_place_as_written_and_its_time():
    transcript = transcript_from_text("We keep orders in Posters, and events in caf car.", start=1.0, wpm=60)
    hints = likely_mishearings(transcript, vocabulary_question("Postgres", "Kafka", "Redis"))
    assert [(h.term, h.heard) for h in hints] == [("Postgres", "Posters"), ("Kafka", "caf car")]  # time order
    posters, kafka = hints
    assert posters.start == pytest.approx(transcript.words[4].start) and posters.end == pytest.approx(transcript.words[4].end)
    assert kafka.start == pytest.approx(transcript.words[8].start) and kafka.end == pytest.approx(transcript.words[9].end)


def test_no_hint_when_the_term_was_heard_anywhere():
    question = vocabulary_question("Postgres")
    assert likely_mishearings(transcript_from_text("the posters were wrong"), question)
    assert likely_mishearings(transcript_from_text("we use Postgres and the posters were wrong"), question) == ()
    # words that are another vocabulary term, heard, are that term
    assert likely_mishearings(transcript_from_text("the posters were wrong"), vocabulary_question("Postgres", "Posters")) == ()


def test_a_shipped_question_hints_postgres_for_posters():
    [hint] = likely_mishearings(transcript_from_text(POSTERS), MIGRATIONS)
    assert (hint.term, hint.heard) == ("Postgres", "posters")


def test_the_score_never_changes():
    """A hint is never coverage: the answer scores as if the words were nonsense, and the term's concepts stay missed."""
    heard = score_answer(transcript_from_text(POSTERS), MIGRATIONS)
    nonsense = score_answer(transcript_from_text(POSTERS.replace("posters", "zzyzx")), MIGRATIONS)
    said = score_answer(transcript_from_text(POSTERS.replace("posters", "Postgres")), MIGRATIONS)
    assert likely_mishearings(heard.transcript, MIGRATIONS)
    assert heard.coverage == nonsense.coverage and heard.overall == nonsense.overall
    assert not any("posters" in e.heard for c in heard.coverage.concepts for e in c.evidence)
    assert likely_mishearings(said.transcript, MIGRATIONS) == ()


def test_a_filler_is_never_part_of_a_hint():
    question = vocabulary_question("Erlang")
    assert [h.heard for h in likely_mishearings(transcript_from_text("we wrote it in air lang then"), question)] == ["air lang"]
    assert likely_mishearings(transcript_from_text("we wrote it in er lang then"), question) == ()  # "er" is a filler
    assert likely_mishearings(transcript_from_text("we wrote it in um, uh, hmm then"), vocabulary_question("Umami", "Hummus")) == ()


def test_a_pause_or_a_comma_breaks_a_run():
    question = vocabulary_question("Redis")
    assert likely_mishearings(transcript_from_text("we kept red is then"), question)
    assert likely_mishearings(transcript_from_text("we kept red is then", gaps={3: 1.0}), question) == ()
    assert likely_mishearings(transcript_from_text("we kept red, is then"), question) == ()


def test_one_hint_per_term_at_its_most_similar_place():
    question = vocabulary_question("Redis")
    [hint] = likely_mishearings(transcript_from_text("first read these then later red is and so on"), question)
    assert hint.heard == "red is" and hint.similarity == 1.0


def test_each_word_is_in_one_hint_at_most():
    hints = likely_mishearings(transcript_from_text("we chose posters then"), vocabulary_question("Postgres", "Postgris"))
    assert len(hints) == 1 and hints[0].heard == "posters"


def test_words_a_rubric_phrase_counts_are_no_guess():
    transcript = transcript_from_text("we chose post grass then")
    assert likely_mishearings(transcript, vocabulary_question("Postgres"))
    known = Concept("Database", 1.0, ("postgres",), misheard=("post grass",))  # a known mis-hearing: coverage counts it
    assert likely_mishearings(transcript, vocabulary_question("Postgres", concepts=[known])) == ()
    phrase = Concept("Design", 1.0, ("grass roots", "chose post"))  # words of a rubric phrase were said as such
    assert likely_mishearings(transcript, vocabulary_question("Postgres", concepts=[phrase])) == ()


def test_one_word_of_the_question_or_of_everyday_talk_is_said_not_misheard():
    transcript = transcript_from_text("a better index then")
    assert [h.heard for h in likely_mishearings(transcript, vocabulary_question("B-tree"))] == ["better"]
    assert likely_mishearings(transcript, vocabulary_question("B-tree"), everyday=frozenset({"better"})) == ()
    assert likely_mishearings(transcript, vocabulary_question("B-tree", outline=["Better than a scan."])) == ()
    from voicesim.question.library import library_questions

    library = everyday_words(q.question for q in library_questions())
    assert {"engin", "better", "read"} <= library and not {"poster", "centuri", "consol"} & library


def test_joined_pieces_and_empty_input():
    words = (Word(" we", 0.0, 0.2), Word(" chose", 0.2, 0.5), Word(" post", 0.5, 0.8), Word("-ers", 0.8, 1.0), Word(" then", 1.0, 1.2))
    [hint] = likely_mishearings(Transcript(words, duration=2.0), vocabulary_question("Postgres"))
    assert hint.heard == "post-ers" and (hint.start, hint.end) == (0.5, 1.0)
    assert likely_mishearings(Transcript((), duration=1.0), vocabulary_question("Postgres")) == ()
    assert likely_mishearings(transcript_from_text("posters"), vocabulary_question()) == ()


def test_written_answers_get_no_hint_for_their_own_question():
    """Answers written right hold no mis-hearing: any hint on them is a false alarm."""
    from tests.bank_answers import STRONG, VAGUE

    bank = load_bank("netflix-backend")
    everyday = everyday_words(bank.questions)
    for answers in (STRONG, VAGUE):
        for qid, text in answers.items():
            assert likely_mishearings(transcript_from_text(text), bank.question(qid), everyday) == (), qid
