"""Fusing the lexical and the semantic evidence into one calibrated score per entry.

For each candidate entry (the lexical engine's best few and the semantic stage's best few, all
servable to the user) eleven features are computed (among them the share of the message's
informative words the entry explains by its own words, and the share only the concept lexicon
explains: the lexicon was written for the bundled base and carries over less to another; and by
how much an entry the user may not be shown, another region's or an expired one, fits the message
better semantically: a question about what only another region offers is not one for the
nearest entry of one's own; whether the entry is written in the message's language at all: asked
in English, an entry written only in Swedish shares no words with the question and the missing
lexical evidence says nothing; and the message's length: the word-share features are lower for a
long message, whatever it asks); a
logistic regression turns them into the probability that the entry is the one the message asks
for. The coefficients and the answer / suggest thresholds below were fitted on the tuning sets
only (tests/data/questions.jsonl, tests/data/offtopic.jsonl, the transfer set tests/data/transfer/
and the held-out sets already evaluated and reported, `fusion_fit.RETIRED`) by
`python -m knowledge.fusion_fit` (see `fit` and `choose_thresholds`);
tests/knowledge/test_semantic.py re-derives them from the saved samples (`fusion_fit.SAVED`, written
by `--save`) and checks that those are still what the engine computes.

The semantic score of an entry is the mean of its best cosine (over its titles, example questions
and answer windows) and its centroid's cosine (the mean of its title and example-question vectors):
one phrase close to the message by chance counts less than an entry close as a whole (issue 14d:
the semantic stage alone ranks the right transfer entry first 0.78 -> 0.83).

The embedding scores are compressed (unrelated texts 0.78-0.82, paraphrases 0.86-0.92), so the
features use them centred and stretched, and the margin over the runner-up carries much of the
signal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FEATURES = ("lexical", "lexical_lead", "semantic", "semantic_lead", "answer_text", "evidence", "own_words",
            "concept_words", "elsewhere", "other_language", "length")
#: A message of this many words or more counts as fully long (the `length` feature; not the
#: engine's LONG_WORDS, from which it encodes only a long message's asking sentences).
LENGTH_FULL_AT = 30
#: Centre and stretch of the cosine features.
COSINE_CENTRE = 0.85
COSINE_SCALE = 10.0
#: Candidates taken from each stage.
TOP_LEXICAL = 5
TOP_SEMANTIC = 5

# -- fitted by `python -m knowledge.fusion` on the tuning sets (do not edit by hand) -------------
INTERCEPT = -3.648
COEFFICIENTS = (1.94, 5.04, 2.762, 6.129, 0.649, 0.855, 0.819, 0.443, -1.484, 1.479, 1.542)
#: Probability at or above which the best entry is the answer (with MARGIN_AT over the runner-up).
ANSWER_AT = 0.4
MARGIN_AT = 0.0
#: Probability from which an entry is offered as a suggestion.
SUGGEST_AT = 0.06
#: Not answered when an entry the user may not be shown (another region's) is this much more likely
#: the one asked about than the best of their own (1.0: never).
HIDDEN_LEAD_AT = 0.2
# -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    doc: int
    lexical: float  # the lexical engine's score 0..1 (0 when it did not rank the entry)
    phrase: float  # best cosine over the entry's titles and example questions
    answer: float  # best cosine over its answer windows
    evidence: bool  # the entry explains an informative word of the message (the lexical rule)
    centroid: float  # cosine with the entry's centroid (its titles and example questions)
    own: float = 0.0  # share of the message's informative weight explained by the entry's own words
    concept: float = 0.0  # ... explained only through the concept lexicon
    other_language: bool = False  # the entry has no text in the message's language


def semantic_score(phrase: float | np.ndarray, answer: float | np.ndarray,
                   centroid: float | np.ndarray) -> np.ndarray:
    """An entry's semantic score: the mean of its best cosine and its centroid's cosine."""
    return (np.maximum(phrase, answer) + centroid) / 2


def feature_rows(candidates: Sequence[Candidate], best_lexical_others: Sequence[float],
                 best_semantic_others: Sequence[float], best_elsewhere: float = -1.0, *,
                 words: int) -> np.ndarray:
    """The feature matrix, one row per candidate; `best_*_others`: per candidate, the best score of
    any other servable entry (its lead is its score minus that); `best_elsewhere`: the best semantic
    score of the entries the user may not be shown (-1 when there are none); `words`: the message's
    length in words."""
    length = min(1.0, words / LENGTH_FULL_AT)
    rows = []
    for c, lex_other, sem_other in zip(candidates, best_lexical_others, best_semantic_others, strict=True):
        semantic = float(semantic_score(c.phrase, c.answer, c.centroid))
        rows.append((
            c.lexical,
            c.lexical - lex_other,
            (semantic - COSINE_CENTRE) * COSINE_SCALE,
            (semantic - sem_other) * COSINE_SCALE,
            (c.answer - c.phrase) * COSINE_SCALE,
            1.0 if c.evidence else 0.0,
            c.own,
            c.concept,
            max(0.0, best_elsewhere - semantic) * COSINE_SCALE,
            1.0 if c.other_language else 0.0,
            length,
        ))
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def probabilities(rows: np.ndarray, intercept: float = INTERCEPT,
                  coefficients: Sequence[float] = COEFFICIENTS) -> np.ndarray:
    z = intercept + rows @ np.asarray(coefficients, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


#: The L2 penalty on the coefficients when fitting: at 0.1 the thresholds a fit picks swung with
#: the half of the tuning sets it saw (the transfer half's abstention 0.75 fitted on the other
#: half); at 5 both halves hold (0.89 and 0.97) and a base nobody tuned on finds more (0.86 -> 0.90).
L2 = 5.0


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[float, tuple[float, ...]]:
    """A logistic regression by Newton's method (IRLS) with an L2 penalty on the coefficients."""
    x = np.hstack([np.ones((len(rows), 1)), rows])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - labels) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return round(float(w[0]), 3), tuple(round(float(v), 3) for v in w[1:])


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
