"""Every file or folder the README names exists (links and `code` paths)."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

# relative paths with a folder or a known extension; placeholders such as <workdir> are skipped
_LINK = re.compile(r"\]\(([^)#\s]+)\)")
_CODE = re.compile(r"`([\w./-]+/[\w./-]*|[\w.-]+\.(?:py|md|toml|yml|yaml|example|lock))`")
# paths inside a deployment's work directory, not the repository
_WORKDIR_NAMES = (
    "published/", "landing/", "models/", "weeks/", "latest/", "work/", "secrets/", "quarantine/",
    "DIR/", "validation/", "dbt/", "target/", "logs/",
)  # fmt: skip


def test_every_path_the_readme_names_exists() -> None:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    named = set(_LINK.findall(text)) | set(_CODE.findall(text))
    paths = {
        name.rstrip("/")
        for name in named
        if not name.startswith(("http", "<", "/", "."))
        and not name.startswith(_WORKDIR_NAMES)
        and "<" not in name
    }
    assert len(paths) > 15
    missing = sorted(p for p in paths if not (REPO_ROOT / p).exists())
    assert missing == []


def test_the_readme_map_lists_every_package_and_shared_module() -> None:
    """The "For developers" map names each package of pipelines/ and each top-level module."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## For developers", 1)[1].split("\n## ", 1)[0]
    pipelines = REPO_ROOT / "pipelines"
    packages = [p.name + "/" for p in pipelines.iterdir() if (p / "__init__.py").exists()]
    modules = [p.name for p in pipelines.glob("*.py") if p.name != "__init__.py"]
    assert len(packages) >= 9 and len(modules) >= 7
    assert [name for name in packages + modules if name not in section] == []
