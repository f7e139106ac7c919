from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own RELU_QUIZ_HOME, so caches and user banks never leak in."""
    home = tmp_path / "home"
    monkeypatch.setenv("RELU_QUIZ_HOME", str(home))
    monkeypatch.delenv("RELU_QUIZ_BANKS", raising=False)
    return home
