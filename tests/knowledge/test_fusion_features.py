"""Issue 14d's parts of the fusion without the model: an entry's centroid, the semantic score that
mixes it in, the "elsewhere" feature, and the thresholds a fit picks when no threshold keeps every
floor."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import fusion, fusion_fit
from knowledge.engine import written_in
from knowledge.fusion_fit import Sample
from knowledge.model import Entry
from knowledge.semantic import SemanticIndex


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_an_entrys_centroid_is_the_mean_of_its_titles_and_questions() -> None:
    # document 0: two questions and an answer window (not in its centroid); document 1: only an
    # answer window (its centroid); rows deliberately out of order
    rows = [unit(0, 0, 1), unit(1, 0, 0), unit(0, 1, 1), unit(0, 1, 0)]
    index = SemanticIndex("test", np.stack(rows), np.array([0, 0, 1, 0], dtype=np.int32),
                          np.array([True, False, True, False]), 2)
    assert index.centroids[0] == pytest.approx(unit(1, 1, 0), abs=1e-6)
    assert index.centroids[1] == pytest.approx(unit(0, 1, 1), abs=1e-6)
    phrase, answer, centroid = index.scores(unit(1, 0, 0))
    assert list(phrase) == pytest.approx([1.0, -1.0], abs=1e-6)
    assert list(answer) == pytest.approx([0.0, 0.0], abs=1e-6)
    assert list(centroid) == pytest.approx([0.5**0.5, 0.0], abs=1e-6)
    assert fusion.semantic_score(phrase, answer, centroid)[0] == pytest.approx((1.0 + 0.5**0.5) / 2, abs=1e-6)


def candidate(phrase: float, centroid: float) -> fusion.Candidate:
    return fusion.Candidate(0, 0.5, phrase, 0.0, True, centroid)


def test_elsewhere_is_how_much_better_an_entry_the_user_may_not_see_fits() -> None:
    column = fusion.FEATURES.index("elsewhere")
    ours = [candidate(0.90, 0.86), candidate(0.84, 0.80)]  # semantic 0.88 and 0.82
    rows = fusion.feature_rows(ours, [0.0, 0.0], [0.82, 0.88], best_elsewhere=0.86, words=8)
    assert rows[:, column] == pytest.approx([0.0, 0.4])  # (0.86 - 0.82) * COSINE_SCALE
    none = fusion.feature_rows(ours, [0.0, 0.0], [0.82, 0.88], words=8)
    assert list(none[:, column]) == [0.0, 0.0]
    assert fusion.COEFFICIENTS[column] < 0  # a better fit elsewhere lowers the probability


def sample(expected: str | None, chance: float) -> Sample:
    """A message with one candidate "a" whose fused probability (intercept 0, one feature) is `chance`."""
    logit = np.log(chance / (1 - chance))
    return Sample("transfer", 0, "test", expected, ["a"], np.array([[logit]]), [False])


def test_thresholds_closest_to_the_floors_when_none_keeps_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fusion_fit, "ABSTAIN_FLOOR", {"transfer": 1.0})
    # out-of-scope messages at 0.9, 0.5 and 0.45: no threshold on the grid abstains on all three,
    # from 0.55 on it abstains on two (at the grid's first, 0.3, on none)
    chosen = [sample(None, 0.9), sample(None, 0.5), sample(None, 0.45), sample("a", 0.95)]
    answer_at, _, _, _ = fusion_fit.choose_thresholds(chosen, 0.0, (1.0,))
    assert answer_at > 0.5
    assert fusion_fit.objective(fusion_fit.score(chosen, 0.0, (1.0,)), answer_at, 0.0, 0.1) < -1.0


def test_the_hidden_lead_is_searched_with_the_answer_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only together do they keep the floor and the top-1: an out-of-scope message at 0.5 whose hidden
    entry (another region's) is at 0.99 needs the hidden-lead rule, and with it an answer threshold
    low enough for the in-scope message at 0.35 abstains on it. Chosen one after the other, the answer
    threshold alone goes above 0.5 to keep the floor and loses the in-scope answer."""
    monkeypatch.setattr(fusion_fit, "ABSTAIN_FLOOR", {"transfer": 1.0})
    hidden = sample(None, 0.5)
    hidden.hidden = np.array([[np.log(0.99 / 0.01)]])
    chosen = [hidden, sample(None, 0.2), sample("a", 0.35)]
    answer_at, _, _, lead = fusion_fit.choose_thresholds(chosen, 0.0, (1.0,))
    assert lead <= 0.4
    assert answer_at <= 0.35
    assert fusion_fit.objective(fusion_fit.score(chosen, 0.0, (1.0,)), answer_at, 0.0, 0.1, lead) > 0


def test_an_entry_not_written_in_the_messages_language_and_the_messages_length_are_features() -> None:
    """Asked in English, an entry written only in Swedish shares no words with the message: the
    fit learns that missing lexical evidence then says less (a positive weight), and that a long
    message's word shares run lower whatever it asks."""
    other, length = fusion.FEATURES.index("other_language"), fusion.FEATURES.index("length")
    swedish = fusion.Candidate(0, 0.0, 0.9, 0.0, False, 0.88, other_language=True)
    english = fusion.Candidate(1, 0.0, 0.9, 0.0, False, 0.88)
    rows = fusion.feature_rows([swedish, english], [0.0, 0.0], [0.82, 0.82], words=12)
    assert list(rows[:, other]) == [1.0, 0.0]
    assert list(rows[:, length]) == pytest.approx([12 / fusion.LENGTH_FULL_AT] * 2)
    assert fusion.feature_rows([english], [0.0], [0.82], words=300)[0, length] == 1.0
    probability = fusion.probabilities(rows)
    assert probability[0] > probability[1]  # the same semantic evidence counts for more across languages
    assert fusion.COEFFICIENTS[other] > 0 and fusion.COEFFICIENTS[length] > 0


def test_the_languages_an_entry_is_written_in() -> None:
    assert written_in(Entry("a", {"sv": "Svar"}, questions={"en": ["q"]})) == {"sv", "en"}
    assert written_in(Entry("b", {"nn": "Svar"})) == {"nb"}  # nynorsk counts as bokmål
