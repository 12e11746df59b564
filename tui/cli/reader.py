"""Launching the reader from the command line (placeholder until the reader lands)."""

from __future__ import annotations

import argparse


def launch_reader(args: argparse.Namespace) -> int:
    print("hfpapers: the reader is not built yet; try 'hfpapers list'")
    return 0
