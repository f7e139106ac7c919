"""Export banks to what instructors already run: Moodle (GIFT, XML, STACK), Canvas and other
LMSs (QTI 1.2), Anki, Markdown.

This file names the formats only, so that the command line can offer them without loading
the exporters; `quiz_app.export.run` checks and exports, one module a format beside it.
"""

from __future__ import annotations

from typing import Literal, get_args

ExportFormat = Literal["gift", "moodle-xml", "qti", "anki", "markdown"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
