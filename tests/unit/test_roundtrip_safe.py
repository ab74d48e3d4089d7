"""The round-trip YAML editor never constructs Python objects from tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.roundtrip import BriefFile


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
    ],
)
def test_python_tags_stay_inert(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "brief.yaml"
    path.write_text(f"title: {payload.format(marker=marker)}\n", encoding="utf-8")
    try:
        data = BriefFile(path).data
    except Exception as exc:  # refusing the file is as good as not running it
        assert "os.system" in str(exc) or "not valid YAML" in str(exc)
    else:
        assert not callable(data["title"])
        assert type(data["title"]).__module__.startswith("ruamel")  # a tagged value
    assert not marker.exists()
