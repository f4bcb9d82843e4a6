"""Run every benchmark and print one table: benchmark, metric, value, target."""

from __future__ import annotations

import importlib
import sys
import time

MODULES = (
    "benchmarks.search", "benchmarks.semantic", "benchmarks.core", "benchmarks.telegram", "benchmarks.webchat",
    "benchmarks.offers", "benchmarks.groups", "benchmarks.teams", "benchmarks.briefing",
)  # fmt: skip


def main(argv: list[str]) -> int:
    wanted = [m for m in MODULES if not argv or any(a in m for a in argv)]
    rows: list[dict[str, object]] = []
    for name in wanted:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.run())
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print_table(rows)
    return 0


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def print_table(rows: list[dict[str, object]]) -> None:
    columns = ("benchmark", "metric", "value", "target")
    cells = [[_fmt(row.get(c, "")) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print(" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for r in cells:
        print(" | ".join(v.ljust(w) if i != 2 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
