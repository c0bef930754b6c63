"""The lock file pins every dependency pyproject.toml names: `make` installs from uv.lock as it is
(`uv sync --frozen`), so a package added to pyproject.toml without `make lock` would be missing
on a fresh machine."""

from __future__ import annotations

import tomllib

import regex as re

from tests.paths import PROJECT


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()


def test_every_dependency_is_in_the_lock_files() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = {_name(r) for r in project["dependencies"]}
    for extra in project.get("optional-dependencies", {}).values():
        named |= {_name(r) for r in extra}
    lock = tomllib.loads((PROJECT / "uv.lock").read_text(encoding="utf-8"))
    locked = {_name(p["name"]) for p in lock["package"]}
    assert named - locked == set(), "run `make lock` after changing pyproject.toml"
    pinned = (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    pinned_names = {_name(m) for m in re.findall(r"^([A-Za-z0-9._-]+)==", pinned, re.MULTILINE)}
    runtime = {_name(r) for r in project["dependencies"]}
    assert runtime - pinned_names == set(), "run `make lock`: requirements.lock lacks them"
