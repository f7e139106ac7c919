"""The proof of each option's global claims, after the reveal: convexity, Lipschitz
constants, ranges, subgradients, … of the option's function on its domain, each said true
or false in words (✓ and ✗ are never the only sign: NO_COLOR must still read), then the
checker's own working: the pieces between the kinks and what the slope does at each.

The outcomes are the ones `check` caches (quiz_app.checker.service.global_proofs_for_display),
so a checked bank shows them at once; otherwise the warm worker proves them. An option whose
claims could not be decided says why. The letters are the ones on screen: the options may
have been shuffled.

>>> from quiz_app.checker.service import GlobalProof
>>> proof = GlobalProof(0, ("Max(0, x)", "x", None, "0"), {"convex": True, "lipschitz": "1"},
...     {"holds": True, "failures": [], "undecided": [],
...      "working": ["at x = 0 the slope jumps up (from 0 to 1)", "so f is convex"]})
>>> for head, body in option_blocks([proof], {0: "b"}):
...     print(head); print("\\n".join(body))
b) convex, 1-Lipschitz (the smallest constant): ✓ true
· at x = 0 the slope jumps up (from 0 to 1)
· so f is convex
>>> wrong = GlobalProof(1, ("Max(0, x)", "x", None, "0"), {"subdifferential": "{0, 1}"},
...     {"holds": False, "failures": ["subdifferential: {0, 1} is false (…)"],
...      "undecided": [], "working": []})
>>> option_blocks([wrong], {1: "a"})[0][0]
'a) ∂f(0) = {0, 1}: ✗ false'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from quiz_app.checker.words import SYMPY_WORDS, formula_words, reason_words

if TYPE_CHECKING:
    from quiz_app.checker.service import GlobalProof

TITLE = "Why: the proofs over the whole function"
PROVING = "Proving the claims about the whole function…"
NOTHING = "No claims about the whole function here."
TRUE, FALSE, UNDECIDED = "✓ true", "✗ false", "? not decided"
# sympy's spelling as a student reads it (oo → ∞, sqrt → √, …), but "E[f(X)]" keeps its E
_WORDS = [(pattern, said) for pattern, said in SYMPY_WORDS if pattern.pattern != r"\bE\b"]
_NAMED = {"increasing": "strictly increasing", "decreasing": "strictly decreasing",
          "bounded_below": "bounded below", "bounded_above": "bounded above",
          "positively_homogeneous": "positively homogeneous"}


def said(text: object) -> str:
    """A value or a line of working in a reader's notation: ∞, −1, √2, π."""
    text = str(text)
    for pattern, replacement in _WORDS:
        text = pattern.sub(replacement, text)
    return text


def claim_words(name: str, claimed: object, point: str) -> str:
    """One claim as the option means it: "convex", "not concave", "range [0, ∞)"."""
    if isinstance(claimed, bool):
        words = _NAMED.get(name, name)
        return words if claimed else f"not {words}"
    value, at = said(claimed), said(point)
    if name == "lipschitz":
        return "not Lipschitz (no constant)" if value == "∞" else \
            f"{value}-Lipschitz (the smallest constant)"
    if name == "subdifferential":
        return f"no subgradient at {at}" if value == "none" else f"∂f({at}) = {value}"
    return {"range": f"range {value}",
            "equals": f"equal to {formula_words(str(claimed))}",
            "subgradient": f"{value} is a subgradient at {at}",
            "clarke": f"Clarke's gradient at {at} is {value}",
            "expectation": f"E[f(X)] = {value} for X ~ N(0, 1)",
            "probability_zero": f"P(f(X) = 0) = {value} for X ~ N(0, 1)"
            }.get(name, f"{name}: {value}")


def claim_states(proof: GlobalProof) -> dict[str, str]:
    """Each claim's TRUE, FALSE or UNDECIDED: the outcome names a false or undecided claim
    ("name: why"); a reason naming none (the time limit, an error) holds for them all."""
    outcome = proof.outcome
    if outcome.get("error"):
        return dict.fromkeys(proof.claims, UNDECIDED)
    unnamed = [text for text in outcome.get("undecided", [])
               if text.split(":")[0] not in proof.claims]
    states = {}
    for name in proof.claims:
        def named(texts, name=name) -> bool:
            return any(text.startswith(f"{name}:") for text in texts)

        states[name] = FALSE if named(outcome.get("failures", [])) else UNDECIDED \
            if unnamed or named(outcome.get("undecided", [])) else TRUE
    return states


