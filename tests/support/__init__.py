"""Helpers shared by the tests; test modules import from here, never from each other or from
``conftest.py`` (which keeps only pytest fixtures). ``tests/test_test_hygiene.py`` checks it.

- ``fixtures``: the recorded API answers in ``tests/fixtures/`` (:func:`load_fixture`, the
  fixture day and its papers) and :func:`serve_fixture` to answer with them from
  pytest-httpserver.
- ``cli``: :func:`hfpapers`, the CLI run as a real subprocess, and the store set-up CLI tests
  share (:func:`bookmark`, :func:`other_paper`).
- ``servers``: servers that misbehave on purpose (dripping bytes, gzip bombs, reset
  connections) and a month of listings too big to page.
- ``reader``: the reader app for Pilot tests (frozen clock, no retries, a recording opener) and
  :func:`settle`, which waits for it without sleeping.
- ``paper_text``: the same for the full-text reader screen.
- ``store_worker``: a child process writing to the store (``python -m tests.support.store_worker``).
- ``synthetic``: seeded papers in the real API shape at any size (tests and benchmarks).

Nothing is imported here, so importing one helper costs only what that helper needs.
"""
