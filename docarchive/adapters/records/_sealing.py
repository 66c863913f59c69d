"""Personal data sealed in the record stores: ID numbers are encrypted wherever a record, customer, change or
activity is stored, and looked up by keyed hash where a store must find them.

Both backends store the codec's JSON shape; sealing walks it and replaces every ID number inside any string
(a field, a profile value, a page's OCR text and lines, a change's before and after) by a token that carries
its ciphertext, so domain objects stay plain in memory and no stored text holds a number in plain. Where a
store looks a number up (a customer by ID number, records whose evidence names one) it keeps the keyed hash
instead, which finds the same rows and cannot be read back.
"""

from __future__ import annotations

import base64
import re
from typing import Any, Callable

from docarchive.domain.personal_data import ID_IN_TEXT, contains_id_number
from docarchive.ports.crypto import FieldCipher

_OPEN, _CLOSE = "⟦pii:", "⟧"  # never in OCR text or a value people type; a token stands alone in any text
_TOKEN = re.compile(r"⟦pii:([A-Za-z0-9_-]+={0,2})⟧")
_ID_KEY = "id:"  # evidence keys naming an ID number (domain.linking.customer_keys)
_HIDDEN_ID_KEY = "idh:"


class PersonalDataSealer:
    def __init__(self, cipher: FieldCipher, hash_id_number: Callable[[str], str]):
        self.cipher = cipher
        self._hash = hash_id_number

    def seal(self, value: Any) -> Any:
        """A JSON-shaped value with every ID number inside its strings encrypted."""
        return _walk(value, self.seal_text)

    def unseal(self, value: Any) -> Any:
        return _walk(value, self.unseal_text)

    def seal_text(self, text: str) -> str:
        if not contains_id_number(text):
            return text
        return ID_IN_TEXT.sub(lambda match: self._token(match.group()), text)

    def unseal_text(self, text: str) -> str:
        """Also a whole stored JSON text at once: tokens and the numbers they hold need no escaping in JSON, so
        opening them before parsing is one pass over the text instead of a walk over every value."""
        if _OPEN not in text:
            return text
        return _TOKEN.sub(lambda match: self.cipher.decrypt(_decode(match.group(1))).decode(), text)

    def lookup_key(self, id_number: str | None) -> str | None:
        """What a store keeps to find a customer by ID number: the keyed hash, never the number."""
        return self._hash(id_number) if id_number else None

    def hide_keys(self, keys: list[str]) -> list[str]:
        """Linking keys as stored: `id:<number>` becomes `idh:<keyed hash>`; names and numbers stay."""
        return [_HIDDEN_ID_KEY + self._hash(key[len(_ID_KEY):]) if key.startswith(_ID_KEY) else key for key in keys]

    def is_current(self, value: Any) -> bool:
        """True when nothing in the stored value is in plain or under a key other than the current one."""
        stale: list[bool] = []
        _walk(value, lambda text: stale.append(self._stale(text)) or text)
        return not any(stale)

    def _stale(self, text: str) -> bool:
        if contains_id_number(text):
            return True
        current = self.cipher.current_key_id
        return _OPEN in text and any(self.cipher.key_id_of(_decode(token)) != current for token in _TOKEN.findall(text))

    def _token(self, plain: str) -> str:
        return _OPEN + base64.urlsafe_b64encode(self.cipher.encrypt(plain.encode())).decode() + _CLOSE


def _decode(token: str) -> bytes:
    return base64.urlsafe_b64decode(token)


def _walk(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _walk(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, change) for item in value]
    if isinstance(value, tuple):
        return tuple(_walk(item, change) for item in value)
    return value


class Unsealed:
    """For a store built without a sealer (tests, benchmarks, tools reading an old store): values as they are.
    bootstrap never builds one: every store it makes seals."""

    cipher = None

    def seal(self, value: Any) -> Any:
        return value

    unseal = seal_text = unseal_text = seal

    def lookup_key(self, id_number: str | None) -> str | None:
        return id_number

    def hide_keys(self, keys: list[str]) -> list[str]:
        return keys

    def is_current(self, value: Any) -> bool:
        return True


Sealing = PersonalDataSealer | Unsealed
