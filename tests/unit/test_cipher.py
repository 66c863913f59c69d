"""AES-GCM at rest (adapters/crypto/aesgcm.py) and the installation's data keys (adapters/keys.py)."""

from __future__ import annotations

import stat

import pytest

from docarchive.adapters.crypto.aesgcm import AesGcmCipher
from docarchive.adapters.keys import data_keys, parse_data_keys, retire_data_keys, start_rotation
from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain.errors import InvalidInput
from tests.sealing import KEYS, NEW_KEY, OLD_KEY, cipher_for_tests, sealer_for_tests


def test_a_ciphertext_decrypts_names_its_key_and_differs_each_time():
    cipher = cipher_for_tests()
    one, two = cipher.encrypt(b"110105199001011234"), cipher.encrypt(b"110105199001011234")
    assert one != two and b"110105199001011234" not in one
    assert cipher.decrypt(one) == b"110105199001011234" and cipher.key_id_of(one) == OLD_KEY


def test_an_altered_ciphertext_or_a_key_not_held_is_refused():
    cipher = cipher_for_tests()
    sealed = bytearray(cipher.encrypt(b"secret"))
    sealed[-1] ^= 1
    with pytest.raises(InvalidInput, match="authentication"):
        cipher.decrypt(bytes(sealed))
    with pytest.raises(InvalidInput, match="not held"):
        cipher.decrypt(cipher_for_tests(NEW_KEY).encrypt(b"secret"))


def test_after_rotation_old_ciphertexts_still_read_and_new_ones_use_the_new_key():
    old = cipher_for_tests().encrypt(b"x")
    both = AesGcmCipher(dict(KEYS), NEW_KEY)
    assert both.decrypt(old) == b"x" and both.key_id_of(both.encrypt(b"x")) == NEW_KEY
    assert both.key_ids == (NEW_KEY, OLD_KEY)


def test_sealed_text_holds_no_id_number_and_opens_back_exactly():
    sealer = sealer_for_tests()
    value = {"text": "号码 110105 19900101 1234 与 11010519491231002X", "n": ["110105199001011234"]}
    sealed = sealer.seal(value)
    assert "110105" not in str(sealed) and sealer.unseal(sealed) == value
    assert sealer.is_current(sealed) and not sealer.is_current(value)
    assert not sealer_for_tests(AesGcmCipher(dict(KEYS), NEW_KEY)).is_current(sealed)


def test_data_keys_are_made_on_first_start_owner_only_and_rotated(tmp_path):
    keys, current = data_keys(tmp_path)
    folder = tmp_path / "keys" / "data"
    assert list(keys) == [current] and len(keys[current]) == 32 and data_keys(tmp_path) == (keys, current)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    new = start_rotation(tmp_path)
    assert data_keys(tmp_path)[1] == new and set(data_keys(tmp_path)[0]) == {current, new}
    assert retire_data_keys(tmp_path, keep=new) == [current] and list(data_keys(tmp_path)[0]) == [new]


def test_given_data_keys_put_the_current_one_first_and_must_be_256_bits():
    keys, current = parse_data_keys([f"{NEW_KEY}:{'ab' * 32}", f"{OLD_KEY}:{'cd' * 32}"])
    assert current == NEW_KEY and set(keys) == {NEW_KEY, OLD_KEY}
    with pytest.raises(InvalidInput):
        AesGcmCipher(*parse_data_keys([f"{NEW_KEY}:abcd"]))


def test_a_mongodb_deployment_without_its_data_keys_starts_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCARCHIVE_DATA_KEYS", raising=False)
    with pytest.raises(InvalidInput, match="DOCARCHIVE_DATA_KEYS"):
        bootstrap(Settings(home=tmp_path, mongo_url="mongodb://127.0.0.1:1/", es_url=None))


def test_each_embedded_installation_encrypts_with_its_own_key(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCARCHIVE_DATA_KEYS", raising=False)
    one = bootstrap(Settings(home=tmp_path / "a", es_url=None, mongo_url=None))
    two = bootstrap(Settings(home=tmp_path / "b", es_url=None, mongo_url=None))
    try:
        with pytest.raises(InvalidInput):
            two.cipher.decrypt(one.cipher.encrypt(b"x"))
    finally:
        one.close(), two.close()


def test_the_placeholder_hash_key_from_the_example_env_file_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="placeholder"):
        bootstrap(Settings(home=tmp_path, id_hash_key="change-me-to-a-long-random-secret", es_url=None,
                           mongo_url=None))
