"""Where things live and what the user configured (config.toml). Imports stay light."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from eng_ops.errors import InvalidInput

APP_NAME = "eng-ops"


def home_override() -> Path | None:
    value = os.environ.get("ENG_OPS_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Directory for the default database (ENG_OPS_HOME or the platform's user data dir)."""
    override = home_override()
    if override:
        return override
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Directory for config.toml and user templates."""
    override = home_override()
    if override:
        return override
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return Path(os.environ.get("ENG_OPS_CONFIG") or config_dir() / "config.toml")


@dataclass(frozen=True)
class Config:
    """User settings from config.toml; every key is optional."""

    db: str | None = None
    user: str | None = None
    templates: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_config() -> Config:
    path = config_path()
    if not path.exists():
        return Config()
    from eng_ops.files import read_text

    try:
        raw = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: not valid TOML: {exc}") from None
    return Config(
        db=raw.get("db"),
        user=raw.get("user"),
        templates=raw.get("templates"),
        raw=raw,
    )


def default_db_path() -> Path:
    return data_dir() / "eng-ops.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def user_templates_dir(explicit: str | Path | None = None) -> Path:
    """User template dir: --templates, ENG_OPS_TEMPLATES, config 'templates', else config dir."""
    chosen = explicit or os.environ.get("ENG_OPS_TEMPLATES") or load_config().templates
    if not chosen:
        return config_dir() / "templates"
    from eng_ops.files import existing_dir

    return existing_dir(chosen, what="template dir")  # a dir you named must exist


def resolve_db_url(value: str | None) -> str:
    """Turn --db / ENG_OPS_DB / config / default into an SQLAlchemy URL."""
    if value is not None and not value.strip():
        raise InvalidInput("--db is empty: give a database file or a postgresql:// URL")
    chosen = value or load_config().db
    if not chosen:
        return sqlite_url(default_db_path())
    if "://" not in chosen:
        return sqlite_url(Path(chosen))
    if chosen.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s@]*@")
_KEY_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?:'[^']*'|\S+)", re.IGNORECASE)


def hide_passwords(text: str) -> str:
    """Mask passwords in URLs ('postgresql://u:***@host/db') and 'password=...' pairs.

    Every message that may show a database URL goes through this (db status, demo, errors).
    """
    text = _URL_PASSWORD.sub(r"\g<head>***@", text)
    return _KEY_PASSWORD.sub(r"\g<head>***", text)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().resolve()}"


def packaged_dir(name: str) -> Path:
    """Templates/examples: inside the wheel (eng_ops/_data) or the source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / name
    return installed if installed.is_dir() else here.parent / name


def named_actor(explicit: str | None) -> str | None:
    """The handle someone named as the actor (--as / ENG_OPS_USER, else config 'user'), or
    None when nobody was named and the file's owner acts."""
    return explicit or load_config().user or None


def actor(explicit: str | None) -> str:
    """Who is acting: --as / ENG_OPS_USER, config 'user', else the OS login name."""
    named = named_actor(explicit)
    if named:
        return named
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"