def why_undecided(proof: GlobalProof) -> list[str]:
    """The reasons, each once, in words, each line marked "? "."""
    outcome = proof.outcome
    reasons = [outcome["error"]] if outcome.get("error") else outcome.get("undecided", [])
    lines = []
    for reason in reasons:
        name, _, why = str(reason).partition(": ")
        if name in proof.claims and why:
            words = claim_words(name, proof.claims[name], proof.target[3])
            lines.append(f"? {words}: not decided, {reason_words(why)}")
        else:
            lines.append(f"? not decided: {reason_words(str(reason))}")
    return list(dict.fromkeys(lines))


def function_words(proof: GlobalProof) -> str:
    """"f(x) = Max(0, x) on [0, ∞)": what the claims are about."""
    function, variable, domain, _ = proof.target
    where = f"on {said(domain)}" if domain else "on the whole line"
    return f"f({variable}) = {formula_words(function)} {where}"


def option_blocks(proofs: Sequence[GlobalProof], letters: Mapping[int, str],
                  each_function: bool = False) -> list[tuple[str, list[str]]]:
    """For each option, in the order of its letter on screen: its heading (the letter, the
    claims in words, true or false) and the lines below it: the function when
    `each_function`, then the working ("· …") and why a claim is not decided ("? …")."""
    blocks = []
    seen: dict[tuple[str, ...], str] = {}  # a working already shown → its option's letter
    for proof in sorted(proofs, key=lambda p: letters[p.choice]):
        states = claim_states(proof)
        words = {name: claim_words(name, claimed, proof.target[3])
                 for name, claimed in proof.claims.items()}
        if len(set(states.values())) == 1:
            head = f"{', '.join(words.values())}: {next(iter(states.values()))}"
        else:
            head = "; ".join(f"{words[name]}: {state}" for name, state in states.items())
        body = [function_words(proof)] if each_function else []
        working = tuple(said(line) for line in proof.outcome.get("working", []))
        if working in seen:  # three options about one kink: one proof, said once
            body.append(f"· the same working as {seen[working]})")
        else:
            body += [f"· {line}" for line in working]
            if working:
                seen[working] = letters[proof.choice]
        body += why_undecided(proof) if UNDECIDED in states.values() else []
        blocks.append((f"{letters[proof.choice]}) {head}", body))
    return blocks


def panel_lines(proofs: Sequence[GlobalProof], letters: Mapping[int, str]
                ) -> tuple[str | None, list[tuple[str, list[str]]]]:
    """The line naming f when every option is about the same f (else each option names
    its own), and the options' blocks."""
    shared = {function_words(proof) for proof in proofs}
    common = shared.pop() if len(shared) == 1 else None
    return common, option_blocks(proofs, letters, each_function=common is None)


class GlobalPanel(Vertical):
    """The title, then a heading and its lines per option with global claims.

    `proofs` are what is shown (None while they are being proved), `letters` maps a
    choice's index in the bank to its letter on screen, `lines` is the panel's text as
    plain lines (what tests read), and `body` the Static that draws it, each line wrapped
    under its own start (a hanging indent) so that the panel reads at 80 columns."""

    DEFAULT_CLASSES = "global-panel"

    def __init__(self, **kwargs) -> None:
        self.heading = Static(TITLE, classes="panel-title", markup=False)
        self.body = Static("", classes="global-text", markup=False)
        super().__init__(self.heading, self.body, **kwargs)
        self.proofs: list[GlobalProof] | None = None
        self.letters: dict[int, str] = {}
        self.lines: list[str] = []

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def begin(self, letters: Mapping[int, str]) -> None:
        """Proving: the proofs come from a thread worker."""
        self.proofs, self.letters, self.lines = None, dict(letters), [PROVING]
        self.body.update(Text(PROVING))

    def show_proofs(self, proofs: Sequence[GlobalProof]) -> None:
        self.proofs = list(proofs)
        common, blocks = panel_lines(self.proofs, self.letters)
        self.lines = [common] if common else []
        parts: list[RenderableType] = [Text(common)] if common else []
        for head, body in blocks:
            gap = [""] if self.lines else []
            self.lines += [*gap, head] + [f"   {line}" for line in body]
            letter, _, rest = head.partition(" ")
            rows = [(f"{letter} ", rest)] + [("", line) for line in body
                                            if line[:2] not in ("· ", "? ")]
            marked = [(line[:2], line[2:]) for line in body if line[:2] in ("· ", "? ")]
            parts += ([Text("")] if gap else []) + [
                _hanging(rows), Padding(_hanging(marked), (0, 0, 0, 3))]
        if not blocks:
            self.lines, parts = [NOTHING], [Text(NOTHING)]
        self.body.update(Group(*parts))


def _hanging(rows: list[tuple[str, str]]) -> Table:
    """Each row's text wraps under its own start, not under its marker."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, text in rows:
        grid.add_row(Text(marker), Text(text))
    return grid
