"""Which bank code made a cache: a digest of `quiz_app/bank`'s source and the cache layout.

The compiled cache of parsed banks (quiz_app.bank.compiled) and Home's listing
(quiz_app.bank.listing) are both keyed on it, so editing the models or rules that judged a
bank expires both. It lives apart from compiled.py so that Home's first frame, which reads
only the listing, imports neither the dataclasses nor the seal.

>>> len(bank_source_hash())
16
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

COMPILED_FORMAT = 5  # bump when the layout of a compiled-cache entry changes
BANK_SOURCE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def bank_source_hash() -> str:
    """The models and rules that validated a cached bank: edit them and the caches expire."""
    digest = hashlib.sha256(str(COMPILED_FORMAT).encode())
    for path in sorted(BANK_SOURCE_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
