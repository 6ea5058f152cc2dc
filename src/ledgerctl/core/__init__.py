"""Pure-Python kernel: money, errors, clock, ids. No I/O, imports nothing else of ours."""
