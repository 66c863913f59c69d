"""Domain errors. Adapters translate driver errors into these; the API maps them to HTTP statuses."""


class DocarchiveError(Exception):
    """Base of every error the product reports to a user."""

    status_code = 400


class InvalidInput(DocarchiveError):
    """The user gave something we cannot accept (bad file, bad query, bad field)."""

    status_code = 422


class InvalidQuery(InvalidInput):
    """A search query we cannot parse; the message says what to fix, in one line."""

    status_code = 400


class UnsupportedFile(InvalidInput):
    """A file whose format we do not ingest, or that is damaged, encrypted or oversized."""

    status_code = 415


class NotFound(DocarchiveError):
    status_code = 404


class Conflict(DocarchiveError):
    """A uniqueness or concurrency rule was broken; nothing was written."""

    status_code = 409


class DuplicateDocument(Conflict):
    def __init__(self, existing_id: str, sha256: str):
        super().__init__(f"duplicate of document {existing_id} (sha256 {sha256[:12]}…)")
        self.existing_id = existing_id
        self.sha256 = sha256


class StaleVersion(Conflict):
    """Someone else changed the record since it was read (optimistic concurrency)."""


class BackendUnavailable(DocarchiveError):
    status_code = 503


class StorageFull(DocarchiveError):
    """A disk or quota ran out while writing: that write was undone, and what was stored before is unharmed."""

    status_code = 507


class QueueFull(BackendUnavailable):
    """More uploads wait than the workers should have queued: the client tries again later."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Unauthenticated(DocarchiveError):
    """No valid sign-in: a missing, wrong, expired or revoked token, or a failed password. The message never
    says which of a user name or password was wrong, nor whether an account exists."""

    status_code = 401


class Forbidden(DocarchiveError):
    """Signed in, but the role does not allow the action (reads of what a user may not see are NotFound)."""

    status_code = 403
