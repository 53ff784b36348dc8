"""benchmarks/REPORT.md from the figures of one run (pure: no servers, no locust).

``evaluate`` decides every target from the figures it is given, and ``render`` writes
the Markdown. Nothing here measures anything, so tests can feed it made-up figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.sizes import PageSize
from benchmarks.stats import Endpoint

KB = 1000  # the targets' kilobytes: 1 KB = 1,000 bytes (the stricter reading)
SIGN_IN = "POST / (sign-in)"
SIGN_OUT = "POST /sign-out"
# The kiosk requests that are not pages: sign-in is slow on purpose (argon2id).
NOT_PAGES = (SIGN_IN,)
QUEUE_PREFIX = "GET /requests/ "  # the admin queue: plain, filtered and the htmx poll


@dataclass
class Scenario:
    key: str  # baseline, kiosk, kiosk-max, admin-sqlite, admin-postgresql
    title: str
    app: str
    database: str
    users: int
    think: str
    seconds: float
    endpoints: list[Endpoint]
    total: Endpoint
    rss_kib: list[int] = field(default_factory=list)  # per worker, at the end
    restarts: int = 0  # workers recycled (max_requests) during the run
    server_cpu_ms: float | None = None  # the app's CPU (all workers) per request
    generator_cpu: float | None = None  # CPU seconds the load generator used
    error_examples: dict[str, str] = field(default_factory=dict)


@dataclass
class Partial:
    name: str
    url: str
    bytes: int  # as sent by the app (app responses are not compressed)
    status: int


@dataclass
class Figures:
    started: str
    machine: dict[str, str]
    gunicorn: dict[str, str]
    load: dict[str, str]  # load average at the start and end, other work on the machine
    data: dict[str, int]  # table -> rows
    timings: dict[str, float]  # phase -> seconds
    scenarios: list[Scenario]
    pages: list[PageSize]  # the kiosk's first pages, each with everything it loads
    partials: list[Partial]
    settings: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    data_notes: dict[str, str] = field(default_factory=dict)  # database -> when/how fast loaded
    busy_before: float | None = None  # share of the CPUs busy before the benchmark started
    size_method: str = "browser"  # "browser": what Chromium fetched; "html": parsed from the page

    def scenario(self, key: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.key == key), None)


@dataclass(frozen=True)
class Target:
    key: str  # kiosk, throughput, queue-sqlite, queue-postgresql, page, partials
    name: str
    limit: str
    measured: str
    status: str  # "met", "not met" or "not measured"
    why: str = ""


def evaluate(figures: Figures, *, kiosk_pages: Endpoint | None = None,
             queue: dict[str, Endpoint] | None = None, terminals: int = 100,
             cores: int | None = None) -> list[Target]:
    """Every target, met or not, from the figures. ``kiosk_pages`` is the kiosk run's
    samples taken together without sign-in; ``queue`` the admin queue's samples together,
    per database ("sqlite", "postgresql")."""
    targets = []
    queue = queue or {}

    kiosk = figures.scenario("kiosk")
    if kiosk is None or kiosk_pages is None:
        targets.append(Target("kiosk", "Kiosk pages at 100 terminals, SQLite, national data",
                              "p95 ≤ 50 ms, 0 errors", "–", "not measured"))
    else:
        ok = kiosk_pages.p95 <= 50 and kiosk.total.errors == 0
        why = []
        if kiosk.users < terminals:
            why.append(f"only {kiosk.users} terminals were simulated")
        if cores is not None and cores != 2:
            why.append(f"measured on {cores} cores, not 2")
        status = ("met" if ok else "not met") if not why else "not measured"
        targets.append(Target(
            "kiosk", f"Kiosk pages at {kiosk.users} terminals, {kiosk.database}, national data",
            "p95 ≤ 50 ms, 0 errors",
            f"p95 {kiosk_pages.p95:.0f} ms over {kiosk_pages.count} page requests; "
            f"{kiosk.total.errors} errors in {kiosk.total.count} requests",
            status, "; ".join(why)))

    baseline, saturated = figures.scenario("baseline"), figures.scenario("kiosk-max")
    if baseline is None or saturated is None or not baseline.total.rps:
        targets.append(Target("throughput", "Kiosk throughput against the bare WSGI baseline", "≥ 30 %",
                              "–", "not measured"))
    else:
        ratio = saturated.total.rps / baseline.total.rps
        targets.append(Target(
            "throughput", "Kiosk throughput against the bare WSGI baseline", "≥ 30 %",
            f"{saturated.total.rps:.0f} / {baseline.total.rps:.0f} req/s = {ratio:.0%}",
            "met" if ratio >= 0.30 else "not met"))

    for database, title in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        measured = queue.get(database)
        if measured is None or not measured.count:
            targets.append(Target(f"queue-{database}", f"Admin queue, national data, {title}",
                                  "p95 ≤ 100 ms", "–",
                                  "not measured"))
            continue
        ok = measured.p95 <= 100
        targets.append(Target(f"queue-{database}", f"Admin queue, national data, {title}",
                              "p95 ≤ 100 ms",
                              f"p95 {measured.p95:.0f} ms over {measured.count} requests, "
                              f"{measured.errors} errors",
                              "met" if ok and not measured.errors else "not met"))

    if not figures.pages:
        targets.append(Target("page", "First kiosk page with everything it loads", "≤ 60 KB gzip", "–",
                              "not measured"))
    else:  # the larger of the served and the all-gzip figure, of the largest page
        page = max(figures.pages, key=lambda p: max(p.served, p.gzip6))
        targets.append(Target(
            "page", "First kiosk page with everything it loads", "≤ 60 KB gzip",
            f"{page.name}: {page.served / KB:.1f} KB as served ({page.gzip6 / KB:.1f} KB "
            f"all gzip -6, {page.raw / KB:.1f} KB raw)",
            "met" if max(page.served, page.gzip6) <= 60 * KB else "not met"))

    if not figures.partials:
        targets.append(Target("partials", "htmx partial responses", "≤ 5 KB each", "–", "not measured"))
    else:
        largest = max(figures.partials, key=lambda p: p.bytes)
        over = [p.name for p in figures.partials if p.bytes > 5 * KB]
        targets.append(Target(
            "partials", "htmx partial responses", "≤ 5 KB each",
            f"largest {largest.bytes / KB:.1f} KB ({largest.name})",
            "met" if not over else "not met",
            ("over the limit: " + ", ".join(over)) if over else ""))
    return targets


def likely_reasons(figures: Figures, targets: list[Target]) -> list[str]:
    """For every target not met, what the figures point at."""
    reasons = []
    missed = {t.key for t in targets if t.status == "not met"}
    busy = figures.busy_before
    if "kiosk" in missed and (kiosk := figures.scenario("kiosk")):
        slow = sorted((e for e in kiosk.endpoints if e.name not in NOT_PAGES),
                      key=lambda e: e.p95, reverse=True)[:3]
        text = ("Kiosk pages: the slowest at p95 were "
                + ", ".join(f"`{e.name}` ({_ms(e.p95)} ms)" for e in slow) + ".")
        steady = figures.scenario("kiosk-signed-in")
        sign_in = next((e for e in kiosk.endpoints if e.name == SIGN_IN), None)
        if steady is not None:
            pages = [e for e in steady.endpoints if e.name not in NOT_PAGES]
            worst = max((e.p95 for e in pages), default=0.0)
            text += (f" With the same terminals signed in before the measurement (no sign-in "
                     f"in the window) the whole run's p95 was {_ms(steady.total.p95)} ms "
                     f"(the worst page's {_ms(worst)} ms) against {_ms(kiosk.total.p95)} ms: "
                     "sign-ins slow every other request down.")
        if kiosk.database == "SQLite":
            text += (" On SQLite every request takes the database's write lock at its first "
                     "query (BEGIN IMMEDIATE, `core/db.py`) and keeps it until it commits, so "
                     "requests run one at a time across both workers from their first query to "
                     "their commit, and a sign-in keeps the "
                     "lock while argon2id checks the PIN"
                     + (f" (`{SIGN_IN}`: p50 {_ms(sign_in.p50)} ms)" if sign_in else "")
                     + "; checking the PIN before the transaction begins would let the other "
                     "requests through meanwhile.")
        if kiosk.total.errors:
            text += f" {kiosk.total.errors} requests failed (see the errors under the scenario)."
        if kiosk.restarts:
            text += (f" {kiosk.restarts} workers were recycled during the run (max_requests), "
                     "and each new worker loads the app and compiles its templates again.")
        if busy is not None and busy >= 0.2:
            text += (f" The machine was already {busy:.0%} busy before the benchmark started, "
                     "so the apps had less than the two cores the target assumes.")
        reasons.append(text)
    if "throughput" in missed and (saturated := figures.scenario("kiosk-max")):
        text = (f"Throughput: a kiosk page does real work (the terminal check, the server-side "
                f"session, queries, a full page rendered: {_kb(saturated.total.mean_size)} KB on "
                "average) where the baseline returns a constant.")
        baseline = figures.scenario("baseline")
        if saturated.server_cpu_ms and baseline and baseline.server_cpu_ms:
            text += (f" The kiosk's processes used {saturated.server_cpu_ms:.1f} ms of CPU per "
                     f"request against {baseline.server_cpu_ms:.2f} ms for the baseline "
                     f"({saturated.server_cpu_ms / baseline.server_cpu_ms:.0f} times as much); "
                     "with two cores that bounds the kiosk near "
                     f"{2000 / saturated.server_cpu_ms:.0f} req/s.")
        if saturated.database == "SQLite":
            text += (" On SQLite the requests take turns for the write lock (every transaction "
                     "begins with BEGIN IMMEDIATE), so the second core helps only with the work "
                     "done outside a transaction.")
        if saturated.restarts:
            text += (f" {saturated.restarts} workers were recycled by max_requests during the "
                     "run; each restart imports the app again.")
        reasons.append(text)
    for database in ("sqlite", "postgresql"):
        if f"queue-{database}" not in missed:
            continue
        scenario = figures.scenario(f"admin-{database}")
        plain = next((e for e in scenario.endpoints if e.name == QUEUE_PREFIX + "(queue)"), None) \
            if scenario else None
        if plain:
            reasons.append(
                f"Admin queue ({scenario.database}): the unfiltered queue page averages "
                f"{_kb(plain.mean_size)} KB. It lists every open request of the adviser's "
                "prisons (up to 1,000 rows, `core/services/queue.py` LIMIT, no pages) and works "
                "out each row's response-time clocks in Python before rendering them all"
                + _filtered_note(scenario) + ". Showing a page of rows at a time would bound "
                "both the work and the page."
                + (" On SQLite each of these requests also holds the write lock while it "
                   "renders, so the advisers wait for each other." if database == "sqlite"
                   else "")
                + (f" The staff app used {scenario.server_cpu_ms:.0f} ms of CPU per request "
                   f"in this run: at {scenario.total.rps:.1f} req/s that keeps "
                   f"{scenario.server_cpu_ms * scenario.total.rps / 1000:.1f} of the 2 cores "
                   "busy." if scenario.server_cpu_ms else ""))
    if "page" in missed and figures.pages:
        page = max(figures.pages, key=lambda p: max(p.served, p.gzip6))
        kinds: dict[str, int] = {}
        for item in page.items:
            kinds[item.kind] = kinds.get(item.kind, 0) + item.served
        parts = sorted(kinds.items(), key=lambda kv: kv[1], reverse=True)
        fonts = [i for i in page.items if i.kind == "font"]
        css = max((i for i in page.items if i.kind == "css"), key=lambda i: i.served, default=None)
        text = (f"First page ({page.name}): " + ", ".join(f"{kind} {_kb(size)} KB"
                                                          for kind, size in parts) + ".")
        if fonts:
            text += (f" The font files ({len(fonts)}, one per weight and style; woff2, which "
                     f"gzip cannot shrink) alone are {_kb(sum(i.served for i in fonts))} KB.")
        if css is not None:
            text += (f" The largest stylesheet, `{css.url}`, is {_kb(css.raw)} KB raw: the "
                     "whole design system, of which a kiosk page uses a small part.")
        reasons.append(text)
    if "partials" in missed:
        for partial in figures.partials:
            if partial.bytes <= 5 * KB:
                continue
            text = f"Partial {partial.name}: {_kb(partial.bytes)} KB."
            if "queue" in partial.name:
                text += (" The server answers the whole queue page and htmx picks "
                         "`#queue-results` out of it (`hx-select`), so the refresh is as big "
                         "as the queue itself.")
            reasons.append(text)
    return reasons


def _filtered_note(scenario: Scenario) -> str:
    filtered = next((e for e in scenario.endpoints
                     if e.name == QUEUE_PREFIX + "(queue, filtered)"), None)
    if filtered is None:
        return ""
    return (f"; the filtered queue, with fewer rows, has p95 {_ms(filtered.p95)} ms at "
            f"{_kb(filtered.mean_size)} KB")


# Rendering ---------------------------------------------------------------------------

def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _kb(value: float) -> str:
    return f"{value / KB:.1f}"


def _table(header: list[str], rows: list[list[str]], numbers_from: int = 1) -> list[str]:
    """A Markdown table; the columns from ``numbers_from`` on are right-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i < numbers_from else "---:" for i in range(len(header)))
             + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def _endpoint_rows(endpoints: list[Endpoint], total: Endpoint | None = None) -> list[list[str]]:
    rows = [[f"`{e.name}`", str(e.count), f"{e.rps:.1f}", _ms(e.p50), _ms(e.p95), _ms(e.p99),
             _ms(e.max), str(e.errors), _kb(e.mean_size)] for e in endpoints]
    if total is not None:
        rows.append([f"**{total.name}**", *[f"**{cell}**" for cell in _endpoint_rows([total])[0][1:]]])
    return rows


