"""`take FILE` is a quiz on that file (issue 28, smaller): named after its bank, not "Quiz
on everything", and asking every question unless --count says otherwise (a 12-question
file lost 2 to the default of 10, silently)."""

from __future__ import annotations

import pytest

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.quiz import QuizScreen
from tests.helpers.pilot import wait_for, wait_for_question


def bank_of(path, count: int, title: str) -> None:
    questions = "".join(
        f"  - {{id: {title.lower()}-q{n}, type: single, prompt: 'ReLU({n})?', "
        f"choices: [{{text: '{n}', correct: true}}, {{text: '{-n - 1}'}}], "
        f"explanation: 'max(0, {n}) = {n}'}}\n"
        for n in range(count))
    path.write_text(f"title: {title}\nquestions:\n{questions}", encoding="utf-8")


@pytest.mark.parametrize(("files", "count", "asked", "name"), [
    ([12], None, 12, "Bank: B0"),
    ([12], 5, 5, "Bank: B0"),
    ([3], None, 3, "Bank: B0"),
    ([7, 8], None, 15, "Quiz on 2 banks"),
    ([7, 8], 4, 4, "Quiz on 2 banks"),
])
async def test_take_files_asks_them_whole_and_names_them(tmp_path, files, count, asked, name):
    paths = []
    for number, size in enumerate(files):
        paths.append(tmp_path / f"b{number}.yaml")
        bank_of(paths[-1], size, f"B{number}")
    app = create_app(AppConfig(paths=paths, start="take", count=count))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await wait_for_question(pilot)
        session = app.screen.session
        assert (len(session.items), session.name) == (asked, name)


async def test_a_topic_of_the_files_keeps_its_name_and_is_asked_whole(tmp_path):
    path = tmp_path / "b.yaml"
    bank_of(path, 12, "B")
    app = create_app(AppConfig(paths=[path], start="take", topic="general"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await wait_for_question(pilot)
        assert (app.screen.session.name, len(app.screen.session.items)) == \
            ("Topic: general", 12)
