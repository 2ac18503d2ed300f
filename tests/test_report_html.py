"""`voicesim report --html`: one self-contained file, checked in a real browser (Debian's Chromium through
Playwright): the transcript is visible, each recording loads with its duration, a click on a late word moves the
player to that word, the charts render, nothing is requested from the network, words Whisper wrote onto the one
before read joined ("trade-off"), and a bank holding <script> and onerror runs neither and shows them as text.
The vocabulary terms maybe misheard are checked on the rendered page alone (fast: no Whisper, no browser)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
from html import unescape
from pathlib import Path

import pytest

from tests.answers import RATE_LIMITING_STRONG
from tests.audio_helpers import synth
from tests.browser import chromium_page, unavailable
from tests.conftest import REPO, run_cli
from voicesim.audio.decode import SAMPLE_RATE, load_audio

HOSTILE_PROMPT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> "quoted" & [/bold]'
HOSTILE_CONCEPT = '<b onmouseover="window.__pwned = 3">Algorithm</b>'


def hostile_bank(path: Path) -> Path:
    text = (REPO / "seeds" / "netflix-backend.toml").read_text(encoding="utf-8")
    text = text.replace('prompt = "How would you design a rate-limiting system?"', f"prompt = '{HOSTILE_PROMPT}'", 1)
    text = text.replace('name = "Algorithm"', f"name = '{HOSTILE_CONCEPT}'", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_vocabulary_term_heard_as_everyday_words_is_hinted_escaped_and_not_counted(voicesim_home):
    """database-migrations lists "Postgres" in its vocabulary; Whisper tiny.en writes it "posters"."""
    from tests.helpers import add_session
    from voicesim.question.bank import load_bank
    from voicesim.report.html import collect_report, render_html
    from voicesim.store import Store

    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", "We run the migration on <posters> with expand and contract, then a backfill.",
                    "2026-01-01T10:00:00+00:00", question=load_bank().question("database-migrations"))
        add_session(store, "s2", RATE_LIMITING_STRONG, "2026-01-02T10:00:00+00:00")
        hinted = render_html(collect_report(store, store.session("s1"), charts=False))
        plain = render_html(collect_report(store, store.session("s2"), charts=False))
    [hint] = re.findall(r'<div class="misheard dim">(.*?)</div>', hinted, re.S)
    assert "Maybe misheard (not counted)" in hint and "heard “&lt;posters&gt;” at 0:02 — maybe “Postgres”?" in hint
    assert "<posters>" not in hinted
    assert 'class="misheard' not in plain and "Maybe misheard" not in plain


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    """Two sessions scored from the same recording (so there is a comparison and a chart), and one against the hostile bank."""
    d = tmp_path_factory.mktemp("report")
    env = dict(os.environ, VOICESIM_HOME=str(d / "home"))
    audio = synth(RATE_LIMITING_STRONG, d / "strong.wav")
    for args in (["-q", "rate-limiting"], ["-q", "rate-limiting"]):
        res = run_cli("score", str(audio), *args, env=env)
        assert res.returncode == 0, res.stderr
    page = d / "report.html"
    res = run_cli("report", "last", "--html", str(page), env=env)
    assert res.returncode == 0, res.stderr
    res = run_cli("score", str(audio), "-q", "rate-limiting", "--bank", str(hostile_bank(d / "hostile.toml")), env=env)
    assert res.returncode == 0, res.stderr
    hostile = d / "hostile.html"
    assert run_cli("report", "last", "--html", str(hostile), env=env).returncode == 0
    return {"page": page, "hostile": hostile, "audio": audio, "seconds": len(load_audio(audio)) / SAMPLE_RATE, "stdout": res.stdout}


@pytest.mark.slow
def test_the_file_is_self_contained_private_and_small(reports):
    page: Path = reports["page"]
    html = page.read_text(encoding="utf-8")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.I), "an external reference"
    assert "<link" not in html and "@import" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    code = [body for attrs, body in scripts if "application/octet-stream" not in attrs]
    assert len(code) == 1 and "src=" not in scripts[-1][0]
    digest = base64.b64encode(hashlib.sha256(code[0].encode()).digest()).decode()
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    policy = unescape(policy)
    assert f"script-src 'sha256-{digest}'" in policy and policy.startswith("default-src 'none'")
    per_minute = page.stat().st_size / (reports["seconds"] / 60)
    assert per_minute < 500_000, f"{per_minute / 1000:.0f} KB per minute of audio"


@pytest.fixture
def browser_page():
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    with chromium_page() as page:
        yield page


def _open(page, path: Path) -> dict:
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.as_uri())
    return seen


@pytest.mark.slow
def test_in_chromium_audio_loads_and_a_click_on_a_word_plays_from_it(reports, browser_page):
    page = browser_page
    seen = _open(page, reports["page"])
    transcript = page.locator("section.answer .transcript")
    assert transcript.is_visible() and "token bucket" in transcript.inner_text().lower()
    assert not re.search(r"\w -\w", transcript.inner_text()), "a word Whisper wrote onto the one before shown apart from it"
    page.wait_for_function("() => { const a = document.querySelector('audio'); return a && isFinite(a.duration) && a.duration > 0 }",
                           timeout=15_000)
    duration = page.evaluate("document.querySelector('audio').duration")
    assert abs(duration - reports["seconds"]) < 0.3
    assert page.evaluate("document.querySelector('audio').src").startswith("blob:")
    words = page.locator("section.answer .transcript .w")
    late = words.nth(words.count() - 2)
    start = float(late.get_attribute("data-start"))
    assert start > duration / 2
    late.click()
    page.wait_for_function(f"() => document.querySelector('audio').currentTime >= {start - 0.05}", timeout=5_000)
    now = page.evaluate("(() => { const a = document.querySelector('audio'); a.pause(); return a.currentTime })()")
    assert start - 0.05 <= now < start + 1.0
    # the charts: the session's progress and the question's attempts, drawn with real size
    charts = page.locator(".chart svg")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert page.locator(".chart svg path").count() > 20
    assert "Compared with your 1 earlier attempt(s)" in page.locator("section.answer").inner_text()
    assert seen["errors"] == []
    assert [u for u in seen["requests"] if not u.startswith(("file:", "blob:", "data:"))] == []


@pytest.mark.slow
def test_in_chromium_joined_words_read_joined_and_each_piece_plays_from_its_own_time(voicesim_home, tmp_path, browser_page):
    """Words Whisper wrote onto the one before ("trade" + "-off"): no space on screen, yet each keeps its own start."""
    from tests.helpers import JOINED_ANSWER, add_session
    from voicesim.report.html import collect_report, render_html
    from voicesim.store import Store

    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", JOINED_ANSWER, "2026-01-01T10:00:00+00:00")
        page_file = tmp_path / "joined.html"
        page_file.write_text(render_html(collect_report(store, store.session("s1"), charts=False)), encoding="utf-8")
    page = browser_page
    seen = _open(page, page_file)
    shown = page.locator("section.answer .transcript").inner_text()
    assert "trade-off" in shown and "at-least-once" in shown and "Retry-After" in shown, shown
    assert not re.search(r"\w -\w", shown), shown
    pieces = page.locator("section.answer .transcript .w")
    texts = pieces.all_inner_texts()
    assert texts[texts.index("at") + 1 : texts.index("at") + 3] == ["-least", "-once"]
    starts = [float(pieces.nth(texts.index("at") + k).get_attribute("data-start")) for k in range(3)]
    assert starts == sorted(set(starts))
    assert seen["errors"] == []


@pytest.mark.slow
def test_in_chromium_a_hostile_bank_is_text_and_runs_nothing(reports, browser_page):
    page = browser_page
    seen = _open(page, reports["hostile"])
    page.wait_for_function("() => isFinite(document.querySelector('audio').duration)", timeout=15_000)
    page.locator("section.answer .transcript .w").first.hover()
    assert page.evaluate("window.__pwned") is None
    heading = page.locator("section.answer h2").inner_text()
    assert HOSTILE_PROMPT in heading
    assert page.locator("img").count() == 0 and page.locator("section.answer b").count() == 0
    assert HOSTILE_CONCEPT in page.locator("table.concepts").inner_text()
    assert [u for u in seen["requests"] if not u.startswith(("file:", "blob:", "data:"))] == []
    # and the terminal showed the same prompt as text ([/bold] is no markup there either)
    assert "[/bold]" in reports["stdout"] and "<script>" in reports["stdout"]
