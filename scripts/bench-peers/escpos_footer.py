"""Peer for `make bench`: the seed loyalty footer through python-escpos.

Reads {"lines": [...], "columns": N, "iterations": K} on stdin, builds the same job as
kioskd (ESC @, a rule, the title bold and centred, the lines word-wrapped at N columns,
CP858 so that the euro sign prints, feed and partial cut) on a Dummy printer, K times,
and prints {"bytes": …, "p50_us": …, "p99_us": …, "hex": "…"} on stdout.
"""
import json
import sys
import textwrap
import time

from escpos.printer import Dummy


def encode(lines, columns):
    printer = Dummy(profile="TM-T88V")
    printer.hw("INIT")
    printer.charcode("CP858")
    printer.textln("-" * columns)
    printer.set(align="center", bold=True)
    printer.textln(lines[0])
    printer.set(align="left", bold=False)
    for line in lines[1:]:
        printer.textln(textwrap.fill(line, columns))
    printer.cut(mode="PART")
    return printer.output


def main():
    request = json.load(sys.stdin)
    lines, columns, iterations = request["lines"], request["columns"], request["iterations"]
    output = encode(lines, columns)
    for _ in range(min(200, iterations)):
        encode(lines, columns)
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        output = encode(lines, columns)
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    def percentile(p):
        return samples[min(len(samples) - 1, max(0, -(-len(samples) * p // 100) - 1))] / 1000
    json.dump({"bytes": len(output), "p50_us": percentile(50), "p99_us": percentile(99), "hex": output.hex()}, sys.stdout)


if __name__ == "__main__":
    main()
