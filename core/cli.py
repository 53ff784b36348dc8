"""The `brobygger` command."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

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
            self._db = Database(self.settings.database_url)
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
    from core.services import staff
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
@pass_ctx
def demo(ctx: Context) -> None:
    """Load the demo data and print every demo credential."""
    from core import demo as demo_data

    migrate.upgrade(ctx.db.engine)
    with ctx.db.session() as session:
        loaded = demo_data.load(session, SystemClock().now(), SecretHasher.from_settings(ctx.settings))
    click.echo(demo_data.describe(loaded))


@main.command("demo-code")
@click.argument("username")
@pass_ctx
def demo_code(ctx: Context, username: str) -> None:
    """Print the current two-step code of a demo account (DEMO_MODE only)."""
    from core import demo as demo_data

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
