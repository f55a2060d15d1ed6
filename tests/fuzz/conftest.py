"""Hypothesis profiles for the fuzz tests: bounded for `make test`, long for `make fuzz`.

`FUZZ_PROFILE=long` (what `make fuzz` sets) runs each test many more examples;
`FUZZ_EXAMPLES=N` sets the count of every test directly. The profiles are applied per test
(`@FUZZ` / `@FUZZ_SLOW`), not loaded globally, so the other property tests keep theirs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

BOUNDED = "fuzz-bounded"
LONG = "fuzz-long"

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    BOUNDED, max_examples=60, deadline=None, suppress_health_check=_QUIET, print_blob=True
)
settings.register_profile(
    LONG, max_examples=1000, deadline=None, suppress_health_check=_QUIET, print_blob=True
)


def _profile() -> settings:
    name = LONG if os.environ.get("FUZZ_PROFILE", "").lower() in ("long", LONG) else BOUNDED
    chosen = settings.get_profile(name)
    examples = os.environ.get("FUZZ_EXAMPLES", "").strip()
    if examples.isdigit() and int(examples) > 0:
        return settings(chosen, max_examples=int(examples))
    return chosen


FUZZ = _profile()
"""For the fast paths (parsing, validation, the desk): the profile's full count."""
FUZZ_SLOW = settings(FUZZ, max_examples=max(5, FUZZ.max_examples // 6))
"""For the typed conversation (a real agent turn per example): a sixth of the count."""
