"""What the figures point at, for every target not met (pure, like benchmarks/report.py).

Each reason is built from the figures of the run, never from a fixed text alone, so a
reason that no longer fits the figures is not written.
"""
from __future__ import annotations

from benchmarks.report import (KB, NOT_PAGES, QUEUE_PREFIX, SIGN_IN, Figures, Scenario, Target,
                               _kb, _ms)


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
            text += (" On SQLite pages read without the write lock (read-only transactions, "
                     "`core/db.py`), but every request that writes (a form step, an autosave, "
                     "a sign-in, a page's closing write of the session's activity) takes turns "
                     "for it across both workers, from its BEGIN IMMEDIATE to its commit. (The "
                     "argon2id check of a sign-in"
                     + (f", `{SIGN_IN}` p50 {_ms(sign_in.p50)} ms," if sign_in else "")
                     + " runs outside any transaction, `core.db.outside_transaction`.)")
        if kiosk.total.errors:
            text += f" {kiosk.total.errors} requests failed (see the errors under the scenario)."
        if kiosk.restarts:
            text += (f" {_workers(kiosk.restarts)} recycled during the run (max_requests), "
                     "each closing its keep-alive connections.")
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
        flask_page = figures.scenario("flask-page")
        if flask_page and baseline and baseline.total.rps:
            text += (f" A bare Flask app rendering a 5 KB Jinja page, with no database, session "
                     f"or translations, served {flask_page.total.rps:.0f} req/s under the same "
                     f"settings ({flask_page.total.rps / baseline.total.rps:.0%} of the "
                     "baseline): that much of the distance is the framework's before the "
                     "kiosk does any work of its own.")
        if saturated.restarts:
            text += (f" {_workers(saturated.restarts)} recycled by max_requests during the "
                     "run (each forked from the preloaded app, so cheaply).")
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
                f"{_kb(plain.mean_size)} KB. It orders, filters and pages in SQL on the "
                "clock kept on each request (`request.clock_*`, read from the index "
                "`ix_request_team_queue`), loads one page of rows (`PER_PAGE` in "
                "`core/services/requests/queue.py`) and counts every filter's choices in one grouped "
                "query" + _filtered_note(scenario) + "."
                + (" On SQLite every transaction takes the write lock at its first query "
                   "(BEGIN IMMEDIATE, `core/db.py`) and holds it until it commits, rendering "
                   "included, so the advisers' requests (and the audit event each queue view "
                   "writes) run one at a time." if database == "sqlite" else "")
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
            largest = max(fonts, key=lambda i: i.served)
            text += (f" The font files ({len(fonts)}; woff2, which gzip cannot shrink) alone "
                     f"are {_kb(sum(i.served for i in fonts))} KB, the largest "
                     f"`{largest.url}` ({_kb(largest.served)} KB).")
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
                text += (" The refresh is the results fragment alone (one page of rows, "
                         "`PER_PAGE` in `core/services/requests/queue.py`, each row a few hundred "
                         "bytes); fewer rows a page would make it smaller.")
            reasons.append(text)
    reasons += issue_20_reasons(figures, missed)
    return reasons


def _busy_note(scenario: Scenario) -> str:
    """How much of the machine the app had, from the scenario's own figures."""
    text = ""
    if scenario.server_cpu_ms and scenario.total.rps:
        cores = scenario.server_cpu_ms * scenario.total.rps / 1000
        text += (f" The app used {scenario.server_cpu_ms:.1f} ms of CPU per request: at "
                 f"{scenario.total.rps:.0f} req/s that is {cores:.2f} of the 2 cores.")
    if scenario.machine_cores is not None and scenario.server_cores is not None:
        others = max(0.0, scenario.machine_cores - scenario.server_cores)
        text += (f" The machine as a whole kept {scenario.machine_cores:.2f} cores busy in the "
                 f"window: {others:.2f} of them the load generator and other work"
                 + (f" (load average {scenario.load_average[0]:.1f} at the start)"
                    if scenario.load_average else "") + ".")
    return text


