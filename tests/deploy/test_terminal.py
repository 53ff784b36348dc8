"""deploy/terminal: the Chromium policy, the browser wrapper (run with a fake chromium
that records how it was started) and the firewall rules (checked by nft)."""
from __future__ import annotations

import http.server
import json
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from core import PROJECT_ROOT
from tests.deploy.nginx_site import tool
from tests.support import serving

TERMINAL = PROJECT_ROOT / "deploy" / "terminal"
POLICY = json.loads((TERMINAL / "chromium-policy.json").read_text())
PRINTING = json.loads((TERMINAL / "chromium-policy-printing.json").read_text())
WRAPPER = TERMINAL / "kiosk-browser.sh"
ORIGIN = "https://kiosk.fengsel.example"  # the placeholder, in every file
CHROMIUM = "/usr/bin/chromium"  # Debian's, as on the terminals (else Playwright's, as in e2e)

REQUIRED = {
    "URLBlocklist": lambda v: "*" in v,
    "URLAllowlist": lambda v: v == ["https://.kiosk.fengsel.example"],
    "DeveloperToolsAvailability": 2,
    "RemoteDebuggingAllowed": False,
    "DownloadRestrictions": 3,
    "AllowFileSelectionDialogs": False,
    "BrowserGuestModeEnabled": False,
    "BrowserAddPersonEnabled": False,
    "IncognitoModeAvailability": 1,
    "PasswordManagerEnabled": False,
    "AutofillAddressEnabled": False,
    "AutofillCreditCardEnabled": False,
    "PrintingEnabled": False,
    "BrowserSignin": 0,
    "SyncDisabled": True,
    "TranslateEnabled": False,
    "ExtensionInstallBlocklist": lambda v: v == ["*"],
    "BlockExternalExtensions": True,
    "DefaultNotificationsSetting": 2,
    "DefaultGeolocationSetting": 2,
    "AudioCaptureAllowed": False,
    "VideoCaptureAllowed": False,
    "ScreenCaptureAllowed": False,
    "SavingBrowserHistoryDisabled": True,
    "MetricsReportingEnabled": False,
    "SearchSuggestEnabled": False,
}


@pytest.mark.parametrize("key", REQUIRED)
def test_the_policy_locks_the_browser_down(key):
    expected, value = REQUIRED[key], POLICY.get(key)
    if callable(expected):
        assert expected(value), value
    else:
        assert value == expected and type(value) is type(expected), value  # False is not 0


def test_the_policy_opens_only_the_kiosk():
    for key in ("HomepageLocation", "NewTabPageLocation"):
        assert POLICY[key] == f"{ORIGIN}/"
    assert POLICY["RestoreOnStartupURLs"] == [f"{ORIGIN}/"]
    assert f'KIOSK_URL="${{KIOSK_URL:-{ORIGIN}/}}"' in WRAPPER.read_text()


def test_printing_is_switched_on_by_a_second_file_that_wins():
    assert PRINTING["PrintingEnabled"] is True
    assert set(PRINTING) <= {"PrintingEnabled", "PrintHeaderFooter", "URLAllowlist"}
    # The allowlist replaces the main file's (the last file wins): it must be that one plus
    # the print preview's own pages (test_terminal_session.py shows them blocked without).
    assert PRINTING["URLAllowlist"] == [*POLICY["URLAllowlist"], "chrome://print",
                                        "chrome-untrusted://print"]
    # Chromium merges /etc/chromium/policies/managed/*.json and, where two files set the
    # same policy, the file whose name sorts last wins; the runbook installs them as:
    readme = (PROJECT_ROOT / "deploy" / "README.md").read_text()
    main, printing = "50-brobygger.json", "60-brobygger-printing.json"
    assert f"/etc/chromium/policies/managed/{main}" in readme
    assert f"/etc/chromium/policies/managed/{printing}" in readme
    assert sorted([printing, main]) == [main, printing]


