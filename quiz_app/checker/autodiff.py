"""What PyTorch, JAX and TensorFlow return at a point, found by running them.

`run_calls` hands parsed calls (quiz_app.bank.autodiff_calls) to a child process of one
framework (quiz_app.checker.autodiff_child), bounded in time and memory, and keeps what it
returned in the proof cache under the framework's version. A framework that is not installed
is never imported or waited for: its results say so, with the command that installs it.
`judge` then compares an `autodiff` claim with what was returned, at float32 precision:
the framework's float32 must lie within two float32 steps of the claimed exact value (a
claimed 0 must be 0), so 1/2 matches 0.5 and scale·alpha matches SELU's gradient whatever
order the framework multiplied them in, while 0.01 and 0.2 stay apart.

>>> within_float32(0.5, 0.5), within_float32(1.0 - 2.0**-24, 1.0)
(True, True)
>>> within_float32(0.009999999776482582, 0.01), within_float32(0.2, 0.01)
(True, False)
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from quiz_app.bank.autodiff_calls import Call, parse_call
from quiz_app.bank.autodiff_table import DISTRIBUTIONS, INSTALL, MODULE, Framework
from quiz_app.bank.data import AutodiffClaim
from quiz_app.checker.cache import ResultCache, cache_key
from quiz_app.checker.limits import limit_memory

TIME_LIMIT = 180.0  # seconds for one framework's child: importing TensorFlow alone takes ~10
MEMORY_LIMIT = 8 * 1024**3  # address space: XLA and TensorFlow reserve far more than they use
CHILD_MODULE = "quiz_app.checker.autodiff_child"
FLOAT32_STEP = 2.0**-23  # the spacing of float32 numbers in [1, 2)


@cache
def installed_version(framework: Framework) -> str | None:
    """The framework's version if it can be imported here, else None; imports nothing.

    Asked once per process (a framework installed meanwhile is seen on the next start), and
    read from the name of its .dist-info folder beside the package: importlib.metadata
    parses every METADATA file it is asked about, which cost a warm `check` 0.16 s."""
    try:
        spec = find_spec(MODULE[framework])
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    for folder in spec.submodule_search_locations or []:
        found = _dist_info_version(Path(folder).parent, DISTRIBUTIONS[framework])
        if found:
            return found
    from importlib.metadata import PackageNotFoundError, version

    for distribution in DISTRIBUTIONS[framework]:
        try:
            return version(distribution)
        except PackageNotFoundError:
            continue
    return "unknown"


def _dist_info_version(site: Path, distributions: tuple[str, ...]) -> str | None:
    """The version in `site`'s NAME-VERSION.dist-info folder of one of `distributions`."""
    try:
        entries = os.listdir(site)
    except OSError:
        return None
    for distribution in distributions:
        prefix = distribution.replace("-", "_").lower() + "-"
        for entry in entries:
            if entry.endswith(".dist-info") and entry.lower().startswith(prefix):
                return entry[len(prefix):-len(".dist-info")]
    return None


@dataclass(frozen=True)
class Returned:
    """What one call returned at one point: numbers, or why there are none."""

    framework: Framework
    version: str | None  # None: not installed
    value: float | None = None
    gradient: float | None = None
    error: str | None = None  # the framework raised this
    missing: str | None = None  # why nothing ran (not installed, time limit, crash)

    def to_json(self) -> dict:
        return {"framework": self.framework, "version": self.version,
                "value": _text(self.value), "gradient": _text(self.gradient),
                "error": self.error, "missing": self.missing}

    @classmethod
    def from_json(cls, framework: Framework, data: dict) -> Returned:
        """What `to_json` wrote (in the proof cache, or a worker's reply)."""
        return cls(framework, data.get("version"), _float(data.get("value")),
                   _float(data.get("gradient")), data.get("error"), data.get("missing"))


def _text(number: float | None) -> float | str | None:
    return number if number is None or math.isfinite(number) else repr(number)


def _float(number: object) -> float | None:
    if isinstance(number, (int, float)):
        return float(number)
    if number in ("nan", "inf", "-inf"):
        return float(str(number))
    return None


def run_calls(framework: Framework, requests: list[tuple[Call, float]],
              cache: ResultCache | None = None,
              time_limit: float = TIME_LIMIT) -> list[Returned]:
    """What `framework` returns for each (call, point); one child process for all misses."""
    installed = installed_version(framework)
    if installed is None:
        reason = f"{framework} is not installed ({INSTALL[framework]})"
        return [Returned(framework, None, missing=reason) for _ in requests]
    keys = [cache_key("autodiff-run", framework, installed, call.text(), repr(point))
            for call, point in requests]
    found: list[Returned | None] = []
    for key in keys:
        stored = cache.get(key) if cache is not None else None
        found.append(None if stored is None else Returned.from_json(framework, stored))
    todo = [index for index, result in enumerate(found) if result is None]
    if todo:
        fresh = _run_child(framework, [requests[index] for index in todo], time_limit)
        for index, result in zip(todo, fresh):
            found[index] = result
            if cache is not None and result.missing is None:
                cache.put(keys[index], result.to_json())
    return [result for result in found if result is not None]


