"""Where hfpapers keeps its files: XDG dirs via platformdirs, created on first use.

Tests point ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME`` at a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "hfpapers"


def config_dir() -> Path:
    return user_config_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    """Reading state and bookmarks (the store). Created on access."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Listings and paper records kept for offline use. Not created here: the cache creates
    it when first used and works without it when it cannot (``Cache.problem`` says why)."""
    return user_cache_path(APP_NAME, appauthor=False)
