"""Downloads under the terminal's Chromium policy, in Debian's real Chromium
(tests/deploy/policy_kiosk.py).

Why a download driven through the DevTools protocol completed even with
`DownloadRestrictions: 3`: Playwright, on connecting, sends the protocol's
Browser.setDownloadBehavior("allowAndName"). That hands every download to the protocol's
own download manager, which never asks the browser's download policy: an artefact of the
driving, not a gap of the policy. So here the protocol is told to give downloads back to
the browser (behavior "default") and only to report them (eventsEnabled): what then happens
is Chromium's own decision, with the policy, as on a terminal, where nothing drives it."""
from __future__ import annotations

import time

import pytest

from tests.deploy.locked_browser import policy
from tests.deploy.policy_kiosk import DOWNLOAD_PATH, KIOSK

pytestmark = pytest.mark.deploy

# The two keys that forbid driving the browser (tests/deploy/test_terminal_browser.py).
DRIVEN = {"RemoteDebuggingAllowed": None, "DeveloperToolsAvailability": None}
CLICK = ("() => { const a = document.createElement('a'); a.href = '%s';"
         " document.body.append(a); a.click(); }" % DOWNLOAD_PATH)


def _download(start_browser, playwright, **changes) -> tuple[str, list]:
    """Click a link to a file on the kiosk's own origin: the download's end state
    ("canceled" or "completed") and the files that landed in the browser's home."""
    browser = start_browser({"50-brobygger.json": policy(**DRIVEN, **changes)})
    cdp = playwright.chromium.connect_over_cdp(browser.endpoint)
    protocol = cdp.new_browser_cdp_session()
    states = []
    protocol.on("Browser.downloadProgress", lambda event: states.append(event["state"]))
    protocol.send("Browser.setDownloadBehavior", {"behavior": "default", "eventsEnabled": True})
    page = cdp.contexts[0].new_page()
    page.goto(KIOSK)
    page.evaluate(CLICK)
    # Events arrive while Playwright talks to the browser: ask it something until the
    # download has ended (a bound, not a pause).
    deadline = time.monotonic() + 30
    while not set(states) - {"inProgress"} and time.monotonic() < deadline:
        protocol.send("Browser.getVersion")
    cdp.close()
    ended = [state for state in states if state != "inProgress"]
    assert ended, f"the download never ended: {states}"
    return ended[-1], sorted(path.name for path in browser.profile.rglob("report*"))


def test_a_download_is_refused(start_browser, playwright):
    assert _download(start_browser, playwright) == ("canceled", [])


def test_without_the_policy_key_the_same_download_lands_on_disk(start_browser, playwright):
    """The control: the same click, with DownloadRestrictions removed, saves the file in
    ~/Downloads. So the refusal above is the policy's, not the test's."""
    assert _download(start_browser, playwright, DownloadRestrictions=None) == (
        "completed", ["report.txt"])
