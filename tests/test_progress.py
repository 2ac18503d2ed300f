"""`voicesim progress`: trends per session and per question (JSON figures, order, filters), the rich table,
sparklines, and chart files (a valid PNG of a sensible size, an SVG, 0600)."""

from __future__ import annotations

import json
import stat
import struct
import xml.etree.ElementTree as ET
import pytest

from tests.conftest import run_cli
from tests.helpers import add_session
from voicesim.question.bank import load_bank
from voicesim.report.charts import sparkline
from voicesim.store import Store

BANK = load_bank()
WEAK = "I would, um, just limit the requests somehow, you know, um"
MIDDLE = "I would use a token bucket in Redis and uh return 429"
STRONG = "I would use a token bucket in Redis with an atomic increment, return 429 with Retry-After from the API gateway per user"
CAP = "CAP means consistency, availability and partition tolerance; during a partition you choose"


@pytest.fixture
def history(voicesim_home):
    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", WEAK, "2026-01-01T10:00:00+00:00")
        add_session(store, "s2", MIDDLE, "2026-01-03T10:00:00+00:00")
        add_session(store, "s3", CAP, "2026-01-04T10:00:00+00:00", question=BANK.question("cap-theorem"))
        add_session(store, "s4", STRONG, "2026-01-05T10:00:00+00:00")
        yield {s.id: s.answers[0].score for s in store.sessions()}


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"),
    ([8, 1], "█▁"),
    ([5, 5, 5], "▅▅▅"),
    ([1, None, 3], "▁ █"),
    ([], ""),
    ([None], ""),
    ([0.0, 0.5, 1.0], "▁▅█"),
])
def test_sparkline(values, expected):
    assert sparkline(values) == expected


def test_json_gives_each_session_and_question_oldest_first(history):
    res = run_cli("progress", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["schema"] == 1
    assert [p["session"] for p in data["sessions"]] == ["s1", "s2", "s3", "s4"]
    assert [p["overall"] for p in data["sessions"]] == [history[s].overall for s in ("s1", "s2", "s3", "s4")]
    rate = data["questions"]["rate-limiting"]
    assert [p["session"] for p in rate] == ["s1", "s2", "s4"]
    assert [p["coverage"] for p in rate] == [round(history[s].coverage, 4) for s in ("s1", "s2", "s4")]
    assert [p["fillers_per_minute"] for p in rate] == [round(history[s].fillers_per_minute, 2) for s in ("s1", "s2", "s4")]
    assert rate[0]["coverage"] < rate[1]["coverage"] < rate[2]["coverage"]  # the answers were written to improve
    assert rate[0]["fillers_per_minute"] > rate[2]["fillers_per_minute"] == 0
    assert list(data["questions"]["cap-theorem"][0]) == ["session", "started_at", "overall", "coverage", "wpm", "fillers_per_minute", "pauses"]


def test_json_filters_by_question_and_bank(history):
    data = json.loads(run_cli("progress", "--json", "-q", "cap-theorem").stdout)
    assert list(data["questions"]) == ["cap-theorem"] and [p["session"] for p in data["sessions"]] == ["s3"]
    data = json.loads(run_cli("progress", "--json", "--bank", "another-bank").stdout)
    assert data == {"schema": 1, "sessions": [], "questions": {}}


def test_the_table_shows_the_trend_first_to_latest(history):
    res = run_cli("progress")
    assert res.returncode == 0, res.stderr
    rows = {line.split("│")[1].strip(): line for line in res.stdout.splitlines() if line.startswith("│")}
    rate = rows["rate-limiting"]
    first, last = history["s1"], history["s4"]
    assert f"{first.overall} → {last.overall}" in rate
    assert f"{first.coverage:.0%} → {last.coverage:.0%}" in rate
    assert f"{first.fillers_per_minute:.1f} → {last.fillers_per_minute:.1f}" in rate
    assert "▁" in rate and "█" in rate  # coverage rose: the sparkline climbs
    assert rate.split("│")[2].strip() == "3"  # attempts
    assert rows["cap-theorem"].split("│")[2].strip() == "1"
    assert f"{history['s1'].overall} → {history['s4'].overall}" in rows["all (per session)"]


def test_no_history_says_so(voicesim_home):
    res = run_cli("progress")
    assert res.returncode == 0 and "No scored answers yet" in res.stdout
    res = run_cli("progress", "--plot", str(voicesim_home / "x.png"))
    assert res.returncode == 2 and "nothing to plot yet" in res.stderr


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_plot_writes_a_valid_png_and_svg(history, tmp_path):
    png = tmp_path / "progress.png"
    res = run_cli("progress", "--plot", str(png))
    assert res.returncode == 0, res.stderr
    width, height = _png_size(png.read_bytes())
    assert 600 <= width <= 2000 and 600 <= height <= 3000
    assert png.stat().st_size > 20_000  # five panels of lines, not an empty canvas
    assert stat.S_IMODE(png.stat().st_mode) == 0o600
    svg = tmp_path / "rate.svg"
    res = run_cli("progress", "-q", "rate-limiting", "--plot", str(svg))
    assert res.returncode == 0, res.stderr
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 10
    res = run_cli("progress", "--plot", str(tmp_path / "chart.gif"))
    assert res.returncode == 2 and "must end in .png or .svg" in res.stderr
