"""What several test modules share and is not a fixture: builders, constants,
servers and recorders. Test modules import from here, never from each other
or from conftest.py (tests/test_suite_hygiene.py checks); fixtures live in
tests/conftest.py."""
