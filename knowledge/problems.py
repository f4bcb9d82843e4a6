"""What is wrong with some knowledge: every problem found, so an editor can fix them in one go."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    entry: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.entry:
            # contacts and regions carry their kind in `entry` already ("contact horten-x")
            owner = self.entry if " " in self.entry else f"entry {self.entry}"
            return f"{where}: {owner}: {self.message}"
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """Raised when knowledge cannot be served; `problems` lists all that was found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(problem) for problem in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the knowledge:\n{shown}{more}")