class Terminal:
    """A place to run kiosk-browser.sh as an unprivileged user (never as root, which it
    refuses), with a fake chromium first on PATH that records its arguments."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.runtime, self.state, self.bin = base / "run", base / "state", base / "bin"
        for folder in (self.runtime, self.state, self.bin):
            folder.mkdir()
        self.record = base / "chromium-args"
        (self.bin / "chromium").write_text(
            "#!/bin/sh\n"
            f'printf "%s\\n" "$@" > "{self.record}"\n'
            # What a real Chromium does with the credential: store it in Default/Cookies.
            'for a in "$@"; do case "$a" in --user-data-dir=*) d="${a#*=}";; esac; done\n'
            'echo credential >> "$d/Default/Cookies"\n')
        (self.bin / "chromium").chmod(0o755)
        self.user = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        if self.user:
            base.chmod(0o755)
            for path in [base, *base.rglob("*")]:
                os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def run(self, as_root: bool = False, **env: str) -> subprocess.CompletedProcess:
        env = {"PATH": f"{self.bin}:/usr/bin:/bin", "HOME": str(self.state),
               "RUNTIME_DIRECTORY": str(self.runtime), "STATE_DIRECTORY": str(self.state),
               "KIOSK_WAIT_SECONDS": "0", "LANG": "C.UTF-8", **env}
        command = ["/bin/bash", str(WRAPPER)]
        if self.user and not as_root:
            command = [tool("setpriv"), f"--reuid={self.user.pw_uid}",
                       f"--regid={self.user.pw_gid}", "--clear-groups", "--", *command]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    @property
    def args(self) -> list[str]:
        return self.record.read_text().splitlines()


@pytest.fixture
def terminal():
    base = Path(tempfile.mkdtemp(prefix="bb-terminal-"))  # outside pytest's root-only tree
    yield Terminal(base)
    shutil.rmtree(base)


def test_the_wrapper_starts_chromium_locked_down_on_the_kiosk(terminal):
    result = terminal.run()
    assert result.returncode == 0, result.stderr
    args = terminal.args
    profile = terminal.runtime / "profile"
    assert args[-1] == f"{ORIGIN}/"
    for flag in ("--kiosk", f"--user-data-dir={profile}", "--no-first-run",
                 "--password-store=basic", "--noerrdialogs", "--deny-permission-prompts",
                 "--ozone-platform=wayland", "--lang=nb"):
        assert flag in args, flag
    for flag in ("--no-sandbox", "--incognito", "--remote-debugging-port"):
        assert not any(a.startswith(flag) for a in args), flag


def test_every_start_gets_a_fresh_profile_that_keeps_only_the_credential(terminal):
    profile = terminal.runtime / "profile"
    assert terminal.run().returncode == 0
    # What a session leaves behind: history, cache, a signed-in page's data ...
    (profile / "Default" / "History").write_text("a previous inmate's pages")
    (profile / "Local State").write_text("{}")
    (terminal.runtime / "home" / "stale").write_text("a crash report")
    assert terminal.run().returncode == 0
    assert sorted(p.name for p in profile.rglob("*")) == ["Cookies", "Default"]
    cookies = profile / "Default" / "Cookies"
    assert cookies.is_symlink() and cookies.resolve() == terminal.state / "Cookies"
    assert (terminal.state / "Cookies").read_text() == "credential\ncredential\n"
    assert sorted(p.name for p in terminal.state.iterdir()) == ["Cookies"]
    assert not (terminal.runtime / "home" / "stale").exists()
    if terminal.user:  # made by the kiosk user, for the kiosk user only
        assert profile.stat().st_uid == terminal.user.pw_uid
        assert profile.stat().st_mode & 0o777 == 0o700


class Kiosk(http.server.BaseHTTPRequestHandler):
    """/enrol sets a terminal credential (and a session cookie); / shows the cookies sent."""

    def do_GET(self):
        self.send_response(200)
        if self.path == "/enrol":
            self.send_header("Set-Cookie", "bb_terminal=credential-4711; Max-Age=315360000; "
                                           "Path=/; HttpOnly; SameSite=Strict")
            self.send_header("Set-Cookie", "bb_kiosk_session=inmate; Path=/; HttpOnly")
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(f"<p>{self.headers.get('Cookie') or 'none'}</p>".encode())

    def log_message(self, *_args):
        pass


def test_a_real_chromium_keeps_the_credential_and_nothing_else(terminal, request):
    """The wrapper with the real Chromium (headless: no display here), twice, as after a
    reboot: the enrolled terminal's credential comes back, an inmate's session does not."""
    real = CHROMIUM
    if not os.path.exists(real):
        real = request.getfixturevalue("playwright").chromium.executable_path
    (terminal.bin / "chromium").write_text(
        f'#!/bin/sh\nexec "{real}" --headless --no-sandbox --dump-dom "$@"\n')
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Kiosk)
    thread = serving.serve(server)
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        enrolled = terminal.run(KIOSK_URL=f"{origin}/enrol")
        assert "<p>none</p>" in enrolled.stdout, enrolled.stderr[-2000:]
        again = terminal.run(KIOSK_URL=f"{origin}/")
        assert "<p>bb_terminal=credential-4711</p>" in again.stdout, again.stderr[-2000:]
    finally:
        serving.stop(server, thread)
    assert sorted(p.name for p in terminal.state.iterdir()) in (
        ["Cookies"], ["Cookies", "Cookies-journal"])


def test_the_wrapper_refuses_to_run_as_root(terminal):
    if os.geteuid() != 0:
        terminal.run = lambda as_root=False: subprocess.run(
            [tool("unshare"), "--map-root-user", "/bin/bash", str(WRAPPER)],
            capture_output=True, text=True, timeout=60)
    result = terminal.run(as_root=True)
    assert result.returncode == 1 and "refusing to run as root" in result.stderr
    assert not terminal.record.exists()


def test_nft_accepts_the_firewall_rules():
    """`nft -c` checks the rules (parsed and checked by the kernel, nothing applied), in a
    new network namespace so that not even a mistake could touch the host's firewall."""
    result = subprocess.run([tool("unshare"), "--net", "--map-root-user", tool("nft"), "-c",
                             "-f", str(TERMINAL / "nftables.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_the_firewall_lets_the_terminal_reach_only_the_server_on_443():
    rules = (TERMINAL / "nftables.conf").read_text()
    code = "\n".join(line.split("#")[0].strip() for line in rules.splitlines())
    server = re.search(r"^define KIOSK_SERVER = (\S+)$", code, re.M).group(1)
    dns = re.search(r"^define DNS_SERVERS = \{ (\S+) \}$", code, re.M).group(1)
    assert re.findall(r"policy (\w+);", code) == ["drop", "drop", "drop"]
    output = code[code.index("chain output"):]
    accepted = [line for line in output.splitlines() if line.endswith("accept")]
    assert accepted == ['oif "lo" accept', "ct state established,related accept",
                        "ip daddr $KIOSK_SERVER tcp dport 443 accept",
                        "ip daddr $DNS_SERVERS udp dport 53 accept",
                        "ip daddr $DNS_SERVERS tcp dport 53 accept",
                        "udp sport 68 udp dport 67 accept"]
    unit = (TERMINAL / "brobygger-terminal.service").read_text()
    assert f"IPAddressAllow=localhost {server} {dns}" in unit  # the same two addresses
