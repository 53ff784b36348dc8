"""Front-end files are pinned, recorded and served from our own origin."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_vendored_files_match_their_recorded_versions():
    result = subprocess.run([sys.executable, "scripts/vendor_static.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pinned_versions():
    versions = json.loads((ROOT / "static/vendor/VERSIONS.json").read_text())
    packages = versions.get("packages", versions)
    assert packages["htmx.org"].startswith("2.0.")
    assert packages["@navikt/ds-css"] == packages["@navikt/aksel-icons"]
    assert "@fontsource/source-sans-3" in packages


def test_no_css_loads_from_another_origin():
    for css in list((ROOT / "static").rglob("*.css")):
        text = css.read_text()
        assert "cdn.nav.no" not in text and "fonts.googleapis" not in text, css
        assert "url(http" not in text.replace(" ", ""), css
