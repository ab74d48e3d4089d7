"""Hashes without :mod:`hashlib`, whose import loads OpenSSL's ``libcrypto`` (~4 ms of
the reader's start, more than hashing everything a start reads).

:func:`sha256` is CPython's own SHA-256 (``_sha2`` from Python 3.12, ``_sha256``
before): the same digests as ``hashlib.sha256``. :func:`blake2b_256` is BLAKE2b with
a 32-byte digest from CPython's ``_blake2`` (what ``hashlib.blake2b`` is): as strong,
and cheaper per byte than SHA-256 without the CPU's SHA instructions. Each falls back
to hashlib on a Python built without its own hashes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _hashlib import HASH

__all__ = ["blake2b_256", "sha256"]


def _own_sha256() -> Callable[[bytes], HASH]:
    for name in ("_sha2", "_sha256"):
        try:
            made: Callable[[bytes], HASH] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return made
    import hashlib  # pragma: no cover - a Python built without its own hashes

    return hashlib.sha256  # pragma: no cover


_sha256 = _own_sha256()

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _blake2b


def sha256(data: bytes = b"") -> HASH:
    """A SHA-256 hash object (``update``, ``hexdigest``), as ``hashlib.sha256(data)``."""
    return _sha256(data)


def blake2b_256(data: bytes = b"") -> _blake2b:
    """A BLAKE2b hash object with a 32-byte digest, as ``hashlib.blake2b(data,
    digest_size=32)``."""
    return _blake2b(data, digest_size=32)
