"""Signing in costs one password-hash check whether or not the user exists, so response time
does not reveal which user names are taken."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from align.store import users
from align.store.users import add_user, authenticate


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hash every ``check_password_hash`` call in ``align.store.users`` was given, in order."""
    seen: list[str] = []
    real = users.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        seen.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    return seen


@pytest.mark.parametrize(
    ("name", "password", "signs_in"),
    [
        ("ann", "correct horse", True),
        ("ann", "wrong horse", False),
        ("bob", "correct horse", False),
        ("", "correct horse", False),
    ],
    ids=["right-password", "wrong-password", "unknown-user", "empty-name"],
)
def test_every_sign_in_runs_exactly_one_hash_check(
    factory: sessionmaker[Session], checks: list[str], name: str, password: str, signs_in: bool
) -> None:
    ann = add_user(factory, "ann", "correct horse")
    assert (authenticate(factory, name, password) == ann) is signs_in
    assert len(checks) == 1


def test_an_unknown_user_is_checked_against_a_hash_of_the_same_method_and_cost(
    factory: sessionmaker[Session], checks: list[str]
) -> None:
    add_user(factory, "ann", "correct horse")
    authenticate(factory, "ann", "wrong horse")
    authenticate(factory, "bob", "wrong horse")
    stored, dummy = checks
    assert dummy != stored
    # "scrypt:32768:8:1$salt$hash": the part before the first "$" sets the work done
    assert dummy.split("$")[0] == stored.split("$")[0]


def test_the_dummy_hash_is_made_on_the_first_sign_in_even_of_a_known_user(
    factory: sessionmaker[Session],
) -> None:
    add_user(factory, "ann", "correct horse")
    users._dummy_hash.cache_clear()
    authenticate(factory, "ann", "correct horse")
    assert users._dummy_hash.cache_info().currsize == 1
