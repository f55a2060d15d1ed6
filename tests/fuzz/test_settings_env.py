"""Hostile settings: valid settings or one clear ConfigError line naming the variable.

Every field of the agent's, the kiosk's and the store service's settings gets arbitrary
environment values (and `.env` files of arbitrary bytes) through `load_settings`, the loader
every entry point uses; the commands themselves answer a `.env` that is not UTF-8 with one
line and exit code 2, not a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_settings import BaseSettings

from agent.core.config import CONFIG_EXIT_CODE, load_settings
from agent.core.errors import ConfigError
from agent.core.settings import AgentSettings
from kiosk.settings import KioskSettings
from store.settings import StoreSettings
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import INJECTIONS, UNICODE

CLASSES: tuple[type[BaseSettings], ...] = (AgentSettings, KioskSettings, StoreSettings)
NAMES = sorted({name.upper() for cls in CLASSES for name in cls.model_fields})
PREFIX = "invalid configuration: "

ENV_TEXT = st.text(
    # what an environment can hold: no NUL, and undecodable bytes as lone low surrogates
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"])
    | st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
    max_size=80,
)
ENV_VALUES = st.one_of(
    ENV_TEXT,
    st.sampled_from(
        (
            "", " ", "-1", "0", "1e999", "9" * 5000, "nan", "inf", "-inf", "true", "null",
            "None", "[]", "{}", '{"a": 1}', "${HOME}", "$(rm -rf /)", "65536", "0x10",
            "ws://", "https://", "$argon2", "A" * 10_000, "\t", "a\nb",
            *INJECTIONS, *(u for u in UNICODE if "\x00" not in u),
        )
    ),
)  # fmt: skip


def check_load(cls: type[BaseSettings], variables: dict[str, str]) -> None:
    try:
        load_settings(cls)
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith(PREFIX), message[:200]
        assert "\n" not in message and "Traceback" not in message
        named = [name for name in variables if name in message]
        crossing = ("go together", "must be more than", "needs STAFF_PIN_HASH")
        assert named or any(words in message for words in crossing), message[:300]


def test_any_environment_gives_settings_or_one_line_naming_the_variable() -> None:
    @FUZZ
    @given(
        cls=st.sampled_from(CLASSES),
        variables=st.dictionaries(st.sampled_from(NAMES), ENV_VALUES, min_size=1, max_size=4),
    )
    def check(cls: type[BaseSettings], variables: dict[str, str]) -> None:
        with mock.patch.dict(os.environ, variables):
            check_load(cls, variables)

    check()


def test_any_env_file_gives_settings_or_one_clear_line(tmp_path: Path) -> None:
    lines = st.one_of(
        st.tuples(st.sampled_from(NAMES), ENV_VALUES).map(lambda pair: f"{pair[0]}={pair[1]}"),
        st.text(max_size=40),
    )
    contents = st.one_of(
        st.lists(lines, max_size=5).map(lambda found: "\n".join(found).encode("utf-8", "replace")),
        st.binary(max_size=200),
        st.sampled_from([b"AGENT_NAME=caf\xe9\n", b"\xff\xfe\x00A", b"KIOSK_ID='unterminated"]),
    )
    env_file = tmp_path / ".env"  # the working directory (tests/conftest.py: isolated_settings)
    assert Path.cwd() == tmp_path

    @FUZZ
    @given(cls=st.sampled_from(CLASSES), content=contents)
    def check(cls: type[BaseSettings], content: bytes) -> None:
        env_file.write_bytes(content)
        try:
            load_settings(cls)
        except ConfigError as exc:
            message = str(exc)
            assert message.startswith(PREFIX) and "\n" not in message, message[:200]

    check()


@pytest.mark.parametrize(
    ("command", "args"),
    # kiosk-agent reads its settings the same way but takes ~15 s to import on this machine
    [("kiosk-sim", ()), ("kiosk-store", ("serve",))],
)
def test_a_env_file_that_is_not_utf8_is_one_line_and_exit_2(
    command: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    """Found here: a `.env` saved in Latin-1 ("café") crashed every command with a
    UnicodeDecodeError traceback before any setting was read."""
    (tmp_path / ".env").write_bytes(b"AGENT_NAME=kiosk-agent\nKIOSK_ID=caf\xe9\n")
    result = subprocess.run(
        [str(Path(sys.executable).parent / command), *args],
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == CONFIG_EXIT_CODE, result.stderr[-2000:]
    [line] = result.stderr.strip().splitlines()
    assert line == "error: invalid configuration: .env is not UTF-8 text; save it as UTF-8"
