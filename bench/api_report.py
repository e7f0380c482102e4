"""bench/api.py's report: the table of rates and each round's shares of the
bare view."""

from __future__ import annotations

import statistics


def print_table(results, query_counts, workers: int) -> None:
    print("SQL queries per request (uncached / cached):")
    for size, counts in query_counts.items():
        cells = [
            f"{label} {counts[(label, False)]}/{counts[(label, True)]}"
            for label in ("list, 10 items", "list, 20 items", "list, 50 items",
                          "detail", "collection", "bare view")
        ]  # fmt: skip
        print(f"  {size} articles: " + ", ".join(cells))
    print()
    print(f"gunicorn, {workers} sync workers, PostgreSQL; wrk on the same machine\n")
    print(f"{'articles':>8}  {'endpoint':<10} {'cache':<9} {'conns':>5} {'queries':>7} "
          f"{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}")  # fmt: skip
    for _round, size, label, cached, connections, queries, rps, p50, p99 in results:
        print(f"{size:>8}  {label:<10} {'cached' if cached else 'uncached':<9} "
              f"{connections:>5} {queries:>7} {rps:>8.0f} {p50:>7.2f} {p99:>7.2f}")  # fmt: skip
    print()
    print_ratios(results)


def print_ratios(results) -> None:
    """Each round's rates as shares of the bare view on the same server in
    the same round (8 connections), the uncached list's p50 at one, and the
    medians over the rounds."""
    print("share of the bare view at 8 connections, per round; uncached list p50 at 1")
    print(f"{'articles':>8} {'round':>5} {'list':>6} {'detail':>7} {'list':>6} "
          f"{'detail':>7} {'list p50':>9}")  # fmt: skip
    print(f"{'':>8} {'':>5} {'uncached':>14} {'cached':>14}")
    for size in sorted({r[1] for r in results}):
        rounds = sorted({r[0] for r in results if r[1] == size})
        shares = []
        for n in rounds:
            rate = {(r[2], r[3], r[4]): r[6] for r in results if r[:2] == (n, size)}
            p50 = next(r[7] for r in results
                       if r[:5] == (n, size, "list", False, 1))  # fmt: skip
            row = [rate[(label, cached, 8)] / rate[("bare view", cached, 8)]
                   for cached in (False, True) for label in ("list", "detail")]  # fmt: skip
            shares.append([*row, p50])
            print(f"{size:>8} {n + 1:>5} " + _cells(row, p50))
        medians = [statistics.median(column) for column in zip(*shares, strict=True)]
        print(f"{size:>8} {'med':>5} " + _cells(medians[:4], medians[4]))
    print_front_ratio(results)


def print_front_ratio(results) -> None:
    """A front of 20 stories against the article list (20 items), both
    uncached: how many times a list request's cost a front request takes
    (the rates' inverse ratio; issue 18 asks for at most 1.5)."""
    print("collection (20 stories) cost / uncached list cost, per round")
    for size in sorted({r[1] for r in results}):
        for connections in (1, 8):
            ratios = []
            for n in sorted({r[0] for r in results if r[1] == size}):
                rate = {r[2]: r[6] for r in results
                        if r[:2] == (n, size) and not r[3] and r[4] == connections}  # fmt: skip
                if "collection" in rate:
                    ratios.append(rate["list"] / rate["collection"])
            if ratios:
                print(f"{size:>8} {connections:>2} conns: "
                      + " ".join(f"{r:.2f}" for r in ratios))  # fmt: skip


def _cells(shares: list[float], p50: float) -> str:
    return (f"{shares[0]:>6.2f} {shares[1]:>7.2f} {shares[2]:>6.2f} {shares[3]:>7.2f} "
            f"{p50:>7.2f}ms")  # fmt: skip
