"""Test set-up: Qt runs headless, and nothing a test does touches the user's real settings or data folder."""

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("KZTIMELINE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def dataset():
    """The bundled dataset, loaded once (datasets are not changed by views)."""
    from kztimeline.model import load_dataset
    from kztimeline.resources import bundled_events

    return load_dataset(bundled_events()).dataset


@pytest.fixture
def selection(dataset):
    from kztimeline.model.selection import Selection

    return Selection(dataset)
