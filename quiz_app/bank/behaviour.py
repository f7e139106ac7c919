"""What bank records do beyond holding data, in one place for both of their forms.

A question comes either fresh from YAML as a pydantic model (quiz_app.bank.models) or from
the compiled cache as a plain record (quiz_app.bank.compiled) that never imports pydantic.
Both inherit these mixins, so `free_answer`, `topic_of` and `stated` have a single home.
"""

from __future__ import annotations

FREE_ANSWER_TYPES = ("numeric", "expression")

# The claim keys in the order of the format reference (Claims' field order; a test holds the
# two equal).
CLAIM_NAMES = (
    "continuous", "differentiable", "value", "left_limit", "right_limit", "left_derivative",
    "right_derivative", "derivative", "derivative_left_limit", "derivative_right_limit",
)


class QuestionBehaviour:
    @property
    def free_answer(self) -> bool:
        return self.type in FREE_ANSWER_TYPES  # type: ignore[attr-defined]


class BankBehaviour:
    def topic_of(self, question) -> str:
        return question.topic or self.topic or "general"  # type: ignore[attr-defined]


class ClaimsBehaviour:
    def stated(self) -> dict[str, object]:
        """Only the claims the author wrote, in the order of the format reference."""
        written = self.model_fields_set  # type: ignore[attr-defined]
        return {name: getattr(self, name) for name in CLAIM_NAMES if name in written}
