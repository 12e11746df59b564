"""`python -m tui` does what the `hfpapers` script does."""

from tui.cli import main

raise SystemExit(main())
