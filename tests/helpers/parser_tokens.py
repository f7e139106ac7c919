"""Pieces of expressions, valid and hostile, that the parser property tests join at random."""

TOKENS = ["x", "(", ")", ",", "+", "-", "*", "/", "**", "Max", "abs", "0.5", "1", "<",
          "True", "Piecewise", "__", ".", "[", "]", "lambda", ":", "'", "alpha", " ", "9",
          "e", "Heaviside", "sqrt", "==", "oo", "pi", "y", "exp", "**9", "1e5", "j"]
