"""Content-addressed storage of original files: the key is the SHA-256 of the bytes."""

from __future__ import annotations

from typing import Iterator, Protocol


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store bytes atomically and durably; return their SHA-256 hex. Storing the same bytes twice is a no-op."""
        ...

    def get(self, sha256: str) -> bytes:
        """Return the bytes; raise NotFound if absent, Conflict if they no longer match their hash."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def delete(self, sha256: str) -> None:
        """Remove a blob (used only to sweep blobs no record refers to)."""
        ...

    def keys(self) -> Iterator[str]: ...

    def modified_at(self, sha256: str) -> float:
        """When the blob was written (epoch seconds): young unreferenced blobs may be about to be committed."""
        ...

    def remove_stale_temp_files(self, older_than_seconds: float) -> int:
        """Remove partial writes a killed writer left behind; return how many."""
        ...

    def close(self) -> None: ...

    def local_path(self, sha256: str) -> str | None:
        """A filesystem path to the bytes when the store has one (lets worker processes read without copying)."""
        ...

    def is_current(self, sha256: str) -> bool:
        """Whether the blob is stored as a put would store it now (encrypted with the current data key)."""
        ...

    def stored_bytes(self, sha256: str) -> bytes:
        """The bytes as stored (encrypted): what a backup copies, without needing the keys."""
        ...

    def put_stored(self, sha256: str, stored: bytes) -> None:
        """Put back bytes `stored_bytes` gave (a restore); raise Conflict if they do not open to `sha256`."""
        ...

    def unexpected_entries(self) -> Iterator[str]:
        """Whatever the store holds that is not a stored original or a write in progress (the safety check)."""
        ...

    def reseal(self, sha256: str) -> bool:
        """Store the blob again encrypted with the current data key if it is not (plain, or an older key);
        True if it was rewritten. Used by `docarchive keys rotate`."""
        ...


class PageImageCache(Protocol):
    """Page images made from originals, kept so a page is rendered once per size; bounded, so any entry may be
    gone at the next read."""

    def get(self, sha256: str, n: int, width: int | None) -> bytes | None: ...

    def put(self, sha256: str, n: int, width: int | None, data: bytes) -> None:
        """Keep an image; failing to keep it (a full disk) is not an error: it is made again when asked for."""
        ...
