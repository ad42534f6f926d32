"""The HTML report in a real browser: nothing wider than a desktop or a phone, and A4 on paper.

Runs headless Chromium when it is installed (skipped otherwise). The report is measured inside
iframes of 1280 px and 390 px — headless windows cannot be narrower than 500 px — by a script
added to a copy of it; printing uses Chromium's own PDF output. The page count is held to what
the content needs: its height at the A4 text width (all folded sections open, as printed) in
whole pages, plus one for headings and cards moved to the next page rather than split.
"""

from __future__ import annotations

import html
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from diagrules.cli.main import main

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

EXAMPLES = Path(__file__).resolve().parent.parent / "diagrules" / "examples"
#: A4 less the print stylesheet's margins (186 × 269 mm), in CSS pixels at 96 per inch.
A4_TEXT_WIDTH, A4_TEXT_HEIGHT = 703, 1017

_PROBE = """<script>addEventListener('load', () => {
  document.querySelectorAll('details').forEach(d => { if (%(open)s) d.open = true; });
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1;
  }).map(el => el.tagName + '.' + el.className).slice(0, 5);
  parent.document.getElementById('%(id)s').dataset.result = JSON.stringify({
    width: innerWidth, scroll: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight, wide: wide});
});</script>"""


def _chromium(*args: str) -> str:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )
    return run.stdout


def _report(store: str, tmp_path: Path) -> Path:
    out = tmp_path / f"{store}.html"
    result = CliRunner().invoke(main, ["check", str(EXAMPLES / store / "store.toml"), "--lang", "zh",
                                       "--format", "html", "-o", str(out)])
    assert out.exists(), result.output
    return out


def _measure(report: Path, tmp_path: Path) -> dict[str, dict[str, object]]:
    """The report measured at each width (and at the A4 text width with folded sections open)."""
    import json

    source = report.read_text(encoding="utf-8")
    frames = []
    for name, width, opened in (("desktop", 1280, "false"), ("phone", 390, "false"), ("a4", A4_TEXT_WIDTH, "true")):
        inner = source.replace("</body>", _PROBE % {"id": name, "open": opened} + "</body>")
        frames.append(f'<iframe id="{name}" style="border:0;display:block;width:{width}px;height:900px" '
                      f'srcdoc="{html.escape(inner, quote=True)}"></iframe>')
    page = tmp_path / "probe.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0'>" + "".join(frames) + "</body></html>", encoding="utf-8")
    dom = _chromium("--window-size=1400,900", "--dump-dom", str(page))
    results = {}
    for name in ("desktop", "phone", "a4"):
        match = re.search(rf'id="{name}"[^>]*data-result="([^"]*)"', dom) or re.search(
            rf'data-result="([^"]*)"[^>]*id="{name}"', dom)
        assert match, f"the {name} frame reported nothing"
        results[name] = json.loads(html.unescape(match.group(1)))
    return results


@pytest.mark.parametrize("store", ["alibaba", "aliexpress"])
def test_nothing_is_wider_than_a_desktop_or_a_phone(store: str, tmp_path: Path) -> None:
    measured = _measure(_report(store, tmp_path), tmp_path)
    for name, expected in (("desktop", 1280), ("phone", 390)):
        m = measured[name]
        assert m["width"] == expected
        assert int(str(m["scroll"])) <= expected and not m["wide"], f"{name}: {m}"  # scrollWidth omits the scrollbar


def test_the_printed_alibaba_demo_is_a4_and_no_longer_than_its_content(tmp_path: Path) -> None:
    report = _report("alibaba", tmp_path)
    pdf = tmp_path / "report.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(report))
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)  # A4 in points
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    height = int(str(_measure(report, tmp_path)["a4"]["height"]))
    assert 1 <= pages <= math.ceil(height / A4_TEXT_HEIGHT) + 1, (pages, height)
