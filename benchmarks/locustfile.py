"""The simulated users of `make bench` (locust; run by benchmarks/run.py, headless).

- ``TerminalUser``: a kiosk terminal. Each takes a terminal of its own and inmates of
  that terminal's prison (from the plan file); an inmate signs in with number and PIN,
  opens the home page and "My requests" (and one request in it), files a request through
  every step (with the check page's submit key), fills in a meldekort with autosave as
  htmx sends it, steps through a lesson answering its questions, and signs out; the next
  inmate signs in. With BENCH_SIGN_OUT=0 a user signs in once and repeats the rest.
- ``AdviserUser``: a NAV adviser with an account of their own, signed in once (password,
  then TOTP), who works the queue: the queue, the queue filtered, the htmx refresh, a
  request's desk, a reply.
- ``BaselineUser``: GET / of the bare WSGI app (benchmarks/baseline.py).

Every request is named by method and route pattern ("GET /requests/<id>"), so the report
groups by endpoint. Redirects are not followed automatically: the page a POST redirects
to is fetched as its own request, as a browser does, so each is timed on its own.

The samples from the moment every user has started to the end are written, raw, to
BENCH_SAMPLES (see benchmarks/stats.py); BENCH_PLAN names the plan file (accounts).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from html import unescape

from urllib.parse import urlencode

import gevent
import pyotp
from locust import FastHttpUser, between, constant, events, task
from requests.cookies import create_cookie

from benchmarks.report import SIGN_IN
from benchmarks.stats import Run, Sample

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read()) if os.environ.get("BENCH_PLAN") else {}
SCENARIO = os.environ.get("BENCH_SCENARIO", "")


def _think_range() -> tuple[float, float]:
    low, _, high = os.environ.get("BENCH_THINK", "0").partition("-")
    return float(low), float(high or low)


THINK_RANGE = _think_range()
THINK = constant(0) if THINK_RANGE[1] <= 0 else between(*THINK_RANGE)
SIGN_OUT = os.environ.get("BENCH_SIGN_OUT", "1") == "1"

# Recording -----------------------------------------------------------------------------

_recording = {"on": False, "start": 0.0, "end": 0.0, "all": 0, "wall": [0.0, 0.0]}
_samples: list[Sample] = []
_errors: dict[str, str] = {}


@events.spawning_complete.add_listener
def _start_recording(user_count, **_kwargs):
    def start():
        _recording["on"] = True
        _recording["start"] = time.monotonic()
        _recording["wall"][0] = time.time()

    gevent.spawn_later(float(os.environ.get("BENCH_WARMUP", "0")), start)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    _recording["all"] += 1
    if not _recording["on"]:
        return
    error = None if exception is None else (str(exception) or type(exception).__name__)[:200]
    _samples.append(Sample(name, float(response_time), int(response_length or 0), error))
    if error and name not in _errors:
        _errors[name] = error


@events.test_stopping.add_listener
def _stop_recording(**_kwargs):
    if _recording["on"]:
        _recording["on"] = False
        _recording["end"] = time.monotonic()
        _recording["wall"][1] = time.time()


@events.quitting.add_listener
def _write(environment, **_kwargs):
    path = os.environ.get("BENCH_SAMPLES")
    if not path:
        return
    end = _recording["end"] or time.monotonic()
    seconds = end - _recording["start"] if _recording["start"] else 0.0
    users = environment.runner.target_user_count if environment.runner else 0
    window = tuple(_recording["wall"]) if _recording["wall"][1] else None
    Run(SCENARIO, seconds, _samples, users or 0, dict(_errors), _recording["all"],
        window).dump(path)


# HTML helpers ---------------------------------------------------------------------------

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMIT_KEY = re.compile(r'name="submit_key" value="([^"]+)"')
SIGN_IN_NAME = SIGN_IN  # benchmarks/report.py leaves it out of the kiosk pages


class FlowError(Exception):
    """A step went wrong (already counted as an error): stop this round."""


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html) or CSRF_META.search(html)
    if not found:
        raise FlowError("no csrf token")
    return unescape(found.group(1))


class BrowserLike(FastHttpUser):
    """A person's browser: cookies kept, redirects not followed. The faster of locust's
    clients, as for the baseline, so that the load generator's own CPU (it shares the
    machine's two cores) takes as little as it can from the server's."""

    abstract = True
    wait_time = THINK

    def call(self, method: str, path: str, name: str, expect=(200,), headers=None,
             valid=None, **kwargs):
        """One request, its status checked (and ``valid(response)``, when given, must say
        what is wrong with it or None); a redirect is not followed."""
        with self.client.request(method, path, name=name, catch_response=True,
                                 allow_redirects=False, headers=headers or {},
                                 **kwargs) as response:
            problem = None
            if response.status_code not in expect:
                problem = (f"HTTP {response.status_code} (expected "
                           f"{'/'.join(map(str, expect))})")
            elif valid is not None:
                problem = valid(response)
            if problem:
                response.failure(problem)
                raise FlowError(name)
            response.success()
            return response

    def get(self, path: str, name: str, **kwargs):
        return self.call("GET", path, name, **kwargs)

    def post(self, path: str, name: str, data: dict, expect=(302, 303), **kwargs):
        return self.call("POST", path, name, expect=expect, data=data, **kwargs)

    @staticmethod
    def location(response) -> str:
        target = response.headers.get("Location", "")
        return re.sub(r"^https?://[^/]+", "", target)

    def pause(self) -> None:
        """A person reading the page before the next click."""
        self.wait()


# The kiosk ------------------------------------------------------------------------------

_terminal_numbers = itertools.count()


class TerminalUser(BrowserLike):
    def on_start(self) -> None:
        terminals = PLAN["terminals"]
        number = next(_terminal_numbers)
        if number >= len(terminals):
            raise RuntimeError(f"the plan has {len(terminals)} terminals; more users asked")
        mine = terminals[number]
        self.client.cookiejar.set_cookie(create_cookie(mine["cookie"], mine["credential"]))
        self.inmates = itertools.cycle(mine["inmates"])
        self.signed_in = False
        self.token = ""
        # Each terminal starts its round at another place, so that every part of the round
        # is in the measured window however short it is.
        parts = [self.home_and_requests, self.file_request, self.meldekort, self.lesson]
        offset = number % len(parts)
        self.parts = parts[offset:] + parts[:offset]
        gevent.sleep(random.uniform(0, THINK_RANGE[1]))  # terminals do not start in step

    @task
    def session(self) -> None:
        try:
            if not self.signed_in:
                self.sign_in()
            for part in self.parts:
                part()
            if SIGN_OUT:
                self.sign_out()
        except FlowError:
            self.recover()

    def recover(self) -> None:
        """After an error (counted already): pause, and start the next round from the
        sign-in page, signed out, as the next inmate at a terminal would."""
        self.pause()
        try:
            if self.signed_in and SIGN_OUT:
                self.post("/sign-out", "POST /sign-out", {"csrf_token": self.token})
                self.signed_in = False
        except FlowError:
            pass

    def sign_in(self) -> None:
        page = self.get("/", "GET / (sign-in page)")
        self.post("/", SIGN_IN_NAME, {
            "csrf_token": csrf_of(page.text), "inmate_number": next(self.inmates),
            "pin": PLAN["pin"]}, valid=lambda response: None if self.location(
                response).startswith("/home") else "sign-in did not lead home")
        self.signed_in = True

    def sign_out(self) -> None:
        self.pause()
        self.post("/sign-out", "POST /sign-out", {"csrf_token": self.token})
        self.signed_in = False

    def page(self, path: str, name: str, **kwargs):
        response = self.get(path, name, **kwargs)
        self.token = csrf_of(response.text)
        return response

    def home_and_requests(self) -> None:
        self.page("/home", "GET /home")
        self.pause()
        listing = self.page("/requests/", "GET /requests/")
        ids = re.findall(r'href="/requests/(\d+)"', listing.text)
        if ids:
            self.pause()
            self.page(f"/requests/{random.choice(ids)}", "GET /requests/<id>")

    def file_request(self) -> None:
        self.pause()
        page = self.page("/requests/new/topic", "GET /requests/new/topic")
        topics = re.findall(r'name="topic" type="radio" value="([^"]+)"', page.text) or \
            re.findall(r'type="radio"[^>]*name="topic"[^>]*value="([^"]+)"', page.text) or \
            re.findall(r'value="([^"]+)"[^>]*name="topic"', page.text)
        if not topics:
            raise FlowError("no topics")
        steps = [
            ("topic", {"topic": random.choice(topics)}),
            ("describe", {"kind": "question",
                          "description": "Jeg lurer på når jeg kan søke om dagpenger."}),
            ("urgency", {"language": "nb"}),
            ("consent", {}),
        ]
        for number, (step, data) in enumerate(steps):
            if number:
                self.pause()
                page = self.page(f"/requests/new/{step}", f"GET /requests/new/{step}")
            if step == "consent":  # one of the recipients offered, or none
                offered = re.findall(r'name="recipients"[^>]*value="([^"]+)"', page.text) or \
                    re.findall(r'value="([^"]+)"[^>]*name="recipients"', page.text)
                if offered and random.random() < 0.7:
                    data = {"recipients": random.choice(offered)}
            self.pause()
            self.post(f"/requests/new/{step}", f"POST /requests/new/{step}",
                      {"csrf_token": self.token, **data})
        check = self.page("/requests/new/check", "GET /requests/new/check")
        key = SUBMIT_KEY.search(check.text)
        if not key:
            raise FlowError("no submit key")
        self.pause()
        filed = self.post("/requests/new/check", "POST /requests/new/check",
                          {"csrf_token": self.token, "submit_key": key.group(1)})
        self.page(self.location(filed), "GET /requests/<id>/receipt")

    def meldekort(self) -> None:
        self.pause()
        periods = self.page("/forms/meldekort/", "GET /forms/meldekort/")
        starts = re.findall(r'action="(/forms/meldekort/p/[^/"]+/start)"', periods.text)
        if starts:
            started = self.post(starts[0], "POST /forms/meldekort/p/<period>/start",
                                {"csrf_token": self.token})
        else:  # no card open: practise on the last period, through the same pages
            started = self.post("/forms/meldekort/practice", "POST /forms/meldekort/practice",
                                {"csrf_token": self.token})
        card = re.search(r"/forms/meldekort/d/(\d+)/", self.location(started))
        if not card:
            raise FlowError("no card")
        base = f"/forms/meldekort/d/{card.group(1)}"
        self.page(f"{base}/questions", "GET /forms/meldekort/d/<id>/questions")
        answers = {}
        for question, value in (("arbeidet", "yes"), ("kurs", "no"), ("syk", "no"),
                                ("annetFravaer", "no"), ("arbeidssoker", "yes")):
            self.pause()
            answers[question] = value
            self.autosave(base, {"page": "questions", **answers})
        self.post(f"{base}/questions", "POST /forms/meldekort/d/<id>/questions",
                  {"csrf_token": self.token, "page": "questions", **answers})
        self.page(f"{base}/days", "GET /forms/meldekort/d/<id>/days")
        hours = {}
        for day in (1, 2, 3, 8, 9):
            hours[f"day-{day}-hours"] = random.choice(("7,5", "6", "4"))
            if day in (2, 9):  # htmx saves 1.5 s after typing stops
                self.pause()
                self.autosave(base, {"page": "grid", **hours})
        self.pause()
        self.post(f"{base}/days", "POST /forms/meldekort/d/<id>/days",
                  {"csrf_token": self.token, "page": "grid", **hours})
        self.page(f"{base}/check", "GET /forms/meldekort/d/<id>/check")

    def autosave(self, base: str, data: dict) -> None:
        self.post(f"{base}/autosave", "POST /forms/meldekort/d/<id>/autosave (htmx)",
                  {"csrf_token": self.token, **data}, expect=(200,),
                  headers={"HX-Request": "true", "X-CSRFToken": self.token})

    def lesson(self) -> None:
        self.pause()
        index = self.page("/lessons/", "GET /lessons/")
        starts = re.findall(r'href="(/lessons/[^/"]+/steps/[^/"]+)"[^>]*data-start', index.text)
        if not starts:
            return  # every module needs a restart: nothing to step through this time
        path = random.choice(starts)
        for _step in range(2):
            self.pause()
            page = self.page(path, "GET /lessons/<module>/steps/<step>")
            if "data-feedback" not in page.text and 'name="answer"' in page.text:
                self.pause()
                answered = self.call("POST", path, "POST /lessons/<module>/steps/<step>",
                                     data={"csrf_token": self.token, "answer": "0"})
                self.token = csrf_of(answered.text)
                page = answered
            following = re.search(r'href="(/lessons/[^"]+)"[^>]*data-next', page.text)
            if not following or "/steps/" not in following.group(1):
                return
            path = following.group(1)


# The staff app ---------------------------------------------------------------------------

_adviser_numbers = itertools.count()
FILTERS = ({"status": "received"}, {"waiting_on": "staff"}, {"mine": "y"}, {"late": "y"},
           {"release_within": "30"}, {"status": "waiting_for_inmate"}, {"language": "nb"})


class AdviserUser(BrowserLike):
    def on_start(self) -> None:
        advisers = PLAN["advisers"]
        number = next(_adviser_numbers)
        if number >= len(advisers):
            raise RuntimeError(f"the plan has {len(advisers)} advisers; more users asked")
        self.username = advisers[number]
        self.signed_in = False
        self.topics: list[str] = []

    def sign_in(self) -> None:
        page = self.get("/sign-in", "GET /sign-in")
        self.post("/sign-in", "POST /sign-in", {"csrf_token": csrf_of(page.text),
                                                "username": self.username,
                                                "password": PLAN["password"]})
        code_page = self.get("/sign-in/code", "GET /sign-in/code")
        totp = pyotp.TOTP(PLAN["totp_secret"])
        response = self.post("/sign-in/code", "POST /sign-in/code",
                             {"csrf_token": csrf_of(code_page.text), "code": totp.now()},
                             expect=(302, 303, 400))
        if response.status_code == 400:  # this code was used already: wait for the next one
            gevent.sleep(30 - time.time() % 30 + 1)
            code_page = self.get("/sign-in/code", "GET /sign-in/code")
            self.post("/sign-in/code", "POST /sign-in/code",
                      {"csrf_token": csrf_of(code_page.text), "code": totp.now()})
        self.signed_in = True

    @task
    def work(self) -> None:
        try:
            if not self.signed_in:
                self.sign_in()
            self.work_the_queue()
        except FlowError:
            pass

    def queue(self, query: dict | None, name: str, headers=None):
        return self.get("/requests/" + (f"?{urlencode(query)}" if query else ""), name,
                        headers=headers)

    def work_the_queue(self) -> None:
        listing = self.queue(None, "GET /requests/ (queue)")
        ids = re.findall(r'href="/requests/(\d+)"', listing.text)
        if not self.topics:  # the topic filter's options (the topics this adviser handles)
            select = re.search(r'<select[^>]*name="topic".*?</select>', listing.text, re.S)
            self.topics = [t for t in re.findall(r'<option value="([^"]+)"',
                                                 select.group(0) if select else "") if t]
        self.pause()
        query = dict(random.choice(FILTERS))
        if self.topics and random.random() < 0.5:
            query["topic"] = random.choice(self.topics)
        filtered = self.queue(query, "GET /requests/ (queue, filtered)")
        ids = re.findall(r'href="/requests/(\d+)"', filtered.text) or ids
        if not ids:
            return
        self.pause()
        request_id = random.choice(ids[:50])
        desk = self.get(f"/requests/{request_id}", "GET /requests/<id>")
        token = csrf_of(desk.text)
        if random.random() < 0.5:
            self.pause()
            self.post(f"/requests/{request_id}/reply", "POST /requests/<id>/reply",
                      {"csrf_token": token, "status": random.choice(("answered", "in_progress")),
                       "body": "Hei! Vi har sett på saken din og tar kontakt i morgen."})
            self.get(f"/requests/{request_id}", "GET /requests/<id>")
        self.pause()
        self.queue(None, "GET /requests/ (htmx refresh)",
                   headers={"HX-Request": "true", "HX-Target": "queue-results",
                            "X-Brobygger-Background": "1"})


# The bare WSGI baseline -------------------------------------------------------------------

class BaselineUser(FastHttpUser):
    """The faster of locust's clients, so that the baseline measures the server rather
    than the load generator (the stricter comparison for the kiosk)."""

    wait_time = THINK

    @task
    def page(self) -> None:
        with self.client.get("/", name="GET / (baseline)", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
