"""The `brobygger` command."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from core import PROJECT_ROOT, audit, migrate
from core.clock import SystemClock
from core.config import Settings
from core.db import Database
from core.models import Role
from core.security.hashing import SecretHasher


class Context:
    def __init__(self) -> None:
        self.settings = Settings.from_env()
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database.from_settings(self.settings)
        return self._db


pass_ctx = click.make_pass_decorator(Context, ensure=True)


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Brobygger: NAV and other services for people in prison."""
    try:
        ctx.obj = Context()
    except ValueError as error:
        raise click.ClickException(str(error)) from error


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_ctx
def db_upgrade(ctx: Context, revision: str) -> None:
    """Bring the database schema up to date."""
    migrate.upgrade(ctx.db.engine, revision)
    click.echo(f"Database at {revision}.")


@main.command("create-staff")
@click.option("--username", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([r.value for r in Role]))
@click.option("--prison", "prisons", multiple=True, help="Prison code; repeat for several.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@pass_ctx
def create_staff(ctx: Context, username, name, roles, prisons, password) -> None:
    """Create a staff account (the first system administrator, for example)."""
    from sqlalchemy import select

    from core.models import Prison
    from core.services.people import staff
    from core.services.errors import ServiceError

    with ctx.db.session() as session:
        ids = set()
        for code in prisons:
            prison = session.scalar(select(Prison).where(Prison.code == code.upper()))
            if prison is None:
                raise click.ClickException(f"No prison with code {code}")
            ids.add(prison.id)
        try:
            user = staff.create(session, SystemClock().now(), None,
                                staff.StaffData(username, name, {Role(r) for r in roles}, ids),
                                password, SecretHasher.from_settings(ctx.settings))
        except ServiceError as error:
            raise click.ClickException(f"Refused: {error.code}") from error
        click.echo(f"Created {user.username}. Two-step sign-in is set up at first sign-in.")


@main.command("demo")
@click.option("--scale", type=click.Choice(["small", "national"]), default="small",
              show_default=True, help="national: 44 prisons and three years of data, for "
              "benchmarks (never in a real installation).")
@click.option("--factor", type=float, default=1.0, show_default=True,
              help="national only: multiply the inmates, requests and meldekort (4: two "
              "million requests).")
@pass_ctx
def demo(ctx: Context, scale: str, factor: float) -> None:
    """Load the demo data and print every demo credential."""
    from core.demo import loader as demo_data

    migrate.upgrade(ctx.db.engine)
    if scale == "national":
        _national(ctx, factor)
        return
    with ctx.db.session() as session:
        loaded = demo_data.load(session, SystemClock().now(), SecretHasher.from_settings(ctx.settings),
                                SecretHasher.for_pins(ctx.settings), ctx.settings.attachment_dir)
    click.echo(demo_data.describe(loaded))


def _national(ctx: Context, factor: float = 1.0) -> None:
    from core.demo import national as demo_national

    size = demo_national.sizes(factor)
    totals = {"prisons": demo_national.PRISONS, "staff": demo_national.PRISONS * 7,
              "inmates": size.current + size.released,
              "requests": size.requests, "history": size.requests * 2,
              "messages": size.requests, "benefit plans": size.meldekort // 25,
              "meldekort": size.meldekort, "audit": demo_national.audit_estimate(factor)}
    started = time.monotonic()
    with click.progressbar(length=sum(totals.values()), label="Loading",
                           show_pos=True) as bar, ctx.db.session() as session:
        loaded = demo_national.load(session, SystemClock().now(),
                                    SecretHasher.from_settings(ctx.settings),
                                    SecretHasher.for_pins(ctx.settings),
                                    lambda _what, rows: bar.update(rows), scale=factor)
    click.echo(demo_national.describe(loaded))
    click.echo(f"Took {time.monotonic() - started:.0f} s.")


@main.command("demo-code")
@click.argument("username")
@pass_ctx
def demo_code(ctx: Context, username: str) -> None:
    """Print the current two-step code of a demo account (DEMO_MODE only)."""
    from core.demo import loader as demo_data

    if not ctx.settings.demo_mode:
        raise click.ClickException("demo-code works only with DEMO_MODE=1")
    with ctx.db.session() as session:
        code = demo_data.current_code(session, SystemClock().now(), username)
    if code is None:
        raise click.ClickException(f"{username} is not a demo account")
    click.echo(code)


@main.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command("verify")
@pass_ctx
def audit_verify(ctx: Context) -> None:
    """Check the audit log's hash chain. Exits 1 naming the first broken event."""
    with ctx.db.session() as session:
        count, problem = audit.verify_session(session)
    if problem is not None:
        click.echo(f"Audit chain broken at event {problem.event_id}: {problem.reason}", err=True)
        sys.exit(1)
    click.echo(f"Audit chain intact: {count} events.")


@main.group("sla")
def sla_group() -> None:
    """Response-time promises."""


@sla_group.command("tick")
@pass_ctx
def sla_tick(ctx: Context) -> None:
    """Mark broken response-time promises and escalate them to each prison's lead.
    Safe to run as often as you like (a timer runs it every 15 minutes)."""
    from core.services.requests import escalations

    with ctx.db.session() as session:
        result = escalations.tick(session, SystemClock().now())
    click.echo(f"Checked {result.checked} open requests: {result.first_response} first "
               f"responses and {result.resolution} resolutions newly late, escalated.")


@main.command("backup")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write it (default BACKUP_DIR).")
@pass_ctx
def backup_command(ctx: Context, folder: Path | None) -> None:
    """Back up the database while the apps run (SQLite online backup, or pg_dump)."""
    from core import backup

    try:
        written = backup.backup(ctx.settings.database_url,
                                folder or Path(ctx.settings.backup_dir), SystemClock().now(),
                                keep=ctx.settings.backup_keep)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {written} ({written.stat().st_size} bytes).")


@main.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already has data.")
@pass_ctx
def restore_command(ctx: Context, backup_file: Path, force: bool) -> None:
    """Restore a backup into DATABASE_URL (stop both apps first), then check the audit log."""
    from core import backup

    try:
        backup.restore(backup_file, ctx.settings.database_url, force=force)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    ctx.db.dispose()
    with ctx.db.session() as session:
        count, problem = audit.verify_session(session)
    if problem is not None:
        click.echo(f"Restored, but the audit chain is broken at event {problem.event_id}: "
                   f"{problem.reason}", err=True)
        sys.exit(1)
    click.echo(f"Restored {backup_file.name}. Audit chain intact: {count} events.")


@main.command("purge")
@click.option("--dry-run", is_flag=True, help="Only show what would be deleted.")
@pass_ctx
def purge_command(ctx: Context, dry_run: bool) -> None:
    """Delete personal data past its retention (released more than RETENTION_MONTHS ago),
    old ended sessions and old sign-in attempts. A timer runs it nightly."""
    from core.services.records import retention

    months = ctx.settings.retention_months
    with ctx.db.session() as session:
        now = SystemClock().now()
        found = retention.plan(session, now, months) if dry_run else \
            retention.purge(session, now, months, ctx.settings.attachment_dir)
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} (released on or before {found.cutoff}, {months} months):")
    for name, count in found.counts.items():
        click.echo(f"  {name:<18} {count}")


@main.command("serve")
@click.option("--kiosk", "kiosk_bind", default="127.0.0.1:8000", show_default=True)
@click.option("--admin", "admin_bind", default="127.0.0.1:8001", show_default=True)
def serve(kiosk_bind: str, admin_bind: str) -> None:
    """Run both apps under gunicorn (kiosk and admin), until Ctrl-C."""
    config = str(PROJECT_ROOT / "deploy" / "server" / "gunicorn.conf.py")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", config, "--chdir", str(PROJECT_ROOT)]
    processes = [
        subprocess.Popen(gunicorn + ["--bind", kiosk_bind, "kiosk.wsgi:app"], env=os.environ),
        subprocess.Popen(gunicorn + ["--bind", admin_bind, "admin.wsgi:app"], env=os.environ),
    ]
    click.echo(f"Kiosk: http://{kiosk_bind}/   Staff: http://{admin_bind}/   (Ctrl-C stops)")

    def stop(*_args):
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            process.wait(timeout=30)
    if any(p.returncode not in (0, -signal.SIGTERM, None) for p in processes):
        sys.exit(1)


if __name__ == "__main__":
    main()
