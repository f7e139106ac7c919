"""The surfaces runner (tests/hostile_surfaces.py, run whole by CI) can fail: planted faults
of each kind are counted. The surfaces themselves are tested, table by table, in
tests/test_hostile_*.py; this keeps the CI step honest."""

from __future__ import annotations

from tests import hostile_surfaces as surfaces


def test_an_event_handler_a_script_and_a_hidden_character_are_faults():
    faults = surfaces.export_faults("moodle-xml", [
        '<p><img src="x" onerror="alert(1)"></p>', "<script>alert(1)</script>",
        "<p>3\u200b</p>", "<p>fine $x$ <strong>bold</strong></p>"])
    assert faults == ["moodle-xml: <img onerror=…>", "moodle-xml: <script>",
                      "moodle-xml: U+200B"]


def test_the_card_templates_own_style_is_no_fault_on_a_card_only():
    assert surfaces.export_faults("anki", ["<style>.card {}</style><b>x</b>"]) == []
    assert surfaces.export_faults("qti", ["<style>x</style>"]) == ["qti: <style>"]


def test_tampering_reaches_ids_and_verdicts():
    tampered = surfaces._tamper({"id": "q1", "choices": [{"correct": False}], "n": 0,
                                 "facts": [{"holds": False, "name": "q1x"}]}, {"q1"})
    assert tampered == {"id": "q1\x1b]0;tampered\x07", "choices": [{"correct": True}],
                        "n": 0, "facts": [{"holds": True, "name": "q1x"}]}


def test_the_import_memory_measure_sees_a_big_child():
    import sys

    peak, _ = surfaces._peak_rss_of([sys.executable, "-c", "x = bytearray(400 * 2**20)"], {})
    assert peak > surfaces.IMPORT_MEMORY
