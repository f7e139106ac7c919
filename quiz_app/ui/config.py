"""What the app should open with, shared by the CLI and the tests (one app factory)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# What the app opens on: home, a quiz (`take`, `study`, `review`: the commands of the same
# names) or the lab (`explore`).
StartMode = Literal["home", "take", "study", "review", "explore"]


@dataclass
class AppConfig:
    paths: list[Path] = field(default_factory=list)  # empty: discover the banks
    start: StartMode = "home"
    topic: str | None = None
    count: int | None = None
    shuffle: bool = True
    seed: int | None = None
    explore_expression: str | None = None
    explore_point: str = "0"
    timeout: float = 10.0
