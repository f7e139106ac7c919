"""The maths: a safe expression parser, the one-sided analysis, answer-key proofs."""
