"""Test set-up: Qt runs headless, and nothing a test does touches the user's real settings or data folder."""

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

DATA = Path(__file__).parent / "data"
# A frozen copy of the bundled events.yaml, with its archived sources at the same relative paths (byte-identical
# to the originals when frozen). Tests that assert particular events, counts or titles load this one, so that a user
# who adds events to the bundled events.yaml keeps a green suite; the bundled file is only checked to be clean.
FROZEN = DATA / "frozen"
FROZEN_EVENTS = FROZEN / "events.yaml"


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("KZTIMELINE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def frozen_events() -> Path:
    """The frozen copy of the bundled dataset (see FROZEN_EVENTS)."""
    return FROZEN_EVENTS


@pytest.fixture(scope="session")
def dataset(frozen_events):
    """The frozen copy of the bundled dataset, loaded once (datasets are not changed by views)."""
    from kztimeline.model import load_dataset

    return load_dataset(frozen_events).dataset


@pytest.fixture
def selection(dataset):
    from kztimeline.views.selection import Selection

    return Selection(dataset)
