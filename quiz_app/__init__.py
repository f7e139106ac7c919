"""relu-quiz: learn the properties of ReLU in a terminal, with answer keys proved by sympy."""

__version__ = "0.1.0"
