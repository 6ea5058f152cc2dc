"""A local ZIMRA FDMS for development, tests, demos and benchmarks.

It serves the v7.2 endpoints over HTTPS with client-certificate authentication, runs its own
CA (device certificates from CSRs), keeps devices, fiscal days and receipts in a SQLite file,
validates receipts with the RCPT codes and colours, closes days asynchronously with counter
and signature checks, signs receipts and days with its own RSA-2048 key, answers
resubmissions idempotently, and injects faults on request (``faults``).

    sim = Simulator(state_dir, devices=(DeviceSpec(321, "ABCD1234", "SN-001"),))
    with SimulatorServer(sim) as server:      # a thread on a free loopback port
        ... server.url, sim.authority.ca_path ...
"""

from ledgerctl.fdms.simulator.engine import DeviceSpec, Simulator
from ledgerctl.fdms.simulator.server import SimulatorServer

__all__ = ["DeviceSpec", "Simulator", "SimulatorServer"]