def _run_child(framework: Framework, requests: list[tuple[Call, float]],
               time_limit: float) -> list[Returned]:
    payload = json.dumps([{"call": call.to_json(), "point": repr(point)}
                          for call, point in requests])
    root = str(Path(__file__).resolve().parents[2])  # where quiz_app can be imported from
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root, *filter(None, [os.environ.get("PYTHONPATH")])]),
        JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")

    def failed(reason: str) -> list[Returned]:
        return [Returned(framework, None, missing=reason) for _ in requests]

    try:
        done = subprocess.run(
            [sys.executable, "-m", CHILD_MODULE, framework], input=payload, text=True,
            capture_output=True, timeout=time_limit, env=env,
            preexec_fn=lambda: limit_memory(MEMORY_LIMIT))
    except subprocess.TimeoutExpired:
        return failed(f"{framework} did not answer within {time_limit:g} s")
    except OSError as exc:
        return failed(f"{framework} could not be started: {exc}")
    try:
        answer = json.loads(done.stdout)
        results = answer["results"]
        assert len(results) == len(requests)
    except (ValueError, KeyError, TypeError, AssertionError):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return failed(f"{framework} stopped (exit {done.returncode}): {last}")
    got = str(answer.get("version", "unknown"))
    return [Returned(framework, got, _float(item.get("value")), _float(item.get("gradient")),
                     item.get("error")) for item in results]


def within_float32(returned: float, claimed: float) -> bool:
    """True when `returned` is the claimed number at float32 precision (two steps)."""
    if math.isnan(claimed) or math.isnan(returned):
        return math.isnan(claimed) and math.isnan(returned)
    if math.isinf(claimed) or math.isinf(returned):
        return claimed == returned
    if claimed == 0:
        return returned == 0
    exponent = math.floor(math.log2(abs(claimed)))
    return abs(returned - claimed) <= 2 * FLOAT32_STEP * 2.0**exponent


def _number(text: str) -> float | str:
    """The claimed exact value as a float (nan for "nan"), or why it is not a number."""
    if text.strip().lower() == "nan":
        return math.nan
    from quiz_app.checker.expr import ExpressionError, parse_expression

    try:
        expression = parse_expression(text)
        if expression.free_symbols:
            return "it is not a number"
        number = complex(expression.evalf(30))
    except ExpressionError as exc:
        return str(exc)
    except (TypeError, ValueError):
        return "it is not a number"
    return number.real if number.imag == 0 else "it is not real"


def point_value(text: str) -> float | None:
    """The point as the nearest double (the child rounds it to float32), or None."""
    number = _number(text)
    return number if isinstance(number, float) and math.isfinite(number) else None


def judge(claim: AutodiffClaim, call: Call, point: str, returned: Returned
          ) -> tuple[bool | None, str]:
    """Whether the claim holds for what the framework returned, and what it returned."""
    who = f"{claim.framework} {returned.version}"
    where = f"{call.text()} at {point}"
    if returned.missing:
        return None, f"autodiff: {returned.missing}"
    if returned.error is not None:
        said = f"autodiff: {who} raises for {where}: {returned.error}"
        return claim.raises is True, said
    if claim.raises:
        return False, f"autodiff: {who} does not raise for {where}"
    results = []
    for name, claimed in (("value", claim.value), ("gradient", claim.gradient)):
        if claimed is None:
            continue
        got = returned.value if name == "value" else returned.gradient
        expected = _number(claimed)
        if isinstance(expected, str) or got is None:
            return None, f"autodiff: {name} '{claimed}': {expected}"
        holds = within_float32(got, expected)
        results.append((holds, f"{name} {got:.9g}" + ("" if holds else f", not {claimed}")))
    holds = all(ok for ok, _ in results)
    return holds, f"autodiff: {who} gives {where}: " + "; ".join(text for _, text in results)


def claim_outcomes(claims: list[tuple[AutodiffClaim, str]], cache: ResultCache | None,
                   time_limit: float = TIME_LIMIT) -> list[tuple[bool | None, str]]:
    """Judge each (claim, point): cached under the framework's version, else run it."""
    outcomes: list[tuple[bool | None, str] | None] = [None] * len(claims)
    pending: dict[Framework, list[tuple[int, Call, float]]] = {}
    keys = {}
    for index, (claim, point) in enumerate(claims):
        call = parse_call(claim.framework, claim.call)
        installed = installed_version(claim.framework)
        keys[index] = cache_key("autodiff-claim", claim.framework, installed, call.text(),
                                point, claim.value, claim.gradient, claim.raises)
        stored = cache.get(keys[index]) if cache is not None and installed else None
        if stored is not None:
            outcomes[index] = (stored.get("holds"), str(stored.get("explanation")))
            continue
        number = point_value(point)
        if number is None:
            outcomes[index] = (None, f"autodiff: the point {point} is not a real number")
            continue
        pending.setdefault(claim.framework, []).append((index, call, number))
    for framework, items in pending.items():
        returned = run_calls(framework, [(call, number) for _, call, number in items], cache,
                             time_limit)
        for (index, call, _), result in zip(items, returned):
            outcome = judge(claims[index][0], call, claims[index][1], result)
            outcomes[index] = outcome
            if cache is not None and outcome[0] is not None:
                cache.put(keys[index], {"holds": outcome[0], "explanation": outcome[1]})
    return [outcome or (None, "autodiff: not run") for outcome in outcomes]
