"""LaTeX maths as Unicode text that means what the LaTeX means.

A small parser of its own, not a macro expander: `\\frac{x+|x|}{2}` must keep its
grouping (`(x + |x|)/2`, never `x+|x|/2`), and a superscript stays one group
(`e^{-1}-1` → `e⁻¹ − 1`). Brackets are added only where precedence needs them; a script
Unicode cannot write falls back to a bracketed `^(…)`. Pure Python, no textual, so any
room may use it. Unknown commands keep their name without the backslash (`\\foo` → `foo`):
readable, and never a leftover `\\`.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPERSCRIPTS = dict(zip("0123456789+-−=()nixtaeTk", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱˣᵗᵃᵉᵀᵏ"))
SUBSCRIPTS = dict(zip("0123456789+-−=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ell": "ℓ", "infty": "∞", "partial": "∂", "nabla": "∇",
    "pm": "±", "mp": "∓", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀", "exists": "∃", "neg": "¬",
    "sum": "Σ", "prod": "Π", "int": "∫", "ldots": "…", "cdots": "⋯", "dots": "…",
    "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "|": "‖",
    "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "prime": "′", "\\": " ",
}
RELATIONS = {
    "=": "=", "<": "<", ">": ">", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "approx": "≈", "equiv": "≡", "sim": "∼", "Rightarrow": "⇒", "implies": "⇒",
    "iff": "⇔", "Leftrightarrow": "⇔", "mapsto": "↦", "cdot": "·", "times": "×",
}
ARROWS = {"to": "→", "rightarrow": "→", "leftarrow": "←", "uparrow": "↑", "downarrow": "↓"}
FUNCTIONS = {"max", "min", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh",
             "arctan", "lim", "sup", "inf", "sgn", "det", "arg", "erf", "limsup", "liminf"}
SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " "}
TEXT_COMMANDS = {"text", "mathrm", "operatorname", "mathbf", "mathit", "textbf", "textit",
                 "mathsf", "mathtt", "boldsymbol", "mathbb", "mathcal"}
IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "displaystyle", "limits"}
BINARY = "+−"
FRACTION = "\x00"  # brackets a fraction until we know what follows it
TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\s+)|(.)", re.DOTALL)


class _Parser:
    def __init__(self, latex: str) -> None:
        self.tokens = []
        for command, space, char in TOKEN.findall(latex):
            if command:
                self.tokens.append(("cmd", command))
            elif space:
                self.tokens.append(("space", " "))
            else:
                self.tokens.append(("char", char))
        self.position = 0

    def peek(self, skip_space: bool = False):
        position = self.position
        while skip_space and position < len(self.tokens) and self.tokens[position][0] == "space":
            position += 1
        return self.tokens[position] if position < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def skip_spaces(self) -> None:
        while self.peek()[0] == "space":
            self.position += 1

    def sequence(self, stop: str | None = None) -> str:
        """Items up to the closing brace `stop`, joined; binary operators get spaces."""
        parts: list[str] = []
        while True:
            kind, value = self.peek()
            if kind is None or (kind == "char" and value == stop):
                if kind is not None:
                    self.take()
                return _tidy(_close_fractions("".join(parts)))
            parts.append(self.item(parts))

    def argument(self) -> str:
        """One braced group or a single token, as the argument of \\frac, ^ or _."""
        self.skip_spaces()
        kind, value = self.peek()
        if kind == "char" and value == "{":
            self.take()
            return self.sequence("}")
        if kind is None:
            return ""
        return self.item([])

    def item(self, before: list[str]) -> str:
        kind, value = self.take()
        if kind == "space":
            return " "
        if kind == "cmd":
            return self.command(value, before)
        if value == "{":
            return self.sequence("}")
        if value == "}":
            return ""
        if value == "^":
            return superscript(self.argument())
        if value == "_":
            return subscript(self.argument())
        if value == "'":
            return "′"
        if value in "+-":
            return self.operator("+" if value == "+" else "−", before)
        if value in "=<>":
            return f" {value} "
        if value == ",":
            return ", "
        if value == "~":
            return " "
        return value

    def operator(self, sign: str, before: list[str]) -> str:
        """Binary + and − are spaced; a leading (unary) sign is not."""
        previous = "".join(before).rstrip()
        opening_bar = previous.endswith("|") and previous.count("|") % 2 == 1
        if not previous or opening_bar or previous[-1] in "([{,=<>≤≥≠≈→:;·×∈" + BINARY:
            return sign
        return f" {sign} "

    def command(self, name: str, before: list[str]) -> str:
        if name == "frac" or name in ("dfrac", "tfrac"):
            return FRACTION + fraction(self.argument(), self.argument()) + FRACTION
        if name == "sqrt":
            return root(self.argument())
        if name in TEXT_COMMANDS:
            return self.argument()
        if name in IGNORED:
            return ""
        if name in SPACES:
            return SPACES[name]
        if name in RELATIONS:
            return f" {RELATIONS[name]} "
        if name in ARROWS:
            return ARROWS[name]
        if name in FUNCTIONS:
            return self.function(name)
        if name in SYMBOLS:
            return SYMBOLS[name] + self._gap()
        return name + self._gap()

    def function(self, name: str) -> str:
        """`\\lim_{x\\to 0^-}` → `lim x→0⁻ `; `\\log 2` → `log 2`; `\\max(…)` → `max(…)`."""
        kind, value = self.peek()
        if kind == "char" and value == "_":
            self.take()
            return f"{name} {self.argument()} "
        return name + self._gap()

    def _gap(self) -> str:
        """A word-like command keeps a space before a following letter or digit."""
        kind, value = self.peek()
        if kind == "space":
            following = self.peek(skip_space=True)
            if following[0] in ("char", "cmd") and following[1] not in "^_(){}[],=<>+-'|":
                return " "
        return ""


def _close_fractions(text: str) -> str:
    """`x/2` stays bare, but a fraction directly followed by a factor gets brackets:
    `\\frac{x}{2}(1 + …)` → `(x/2)(1 + …)`, never the ambiguous `x/2(1 + …)`."""
    return re.sub(FRACTION + r"([^" + FRACTION + r"]*)" + FRACTION + r"(?=[\w(√|∞α-ωΑ-Ω])",
                  r"(\1)", text).replace(FRACTION, "")


def _tidy(text: str) -> str:
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" ?→ ?", "→", text)
    text = re.sub(r"\( ", "(", text)
    return re.sub(r" ([),])", r"\1", text)


def _top_level(text: str, characters: str) -> bool:
    """Whether any of `characters` occurs outside brackets and |…| in `text`."""
    depth, bars = 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "|":
            bars ^= 1
        elif char in characters and depth == 0 and not bars:
            if char in BINARY and index == 0:
                continue  # a leading sign is part of the atom's value, handled by callers
            return True
    return False


def _atomic(text: str) -> bool:
    """A single name, number, call, |…| or power: needs no brackets next to / or √."""
    if text.startswith(("−", "+")):
        return False
    return not _top_level(text, BINARY + " =<>≤≥≠≈·×/,") and "/" not in _outside(text)


def _outside(text: str) -> str:
    depth, kept = 0, []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def fraction(numerator: str, denominator: str) -> str:
    """`(a + b)/c`: a numerator with a top-level + or − keeps brackets; a denominator
    keeps them unless it is one atom (`/2`, `/h`, `/(−t)`, `/(1 + e⁻ˣ)`)."""
    if _top_level(numerator, BINARY + " =<>≤≥≠≈") or numerator.startswith(("−", "+")) and \
            _top_level(numerator[1:], BINARY):
        numerator = f"({numerator})"
    if not _atomic(denominator) or " " in denominator.strip():
        denominator = f"({denominator})"
    return f"{numerator}/{denominator}"


def root(radicand: str) -> str:
    return f"√{radicand}" if _atomic(radicand) and " " not in radicand else f"√({radicand})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """One term in Unicode scripts (`⁻¹`, `⁻ˣ`); a sum is unreadable that small, so it
    and anything Unicode cannot raise or lower keeps brackets: `e^(−x+1)`."""
    compact = text.replace(" ", "")
    if not compact:
        return ""
    one_term = not _top_level(compact, BINARY + "=<>")
    if compact and one_term and all(char in table for char in compact):
        return "".join(table[char] for char in compact)
    if len(compact) == 1:
        return f"{mark}{compact}"
    return f"{mark}({compact})"


def superscript(text: str) -> str:
    """`⁻¹`, `⁻ˣ`, `²`; `^(−x + 1)` when a character has no Unicode superscript."""
    return _script(text, SUPERSCRIPTS, "^")


def subscript(text: str) -> str:
    return _script(text, SUBSCRIPTS, "_")


@lru_cache(maxsize=4096)
def latex_to_unicode(latex: str) -> str:
    """`\\frac{x+|x|}{2}` → `(x + |x|)/2`; `f'(x)=\\max(0,x)` → `f′(x) = max(0, x)`."""
    return _Parser(latex).sequence().strip()
