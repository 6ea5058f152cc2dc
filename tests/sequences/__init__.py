"""Tests of gapless document numbering (the `sequences` package)."""
