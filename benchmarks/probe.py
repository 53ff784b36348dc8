"""Sizes measured against the running apps: the kiosk's first pages with everything they
load, and the htmx partial responses of both apps (asked for with HX-Request: true, as
htmx asks). A small client of its own (the standard library's), so that this needs no
load tool; the size arithmetic is benchmarks/sizes.py's."""
from __future__ import annotations

import http.client
import re
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyotp

from benchmarks.report import Partial
from benchmarks.sizes import Item, PageSize, css_references, fonts_needed, page_references, \
    page_text
from core import PROJECT_ROOT

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Client:
    """Cookies, no automatic redirects, the body as bytes."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        parts = urlsplit(self.base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = {"Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            received = {k.lower(): v for k, v in response.getheaders()}
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            found = CSRF.search(content.decode("utf-8", "replace"))
            if found:
                self.token = found.group(1)
            return response.status, received, content
        finally:
            connection.close()

    def get(self, path: str, headers: dict | None = None, follow: bool = True):
        status, received, body = self.request("GET", path, headers=headers)
        hops = 0
        while follow and status in (301, 302, 303, 307) and hops < 5:
            path = re.sub(r"^https?://[^/]+", "", received["location"])
            status, received, body = self.request("GET", path, headers=headers)
            hops += 1
        return status, received, body, path

    def post(self, path: str, data: dict, headers: dict | None = None, follow: bool = True):
        status, received, body = self.request("POST", path, {"csrf_token": self.token, **data},
                                              headers)
        if follow and status in (302, 303):
            return self.get(re.sub(r"^https?://[^/]+", "", received["location"]), headers)
        return status, received, body, path


def _content_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "application/octet-stream")


STATIC = PROJECT_ROOT / "static"


def _precompressed(url: str) -> bytes | None:
    """The NAME.gz beside a static file in the release, which nginx's gzip_static sends
    instead of gzipping the file itself; None for anything else."""
    path = urlsplit(url).path
    if not path.startswith("/static/"):
        return None
    packed = STATIC / (path[len("/static/"):] + ".gz")
    return packed.read_bytes() if packed.resolve().is_relative_to(STATIC) and packed.is_file() \
        else None


def _item(url: str, kind: str, content_type: str, body: bytes) -> Item:
    return Item.of(url, kind, content_type, body, _precompressed(url))


def page_size(client: Client, name: str, path: str) -> PageSize:
    """``path`` and every stylesheet, script, image and font it makes a browser fetch."""
    status, headers, body, _ = client.get(path)
    if status != 200:
        raise SystemExit(f"size probe: {path} answered {status}")
    html = body.decode("utf-8")
    url = client.base + path
    items = [_item(path, "page", _content_type(headers), body)]
    text = page_text(html)
    for kind, ref in page_references(html, url):
        if kind == "media" or not ref.startswith(client.base):
            continue  # sound is fetched when played, not with the page
        ref_path = ref[len(client.base):]
        status, headers, content, _ = client.get(ref_path, follow=True)
        items.append(_item(ref_path, kind, _content_type(headers), content))
        if kind == "css":
            for font in fonts_needed(css_references(content.decode("utf-8", "replace"), ref),
                                     text):
                font_path = font[len(client.base):]
                _s, font_headers, font_body, _ = client.get(font_path)
                items.append(_item(font_path, "font", _content_type(font_headers), font_body))
    return PageSize(name, tuple(items))


CHROMIUM = "/usr/bin/chromium"


def _kind(resource_type: str, url: str) -> str:
    return {"document": "page", "stylesheet": "css", "script": "js", "font": "font",
            "image": "image"}.get(resource_type, resource_type)


def browser_page_sizes(kiosk_url: str, probe: dict, pin: str) -> list[PageSize] | None:
    """The sign-in page and the home page, each loaded by headless Chromium with an empty
    cache, with every response it fetched; None without Playwright or a browser."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    pages = []
    try:
        with sync_playwright() as playwright:
            options = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
            browser = playwright.chromium.launch(**options)
            try:
                cookie = {"name": probe["cookie"], "value": probe["credential"],
                          "url": kiosk_url}
                first = browser.new_context()
                first.add_cookies([cookie])
                page = first.new_page()
                pages.append(_load(page, kiosk_url, "/", "sign-in page (`/`)"))
                page.fill("input[name=inmate_number]", probe["inmates"][0])
                page.fill("input[name=pin]", pin)
                with page.expect_navigation():
                    page.press("input[name=pin]", "Enter")
                if not page.url.endswith("/home"):
                    raise SystemExit(f"size probe: the browser's sign-in ended at {page.url}")
                cookies = first.cookies()
                fresh = browser.new_context()  # an empty cache, the same session
                fresh.add_cookies(cookies)
                pages.append(_load(fresh.new_page(), kiosk_url, "/home",
                                   "home page after sign-in (`/home`)"))
                page.locator("form[action='/sign-out'] button").click()
            finally:
                browser.close()
    except Error as error:
        print(f"  (no browser for the page sizes: {str(error).splitlines()[0]}; "
              "measuring from the HTML instead)")
        return None
    return pages


def _load(page, base: str, path: str, name: str) -> PageSize:
    """Every response the page fetched until the network was quiet, in order."""
    responses = []

    def seen(response) -> None:
        responses.append(response)

    page.on("response", seen)
    page.goto(base + path, wait_until="networkidle")
    page.remove_listener("response", seen)
    items = []
    for response in responses:
        if not response.url.startswith(base) or response.status in (301, 302, 303):
            continue
        body = response.body()
        items.append(_item(response.url[len(base):], _kind(
            response.request.resource_type, response.url),
            response.headers.get("content-type", ""), body))
    return PageSize(name, tuple(items))


