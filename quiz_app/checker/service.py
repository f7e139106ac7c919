"""One analysis under a hard time limit, for `relu-quiz analyze` and the app's workers."""

from __future__ import annotations

from collections.abc import Sequence

from quiz_app.checker.facts import FACT_NAMES, VERDICT_NAMES, Analysis, Fact, Verdict

TIME_LIMIT_REASON = "time limit"


def _analysis_cache():
    from quiz_app.bank.discovery import cache_dir
    from quiz_app.checker.cache import ResultCache

    return ResultCache(cache_dir() / "proofs")


def analysis_cache_key(expression: str, point: str, variable: str, params: Sequence[str]) -> str:
    """The same key `check` stores analyses under, so its work is reused by the app."""
    from quiz_app.checker.cache import cache_key

    return cache_key("analysis", expression, point, variable, tuple(params))


def cached_analysis(expression: str, point: str = "0", variable: str = "x",
                    params: Sequence[str] = ()) -> Analysis | None:
    """An analysis `check` (or an earlier run) already computed; never imports sympy."""
    data = _analysis_cache().get(analysis_cache_key(expression, point, variable, params))
    return Analysis.from_dict(data) if data else None


def analyze_in_subprocess(expression: str, point: str = "0", variable: str = "x",
                          params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """The same analysis from a child interpreter, for callers such as the TUI whose own
    stdio is taken over (multiprocessing cannot start its helpers from inside Textual)."""
    import json
    import subprocess
    import sys

    command = [sys.executable, "-m", "quiz_app.checker.service", expression, point, variable,
               str(timeout), *params]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout + 15, check=False)
        return Analysis.from_dict(json.loads(done.stdout))
    except subprocess.TimeoutExpired:
        reason = f"{TIME_LIMIT_REASON} ({timeout:g} s)"
    except (ValueError, KeyError, OSError) as exc:
        reason = f"the analysis process failed ({type(exc).__name__})"
    return undecided_analysis(expression, point, variable, params, reason)


def analysis_for_display(expression: str, point: str = "0", variable: str = "x",
                         params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """Cached if possible, else computed in a child process and cached when decided."""
    found = cached_analysis(expression, point, variable, params)
    if found is not None:
        return found
    analysis = analyze_in_subprocess(expression, point, variable, params, timeout)
    if not analysis.error and not any(TIME_LIMIT_REASON in v.reason
                                      for v in analysis.verdicts.values()):
        _analysis_cache().put(analysis_cache_key(expression, point, variable, params),
                              analysis.to_dict())
    return analysis


def analyze_with_time_limit(expression: str, point: str = "0", variable: str = "x",
                            params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """Run the analysis in a worker process that is killed when `timeout` runs out."""
    from quiz_app.checker.pool import run_tasks

    task = {"expression": expression, "point": point, "variable": variable,
            "params": list(params), "claims": []}
    [result] = run_tasks([task], timeout, jobs=1)
    if result.get("crashed") or result.get("timeout"):
        reason = result.get("reason", f"{TIME_LIMIT_REASON} ({timeout:g} s)")
        return undecided_analysis(expression, point, variable, params, reason)
    return Analysis.from_dict(result["analysis"])


def undecided_analysis(expression, point, variable, params, reason: str) -> Analysis:
    return Analysis(
        expression, variable, point, tuple(params),
        facts={name: Fact("undecided", reason=reason) for name in FACT_NAMES},
        verdicts={name: Verdict(None, reason) for name in VERDICT_NAMES},
    )


def format_table(analysis: Analysis) -> str:
    """The facts as an aligned plain-text table: no colour, readable in any terminal."""
    a = analysis.point
    v = analysis.variable
    rows = [
        (f"f({a})", analysis.fact("value")),
        (f"lim {v}→{a}⁻ f", analysis.fact("left_limit")),
        (f"lim {v}→{a}⁺ f", analysis.fact("right_limit")),
        ("left derivative", analysis.fact("left_derivative")),
        ("right derivative", analysis.fact("right_derivative")),
        (f"lim {v}→{a}⁻ f′", analysis.fact("derivative_left_limit")),
        (f"lim {v}→{a}⁺ f′", analysis.fact("derivative_right_limit")),
        ("continuous", analysis.verdict("continuous")),
        ("differentiable", analysis.verdict("differentiable")),
        (f"f′({a})", analysis.fact("derivative")),
    ]
    lines = [f"f({v}) = {analysis.expression}   at {v} = {a}", ""]
    width = max(len(label) for label, _ in rows)
    for label, item in rows:
        shown = item.display()
        reason = f"   ({item.reason})" if item.reason and item.reason != shown else ""
        lines.append(f"  {label:<{width}}  {shown}{reason}")
    lines.extend(f"  note: {note}" for note in analysis.notes)
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    expression, point, variable, seconds, *names = sys.argv[1:]
    result = analyze_with_time_limit(expression, point, variable, names, float(seconds))
    print(json.dumps(result.to_dict()))