def issue_20_reasons(figures: Figures, missed: set[str]) -> list[str]:
    reasons = []
    for key, title in (("kiosk-ceiling", "Kiosk at the ceiling"),
                       ("kiosk-postgresql", "Kiosk on PostgreSQL")):
        scenario = figures.scenario(key)
        if key not in missed or scenario is None:
            continue
        slow = sorted((e for e in scenario.endpoints if e.name not in NOT_PAGES),
                      key=lambda e: e.p95, reverse=True)[:3]
        text = (f"{title} ({scenario.users} terminals, {scenario.database}): the slowest "
                "pages at p95 were " + ", ".join(f"`{e.name}` ({_ms(e.p95)} ms)" for e in slow)
                + "." + _busy_note(scenario))
        sign_in = next((e for e in scenario.endpoints if e.name == SIGN_IN), None)
        if sign_in:
            text += (f" {sign_in.count} sign-ins (argon2id, p50 {_ms(sign_in.p50)} ms each) "
                     "ran in the window.")
        if scenario.profile and scenario.profile["ours"]:
            text += (" Sampled with py-spy, the workers' time went to "
                     + ", ".join(f"`{name}` {share:.0%}"
                                 for name, share in scenario.profile["ours"][:4])
                     + " (each with what it called), and the leaf functions "
                     + ", ".join(f"`{name}` {share:.0%}"
                                 for name, share in scenario.profile["self"][:3]) + "."
                     + _layers(scenario))
        if scenario.total.errors:
            text += (f" {scenario.total.errors} requests failed (see the errors under the "
                     "scenario).")
        reasons.append(text)
    if "curve" in missed:
        top = max(figures.curve, key=lambda p: p.scale, default=None)
        scenario = figures.scenario(top.admin_key) if top else None
        if top and scenario:
            kinds = sorted((e for e in scenario.endpoints if e.name.startswith(QUEUE_PREFIX)),
                           key=lambda e: e.p95, reverse=True)
            reasons.append(
                f"Cost curve at {top.label}: the queue's kinds at p95: "
                + ", ".join(f"`{e.name}` {_ms(e.p95)} ms" for e in kinds) + "."
                + _busy_note(scenario))
    if "memory" in missed and (kiosk := figures.scenario("kiosk")):
        reasons.append(
            f"Memory: the kiosk's workers held {', '.join(f'{r / 1024:.0f} MiB' for r in kiosk.rss_kib)} "
            "after the 100-terminal run; `python -m benchmarks memory` names what holds it.")
    if "cpu" in missed and (saturated := figures.scenario("kiosk-max")):
        flask_page = figures.scenario("flask-page")
        if flask_page is not None and flask_page.server_cpu_ms is not None:
            compared = (f" against {flask_page.server_cpu_ms:.2f} ms for the bare Flask page, "
                        "so the kiosk's own work (terminal, session and CSRF checks, queries, "
                        "templates) is the rest.")
        else:  # `--only` left it out: no 0.00 ms as if it had been measured
            compared = (" (the bare Flask page was not run, so there is nothing to compare "
                        "it with).")
        reasons.append(
            f"Kiosk CPU: {saturated.server_cpu_ms or 0:.2f} ms of CPU per kiosk request"
            + compared + _layers_note(saturated) + _busy_note(saturated))
    return reasons


def _layers_note(scenario: Scenario) -> str:
    """Where the workers' time went, by layer, when the scenario was profiled; else how
    to find out."""
    return _layers(scenario) or (" Run with `--profile kiosk-max` (py-spy) for where the "
                                 "workers' time goes, by layer.")


def _layers(scenario: Scenario) -> str:
    layers = (scenario.profile or {}).get("layers")
    if not layers:
        return ""
    return (" The workers' samples (py-spy) by layer: "
            + ", ".join(f"{name} {share:.0%}" for name, share in layers) + ".")


def _filtered_note(scenario: Scenario) -> str:
    filtered = next((e for e in scenario.endpoints
                     if e.name == QUEUE_PREFIX + "(queue, filtered)"), None)
    if filtered is None:
        return ""
    return (f"; the filtered queue, with fewer rows, has p95 {_ms(filtered.p95)} ms at "
            f"{_kb(filtered.mean_size)} KB")


def _workers(count: int) -> str:
    """"1 worker was" or "3 workers were"."""
    return f"{count} worker was" if count == 1 else f"{count} workers were"