ENDPOINT_HEADER = ["endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                   "errors", "KB/response"]


def render(figures: Figures, targets: list[Target], *, extra: dict[str, Endpoint] | None = None
           ) -> str:
    """The whole report. ``extra``: figures computed across endpoints (kiosk pages, queue)."""
    out = ["# Brobygger benchmark report", "",
           f"Generated by `make bench` on {figures.started}. Every figure below comes from "
           "this one run; the targets are decided from them by `benchmarks/report.py`.", ""]

    out += ["## Targets", ""]
    out += _table(["target", "limit", "measured", "result"],
                  [[t.name, t.limit, t.measured, f"**{t.status}**" + (f" ({t.why})" if t.why
                                                                      else "")]
                   for t in targets], numbers_from=4)
    out.append("")
    reasons = likely_reasons(figures, targets)
    if reasons:
        out += ["What the figures below point at, for each target not met:", ""]
        out += [f"- {reason}" for reason in reasons]
        out.append("")
    for note in figures.notes:
        out.append(f"- {note}")
    if figures.notes:
        out.append("")

    out += ["## Machine", ""]
    out += _table(["", ""], [[k, v] for k, v in figures.machine.items()], numbers_from=2)
    out += ["", "Load on the machine:", ""]
    out += [f"- {k}: {v}" for k, v in figures.load.items()]
    out += ["", "Gunicorn (deploy/server/gunicorn.conf.py, the same for the kiosk, the staff "
            "app and the baseline; only the bind address differs):", ""]
    out += [f"- {k}: {v}" for k, v in figures.gunicorn.items()]
    if figures.settings:
        out += ["", "Run settings:", ""]
        out += [f"- {k}: {v}" for k, v in figures.settings.items()]
    out.append("")

    out += ["## Data", "", "`brobygger demo --scale national` (core/demo_national.py), rows "
            "per table at the start of the run:", ""]
    out += _table(["table", "rows"], [[k, f"{v:,}"] for k, v in figures.data.items()])
    out.append("")
    if figures.data_notes:
        out += [f"- {database}: {note}" for database, note in figures.data_notes.items()]
        out.append("")

    out += ["## Scenarios", ""]
    if extra:
        out += ["Across endpoints:", ""]
        out += _table(ENDPOINT_HEADER, [[row[0].strip("`"), *row[1:]] for row in
                                        _endpoint_rows(list(extra.values()))])
        out.append("")
    for s in figures.scenarios:
        out += [f"### {s.title}", "",
                f"{s.app}, {s.database}; {s.users} simulated users, think time {s.think}; "
                f"measured for {_duration(s.seconds)} after every user had started.", ""]
        out += _table(ENDPOINT_HEADER, _endpoint_rows(s.endpoints, s.total))
        out.append("")
        if s.server_cpu_ms is not None:
            out.append(f"CPU per request in the measured window, all the app's processes "
                       f"together: {s.server_cpu_ms:.2f} ms"
                       + (f"; the load generator used {s.generator_cpu:.0f} CPU seconds in all"
                          if s.generator_cpu is not None else "") + ".")
            out.append("")
        if s.rss_kib:
            rss = ", ".join(f"{r / 1024:.0f} MiB" for r in s.rss_kib)
            out.append(f"Resident memory per worker at the end: {rss}"
                       + (f" ({s.restarts} worker(s) recycled by max_requests during the run)"
                          if s.restarts else "") + ".")
            out.append("")
        if s.error_examples:
            out.append("Errors seen (first of each kind):")
            out.append("")
            out += [f"- `{name}`: {text}" for name, text in s.error_examples.items()]
            out.append("")
    baseline, saturated = figures.scenario("baseline"), figures.scenario("kiosk-max")
    if baseline and saturated and baseline.total.rps:
        out += [f"Throughput: the kiosk served {saturated.total.rps:.0f} req/s against "
                f"{baseline.total.rps:.0f} req/s for the bare WSGI app "
                f"({saturated.total.rps / baseline.total.rps:.0%}).", ""]

    out += ["## Transferred sizes", ""]
    if figures.pages:
        how = ("loaded by headless Chromium with an empty cache; every response it fetched "
               "until the network was quiet" if figures.size_method == "browser" else
               "the files the HTML and its stylesheets name (no browser was found); fonts: "
               "every face whose unicode-range covers the page's characters, every weight "
               "and style (an upper bound)")
        out += [f"The kiosk's first pages, each with everything it loads: {how}. *gzip -6*: "
                "every file gzipped at level 6. *served*: as our nginx site sends it: pages "
                "uncompressed (`gzip off` for app responses, against BREACH), text under "
                "/static/ gzipped at nginx's default level 1, fonts and images as they are.",
                ""]
    for page in figures.pages:
        out += [f"**{page.name}**", ""]
        rows = [[f"`{i.url}`", i.kind, str(i.raw), str(i.gzip6), str(i.served)]
                for i in page.items]
        rows.append(["**total**", "", f"**{page.raw}**", f"**{page.gzip6}**",
                     f"**{page.served}**"])
        out += _table(["file", "kind", "raw bytes", "gzip -6 bytes", "served bytes"], rows,
                      numbers_from=2)
        out.append("")
    if figures.partials:
        out += ["htmx partial responses (requested with `HX-Request: true`, as htmx does):", ""]
        out += _table(["partial", "request", "status", "bytes"],
                      [[p.name, f"`{p.url}`", str(p.status), str(p.bytes)]
                       for p in figures.partials], numbers_from=2)
        out.append("")

    out += ["## Time taken", ""]
    out += [f"- {k}: {_duration(v)}" for k, v in figures.timings.items()]
    out.append("")
    return "\n".join(out)
