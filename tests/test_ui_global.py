"""The "why" panel proves each option's global claims in words (issue 23): after the reveal,
for ReLU's convexity the pieces and the slope jump at the kink; never while a retry is open
(the ✓/✗ would give the key away); from `check`'s cache when the bank was checked.

Pilot drives the real app at 80×24 on tests/fixtures/ui/global.yaml. The expected truths are
the maths, not the code under test: ReLU is convex (its slope jumps up from 0 to 1 at 0),
1-Lipschitz, has range [0, ∞) and is not strictly increasing (flat for x < 0); ReLU6's slope
drops from 1 to 0 at 6, so it has no subgradient there.
"""

from __future__ import annotations

from quiz_app.bank.letters import option_letter
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for_question, wait_until

BANK = FIXTURES / "ui" / "global.yaml"
PROOF_SECONDS = 90.0  # the warm worker imports sympy first; the machine may be busy


def quiz_app(shuffle: bool = False, seed: int | None = None):
    return create_app(AppConfig(paths=[BANK], start="take", shuffle=shuffle, seed=seed))


def panel_text(app) -> str:
    """What the panel shows, "" when it is not there or hidden."""
    found = app.screen.query("#quiz-global")
    if not found or not found.first().display:
        return ""
    panel = found.first()
    return f"{panel.heading.render()}\n{panel.text}"


def proved(app) -> bool:
    found = app.screen.query("#quiz-global")
    return bool(found) and found.first().proofs is not None


async def test_the_panel_proves_convexity_with_the_pieces_and_the_slope_jump():
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        assert app.screen.item.question.id == "global-relu-shape"
        await pilot.press("a", "b", "c", "enter")  # right: convex, 1-Lipschitz, range
        assert text_of(app, "#quiz-result").startswith("✓ Correct.")
        await wait_until(pilot, lambda: proved(app), PROOF_SECONDS)
        text = panel_text(app)
        assert text.startswith("Why: the proofs over the whole function")
        assert "f(x) = Max(0, x) on the whole line" in text
        assert "a) convex: ✓ true" in text
        assert "slope jumps up (from 0 to 1)" in text  # the kink, in words
        assert "0 on x < 0" in text and "x on x > 0" in text  # the pieces
        assert "b) 1-Lipschitz (the smallest constant): ✓ true" in text
        assert "c) range [0, ∞): ✓ true" in text
        assert "d) strictly increasing: ✗ false" in text
        # the panel is inside the scrolling body, below the feedback, as the others are
        body = app.screen.query_one("#quiz-body")
        panel = app.screen.query_one("#quiz-global")
        assert panel.parent is body
        assert body.children.index(panel) == body.children.index(
            app.screen.query_one("#quiz-result")) + 1
        assert panel.region.width <= 80


async def test_no_proofs_while_a_retry_is_open_they_would_give_the_key_away(monkeypatch):
    from quiz_app.checker import service

    asked = []
    real = service.global_proofs_for_display

    def recorded(question, *args, **kwargs):
        asked.append(question.id)
        return real(question, *args, **kwargs)

    monkeypatch.setattr(service, "global_proofs_for_display", recorded)
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("d", "enter")  # wrong: a retry is offered
        assert "r: try once more" in text_of(app, "#quiz-result")
        await pilot.pause(0.3)
        assert panel_text(app) == "" and asked == []
        await pilot.press("r")  # retrying: still nothing
        await wait_for_question(pilot)
        await pilot.pause(0.3)
        assert panel_text(app) == "" and asked == []
        await pilot.press("a", "b", "c", "enter")  # a right retry: now the reveal
        await wait_until(pilot, lambda: proved(app), PROOF_SECONDS)
        assert "a) convex: ✓ true" in panel_text(app) and asked == ["global-relu-shape"]

        await pilot.press("n")  # the next question: the last proofs go with the reveal
        await wait_for_question(pilot)
        assert app.screen.item.question.id == "global-relu6-at-6"
        assert panel_text(app) == ""
        await pilot.press("b")  # wrong ([0, 1] is Clarke's, not the subdifferential)
        assert "r: try once more" in text_of(app, "#quiz-result")
        await pilot.pause(0.3)
        assert panel_text(app) == "" and asked == ["global-relu-shape"]
        await pilot.press("n")  # the answer instead of the retry
        await wait_until(pilot, lambda: proved(app), PROOF_SECONDS)
        text = panel_text(app)
        assert "a) no subgradient at 6: ✓ true" in text
        assert "b) ∂f(6) = [0, 1]: ✗ false" in text
        assert "the slope jumps down from 1 to 0" in text
        assert "c) ∂f(6) = {0}: ✗ false" in text and "the same working as a)" in text


# each option of the fixture → its heading in the panel (after its letter)
HEADINGS = {
    "it is convex": "convex: ✓ true",
    "it is 1-Lipschitz, and no smaller constant works":
        "1-Lipschitz (the smallest constant): ✓ true",
    "its range is $[0, \\infty)$": "range [0, ∞): ✓ true",
    "it is strictly increasing": "strictly increasing: ✗ false",
    "it is empty, ReLU6 is not convex near 6": "no subgradient at 6: ✓ true",
    "$[0, 1]$": "∂f(6) = [0, 1]: ✗ false",
    "$\\{0\\}$": "∂f(6) = {0}: ✗ false",
    "softplus, $\\log(1 + e^x)$": "convex: ✓ true",
    "ReLU6, $\\min(\\max(0, x), 6)$": "convex: ✗ false",
    "hardtanh, $\\min(\\max(-1, x), 1)$": "convex: ✗ false",
}


async def test_the_letters_are_the_ones_on_screen_when_options_are_shuffled():
    app = quiz_app(shuffle=True, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        screen = app.screen
        assert screen.order != tuple(range(len(screen.order)))  # (the seed shuffles them)
        await pilot.press("k")  # I don't know: revealed at once
        await wait_until(pilot, lambda: proved(app), PROOF_SECONDS)
        text = panel_text(app)
        for index, choice in enumerate(screen.item.question.choices):
            letter = option_letter(screen.order.index(index))
            assert f"{letter}) {HEADINGS[choice.text]}" in text, (letter, choice.text)


async def test_after_check_the_proofs_come_from_the_cache_not_the_worker(monkeypatch):
    from quiz_app.checker import warm
    from quiz_app.checker.run_check import CheckOptions, run_check

    report = run_check([BANK], CheckOptions(jobs=1))
    assert report.proved == 3 and not report.diagnostics
    asked = []

    def refused(self, payload, timeout, cancelled=lambda: False):
        asked.append(payload["op"])
        return None  # as if the time limit ran out: the proof would be "not decided"

    monkeypatch.setattr(warm.WarmWorker, "request", refused)
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("a", "b", "c", "enter")
        await wait_until(pilot, lambda: proved(app), 30)
        text = panel_text(app)
        assert "a) convex: ✓ true" in text and "slope jumps up (from 0 to 1)" in text
        assert "not decided" not in text
        assert "global" not in asked


async def test_a_proof_the_worker_cannot_finish_says_why(monkeypatch):
    from quiz_app.checker import warm

    monkeypatch.setattr(warm.WarmWorker, "request",
                        lambda self, payload, timeout, cancelled=lambda: False: None)
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("a", "b", "c", "enter")
        await wait_until(pilot, lambda: proved(app), 30)
        text = panel_text(app)
        assert "a) convex: ? not decided" in text
        assert "? not decided: time limit (10 s)" in text
