"""Typed settings, read from the environment.

Every variable is listed in the README's configuration table. Tests build a Settings
directly (``Settings(...)``) instead of touching the environment.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from core import PROJECT_ROOT

INSTANCE_DIR = PROJECT_ROOT / "instance"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def _dev_secret(name: str = "secret_key") -> str:
    """A secret kept in instance/ so that development restarts keep sessions (and PINs)
    valid."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / name
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'brobygger.db'}"
    secret_key: str = ""
    # Kiosk sessions (seconds).
    kiosk_idle_seconds: int = 300
    kiosk_idle_warning_seconds: int = 60
    kiosk_absolute_seconds: int = 3600
    # Staff sessions (seconds).
    admin_idle_seconds: int = 1800
    admin_absolute_seconds: int = 10 * 3600
    # Terminals.
    enrolment_code_minutes: int = 15
    supervision_default_minutes: int = 60
    # Sign-in throttling.
    lockout_threshold: int = 5
    terminal_failure_limit: int = 20
    terminal_failure_window_minutes: int = 15
    # argon2id cost of staff passwords (RFC 9106 second recommended option by default).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    # Inmates' PINs: peppered, at OWASP's recommended argon2id cost (core.security.hashing).
    pin_pepper: str = ""
    pin_argon2_time_cost: int = 2
    pin_argon2_memory_kib: int = 19456
    pin_argon2_parallelism: int = 1
    demo_mode: bool = False
    trusted_proxy_count: int = 0
    # Backups (brobygger backup) and retention (brobygger purge).
    backup_dir: str = str(INSTANCE_DIR / "backups")
    backup_keep: int = 14
    retention_months: int = 12
    # Read-aloud in the lessons: where the spoken steps (Ogg Opus files) are kept.
    speech_cache_dir: str = str(INSTANCE_DIR / "speech")
    # Memory per worker (issue 20, core/db.py): the database connections a process keeps
    # open (at most one per thread in use at once, plus a short-lived one for a check),
    # and each SQLite connection's page cache.
    database_pool_size: int = 4
    sqlite_cache_kib: int = 1024
    # Scans and photos of paper notes (core/services/requests/attachments.py): a folder
    # outside the web root, and the largest file accepted.
    attachment_dir: str = str(INSTANCE_DIR / "attachments")
    attachment_max_bytes: int = 5 * 1024 * 1024
    # Logs (JSON lines on stderr, see core/web/observability.py).
    log_level: str = "INFO"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        return self.env not in {"development", "test"}

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        mode = env.get("BROBYGGER_ENV", "development")
        if mode not in {"development", "production", "test"}:
            raise ValueError("BROBYGGER_ENV must be development, production or test")
        secret = env.get("SECRET_KEY", "")
        if not secret:
            if mode == "production":
                raise ValueError("SECRET_KEY must be set in production")
            secret = _dev_secret()
        pepper = env.get("PIN_PEPPER", "")
        if not pepper:
            if mode == "production":
                raise ValueError("PIN_PEPPER must be set in production")
            pepper = _dev_secret("pin_pepper")
        demo = _bool(env.get("DEMO_MODE"), False)
        if demo and mode == "production":
            raise ValueError("DEMO_MODE cannot be used with BROBYGGER_ENV=production")
        settings = cls(
            env=mode,
            database_url=env.get("DATABASE_URL") or cls.database_url,
            secret_key=secret,
            kiosk_idle_seconds=_int(env, "KIOSK_IDLE_SECONDS", cls.kiosk_idle_seconds),
            kiosk_idle_warning_seconds=_int(
                env, "KIOSK_IDLE_WARNING_SECONDS", cls.kiosk_idle_warning_seconds
            ),
            kiosk_absolute_seconds=_int(env, "KIOSK_ABSOLUTE_SECONDS", cls.kiosk_absolute_seconds),
            admin_idle_seconds=_int(env, "ADMIN_IDLE_SECONDS", cls.admin_idle_seconds),
            admin_absolute_seconds=_int(env, "ADMIN_ABSOLUTE_SECONDS", cls.admin_absolute_seconds),
            enrolment_code_minutes=_int(env, "ENROLMENT_CODE_MINUTES", cls.enrolment_code_minutes),
            supervision_default_minutes=_int(
                env, "SUPERVISION_DEFAULT_MINUTES", cls.supervision_default_minutes
            ),
            lockout_threshold=_int(env, "LOCKOUT_THRESHOLD", cls.lockout_threshold),
            terminal_failure_limit=_int(env, "TERMINAL_FAILURE_LIMIT", cls.terminal_failure_limit),
            argon2_time_cost=_int(env, "ARGON2_TIME_COST", cls.argon2_time_cost),
            argon2_memory_kib=_int(env, "ARGON2_MEMORY_KIB", cls.argon2_memory_kib),
            argon2_parallelism=_int(env, "ARGON2_PARALLELISM", cls.argon2_parallelism),
            pin_pepper=pepper,
            pin_argon2_time_cost=_int(env, "PIN_ARGON2_TIME_COST", cls.pin_argon2_time_cost),
            pin_argon2_memory_kib=_int(env, "PIN_ARGON2_MEMORY_KIB", cls.pin_argon2_memory_kib),
            pin_argon2_parallelism=_int(env, "PIN_ARGON2_PARALLELISM",
                                        cls.pin_argon2_parallelism),
            demo_mode=demo,
            trusted_proxy_count=_int(env, "TRUSTED_PROXY_COUNT", cls.trusted_proxy_count),
            backup_dir=env.get("BACKUP_DIR") or cls.backup_dir,
            backup_keep=_int(env, "BACKUP_KEEP", cls.backup_keep),
            retention_months=_int(env, "RETENTION_MONTHS", cls.retention_months),
            speech_cache_dir=env.get("SPEECH_CACHE_DIR") or cls.speech_cache_dir,
            database_pool_size=_int(env, "DATABASE_POOL_SIZE", cls.database_pool_size),
            sqlite_cache_kib=_int(env, "SQLITE_CACHE_KIB", cls.sqlite_cache_kib),
            attachment_dir=env.get("ATTACHMENT_DIR") or cls.attachment_dir,
            attachment_max_bytes=_int(env, "ATTACHMENT_MAX_BYTES", cls.attachment_max_bytes),
            log_level=(env.get("LOG_LEVEL") or cls.log_level).upper(),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.kiosk_idle_warning_seconds < 20:
            raise ValueError("KIOSK_IDLE_WARNING_SECONDS must be at least 20 (WCAG 2.2.1)")
        if self.kiosk_idle_warning_seconds >= self.kiosk_idle_seconds:
            raise ValueError("KIOSK_IDLE_WARNING_SECONDS must be shorter than KIOSK_IDLE_SECONDS")
        if self.kiosk_absolute_seconds < self.kiosk_idle_seconds:
            raise ValueError("KIOSK_ABSOLUTE_SECONDS must be at least KIOSK_IDLE_SECONDS")
        if self.lockout_threshold < 1:
            raise ValueError("LOCKOUT_THRESHOLD must be at least 1")
        if self.backup_keep < 1:
            raise ValueError("BACKUP_KEEP must be at least 1")
        if self.retention_months < 1:
            raise ValueError("RETENTION_MONTHS must be at least 1")
        if not 1 <= self.database_pool_size <= 64:
            raise ValueError("DATABASE_POOL_SIZE must be from 1 to 64")
        if not 64 <= self.sqlite_cache_kib <= 1024 * 1024:
            raise ValueError("SQLITE_CACHE_KIB must be from 64 to 1048576")
        if self.pin_pepper and len(self.pin_pepper) < 32:
            raise ValueError("PIN_PEPPER must be at least 32 characters (secrets.token_hex(32))")
        if not 1024 <= self.attachment_max_bytes <= 50 * 1024 * 1024:
            raise ValueError("ATTACHMENT_MAX_BYTES must be from 1024 to 52428800 (50 MB)")
        if self.log_level not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")


def sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        return Path(url[len(prefix):])
    return None
