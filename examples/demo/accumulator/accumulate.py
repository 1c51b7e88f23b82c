#!/usr/bin/env python3
"""Accumulate a SHA-256 hash chain in memory and print every step.

Each step's value depends on every step before it, and a block of random data stays in memory
from the start to the end. A process restored from a checkpoint therefore shows that its memory
came through intact: the chain goes on where it stopped, and the data's digest at the end equals
the one printed at the start. The chain starts from the Job's completion index, so each index of
an Indexed Job computes a different chain.
"""
import argparse
import hashlib
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="number of steps")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between steps")
    parser.add_argument("--memory-mib", type=int, default=32, help="MiB of random data held in memory")
    args = parser.parse_args()

    index = os.environ.get("JOB_COMPLETION_INDEX", "0")
    data = bytearray(os.urandom(args.memory_mib << 20))
    data_digest = hashlib.sha256(data).hexdigest()
    print(f"index {index} holds {args.memory_mib} MiB with sha256 {data_digest}", flush=True)

    chain = hashlib.sha256(f"index {index}".encode()).digest()
    for step in range(1, args.steps + 1):
        chain = hashlib.sha256(chain + step.to_bytes(8, "big")).digest()
        print(f"step {step} {chain.hex()}", flush=True)
        time.sleep(args.interval)

    final_digest = hashlib.sha256(data).hexdigest()
    print(f"done after {args.steps} steps; memory sha256 {final_digest}", flush=True)
    return 0 if final_digest == data_digest else 1


if __name__ == "__main__":
    sys.exit(main())