def _partial(client: Client, name: str, method: str, path: str, data: dict | None = None,
             background: bool = False, target: str | None = None,
             extra: dict | None = None) -> Partial:
    headers = {"HX-Request": "true", "X-CSRFToken": client.token, **(extra or {})}
    if target:
        headers["HX-Target"] = target  # as htmx sends it: the element it swaps
    if background:
        headers["X-Brobygger-Background"] = "1"
    if method == "GET":
        status, _h, body = client.request("GET", path, headers=headers)
    else:
        status, _h, body = client.request("POST", path, {"csrf_token": client.token, **(data or {})},
                                          headers)
    return Partial(name, f"{method} {path}", len(body), status)


def _staff(base: str, username: str, plan: dict) -> Client:
    staff = Client(base)
    staff.get("/sign-in")
    staff.post("/sign-in", {"username": username, "password": plan["password"]})
    status, _h, _b, where = staff.post("/sign-in/code",
                                       {"code": pyotp.TOTP(plan["totp_secret"]).now()})
    if "/sign-in" in where:
        raise SystemExit(f"size probe: {username} could not sign in (a TOTP code used twice?)")
    return staff


def measure(kiosk_url: str, admin_url: str, plan: dict
            ) -> tuple[list[PageSize], list[Partial], str]:
    probe = plan["probe"]
    pages = browser_page_sizes(kiosk_url, probe, plan["pin"])
    method = "browser"
    kiosk = Client(kiosk_url)
    kiosk.cookies[probe["cookie"]] = probe["credential"]
    if pages is None:
        method = "html"
        pages = [page_size(kiosk, "sign-in page (`/`)", "/")]
    else:
        kiosk.get("/")
    status, _h, _b, where = kiosk.post("/", {"inmate_number": probe["inmates"][0],
                                             "pin": plan["pin"]})
    if not where.startswith("/home"):
        raise SystemExit(f"size probe: the inmate could not sign in ({status} at {where})")
    if method == "html":
        pages.append(page_size(kiosk, "home page after sign-in (`/home`)", "/home"))

    partials = []
    # The meldekort: autosave as the inmate answers.
    _s, _h, body, _w = kiosk.get("/forms/meldekort/")
    start = re.search(r'action="(/forms/meldekort/p/[^/"]+/start)"', body.decode())
    start_path = start.group(1) if start else "/forms/meldekort/practice"
    _s, _h, _b, where = kiosk.post(start_path, {})
    card = re.search(r"/forms/meldekort/d/(\d+)/", where)
    if card:
        kiosk.get(f"/forms/meldekort/d/{card.group(1)}/questions")
        partials.append(_partial(kiosk, "kiosk: meldekort autosave", "POST",
                                 f"/forms/meldekort/d/{card.group(1)}/autosave",
                                 {"page": "questions", "arbeidet": "yes"}))
    partials.append(_partial(kiosk, "kiosk: \"I need more time\"", "POST", "/session/extend"))

    # A class: the trainer creates it, the inmate joins, both pages poll.
    trainer = _staff(admin_url, probe["trainer"], plan)
    starts = datetime.now().astimezone().replace(second=0, microsecond=0) + timedelta(minutes=5)
    _s, _h, body, where = trainer.get("/classes/")
    module = re.search(r'<option value="([a-z0-9_-]+)"', body.decode())
    _s, _h, body, where = trainer.post("/classes/", {
        "module": module.group(1) if module else "", "prison_id": str(probe["prison_id"]),
        "day": _oslo(starts).strftime("%Y-%m-%d"), "starts": _oslo(starts).strftime("%H:%M")})
    code = re.search(r'data-join-code="([A-Z0-9]+)"', body.decode())
    class_id = re.search(r"/classes/(\d+)", where)
    if code and class_id:
        _s, _h, _b, step_path = kiosk.post("/lessons/join", {"code": code.group(1)})
        step = re.match(r"/lessons/([^/]+)/steps/([^/?#]+)", step_path)
        if step:
            partials.append(_partial(kiosk, "kiosk: class notice (trainer's changes)", "GET",
                                     f"/lessons/class/{step.group(1)}/{step.group(2)}"
                                     "?seen=&state=", background=True))
        trainer.get(f"/classes/{class_id.group(1)}")
        partials.append(_partial(trainer, "admin: live class (every 5 s)", "GET",
                                 f"/classes/{class_id.group(1)}/live", background=True))

    adviser = _staff(admin_url, plan["probe_adviser"], plan)
    _s, _h, body, _w = adviser.get("/requests/")
    # The refresh as the benchmark's advisers send it (it shows what changed) ...
    partials.append(_partial(adviser, "admin: queue refresh (every 60 s)", "GET", "/requests/",
                             background=True, target="queue-results"))
    # ... and as the page sends it, with the digest of what it shows: nothing changed.
    shown = re.search(r'"X-Queue-Shown": "([0-9a-f]*)"', body.decode())
    if shown:
        partials.append(_partial(adviser, "admin: queue refresh, nothing changed", "GET",
                                 "/requests/", background=True, target="queue-results",
                                 extra={"X-Queue-Shown": shown.group(1)}))
    kiosk.post("/sign-out", {})
    return pages, partials, method


def _oslo(moment: datetime) -> datetime:
    from core.clock import OSLO

    return moment.astimezone(OSLO)
