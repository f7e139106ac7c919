"""Stats as a student reads them (issue 28, smaller): misconception tags in words, and the
answers-per-day chart ticked in whole answers."""

from __future__ import annotations

import pytest

from quiz_app.study.stats import readable
from quiz_app.ui.screens.stats import whole_ticks


@pytest.mark.parametrize("top", [0, 1, 2, 3, 4, 7, 10, 18, 55, 99, 100, 101, 999, 12345])
def test_the_chart_ticks_are_whole_answers_from_0_past_the_top(top):
    ticks = whole_ticks(top)
    assert all(isinstance(t, int) for t in ticks)
    assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= 5
    assert len({b - a for a, b in zip(ticks, ticks[1:])}) == 1  # evenly spaced


@pytest.mark.parametrize(("tag", "shown"), [
    ("relu-derivative-at-0-is-1", "Relu derivative at 0 is 1"),
    ("zero_gradient", "Zero gradient"),
    ("x", "X"),
    ("subgradient--set", "Subgradient set"),
])
def test_a_misconception_tag_reads_as_words(tag, shown):
    assert readable(tag) == shown
