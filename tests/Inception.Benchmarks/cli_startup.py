"""Wall time of whole `incept` invocations (process start, parse, compile, print), median of N runs.

Usage: python3 tests/Inception.Benchmarks/cli_startup.py REFERENCE/incept.dll CANDIDATE/incept.dll [N]
Both are measured in the same run, alternating, and reported with the candidate/reference ratio. Build
both with -c Release; run from the repository root (the commands read dsl/).
"""
import statistics
import subprocess
import sys
import time

COMMANDS = [
    ["check", "dsl/googlenet.incept"],
    ["stats", "dsl/inception_v3.incept", "--format", "json"],
    ["stats", "--formt", "x"],  # a usage error: parser cost alone
]


def median_seconds(dll, args, runs):
    times = []
    for i in range(runs + 2):
        start = time.perf_counter()
        subprocess.run(["dotnet", dll, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times[2:])  # the first two warm the disk cache


def main():
    reference, candidate = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    for args in COMMANDS:
        a = median_seconds(reference, args, runs)
        b = median_seconds(candidate, args, runs)
        print(f"{' '.join(args):45} reference {a * 1000:6.0f} ms  candidate {b * 1000:6.0f} ms  ratio {b / a:.2f}")


if __name__ == "__main__":
    main()
