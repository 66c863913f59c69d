"""The hashes an original is recorded under: SHA-256 (its name in the blob store) and SM3 (GB/T 32905, the
national standard hash DA/T 70's authenticity check asks for), both over the plain bytes."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()
