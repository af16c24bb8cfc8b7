"""The audit trail's hash chain (PRODUCT.md §4 "Audit trail"): every alteration, removal or
reordering is detected, and verify names the first broken link."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.audit import GENESIS, Verdict, canonical_json, diff, row_hash, seal, verify

PROPS = settings(max_examples=200, deadline=None)

Row = dict[str, str | int | None]
N = 50


def make_chain(n: int = N) -> list[Row]:
    rows: list[Row] = []
    prev = GENESIS
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for i in range(1, n + 1):
        row: Row = {
            "seq": i,
            "at": (start + timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "actor": ("rarnsley", "mlee", "admin1")[i % 3],
            "action": ("create", "edit", "submit", "approve", "reject")[i % 5],
            "entity": "entry",
            "entity_id": f"00000000-0000-4000-8000-{i:012d}",
            "before": None if i % 5 == 0 else canonical_json({"minutes": i, "note": f"n{i}"}),
            "after": canonical_json({"minutes": i + 1, "note": f"n{i}", "amount": "12.50"}),
            "comment": "needs detail" if i % 7 == 0 else None,
            "prev_hash": prev,
        }
        sealed = seal(row)
        rows.append(sealed)
        prev = str(sealed["hash"])
    return rows


CHAIN = make_chain()
HEAD = (N, str(CHAIN[-1]["hash"]))
COLUMNS = sorted(CHAIN[0])


def altered(value: str | int | None) -> str | int | None:
    if value is None:
        return "x"
    if isinstance(value, int):
        return value + 1
    return value + "x" if value else "x"


def copy(rows: list[Row]) -> list[Row]:
    return [dict(r) for r in rows]


def test_an_intact_chain_verifies() -> None:
    verdict = verify(CHAIN, HEAD)
    assert verdict == Verdict(True, N)
    assert "verified" in str(verdict) and str(N) in str(verdict)
    assert verify(CHAIN).ok


def test_an_empty_log_verifies() -> None:
    assert verify([]) == Verdict(True, 0)
    assert verify([], (0, GENESIS)).ok


def test_the_chain_links() -> None:
    assert CHAIN[0]["prev_hash"] == GENESIS
    for before, after in zip(CHAIN, CHAIN[1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    assert all(row_hash(r) == r["hash"] for r in CHAIN)
    assert len({r["hash"] for r in CHAIN}) == N


def test_seal_needs_seq_and_prev_hash() -> None:
    with pytest.raises(ValueError):
        seal({"seq": 1, "actor": "x"})
    with pytest.raises(ValueError):
        seal({"prev_hash": GENESIS, "actor": "x"})


def test_seal_ignores_a_stale_hash_and_does_not_touch_its_input() -> None:
    row: Row = {"seq": 1, "prev_hash": GENESIS, "actor": "a", "hash": "stale"}
    sealed = seal(row)
    assert sealed["hash"] == row_hash({"seq": 1, "prev_hash": GENESIS, "actor": "a"})
    assert row["hash"] == "stale"


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("index", range(N))
def test_altering_any_column_of_any_row_is_detected_there(index: int, column: str) -> None:
    rows = copy(CHAIN)
    rows[index][column] = altered(rows[index][column])
    verdict = verify(rows, HEAD)
    assert not verdict.ok
    assert verdict.broken_seq == index + 1
    assert verdict.checked == index
    assert f"BROKEN at event {index + 1}" in str(verdict)


@pytest.mark.parametrize("index", range(N))
def test_altering_a_row_is_detected_without_a_head(index: int) -> None:
    rows = copy(CHAIN)
    rows[index]["actor"] = "mallory"
    assert verify(rows).broken_seq == index + 1


@pytest.mark.parametrize("index", range(N))
def test_adding_a_column_is_detected(index: int) -> None:
    rows = copy(CHAIN)
    rows[index]["extra"] = "sneaked in"
    assert verify(rows, HEAD).broken_seq == index + 1


@pytest.mark.parametrize("index", range(N))
def test_removing_any_row_is_detected(index: int) -> None:
    rows = copy(CHAIN)
    del rows[index]
    verdict = verify(rows, HEAD)
    assert not verdict.ok
    assert verdict.broken_seq == index + 1


@pytest.mark.parametrize(("i", "j"), [(0, 1), (0, 49), (10, 11), (10, 30), (48, 49), (3, 47)])
def test_swapping_two_rows_is_detected_at_the_first(i: int, j: int) -> None:
    rows = copy(CHAIN)
    rows[i], rows[j] = rows[j], rows[i]
    verdict = verify(rows, HEAD)
    assert not verdict.ok
    assert verdict.broken_seq == i + 1


@pytest.mark.parametrize(("i", "j"), [(0, 1), (10, 30), (48, 49)])
def test_swapping_the_contents_of_two_rows_keeping_seq_is_detected(i: int, j: int) -> None:
    rows = copy(CHAIN)
    rows[i], rows[j] = dict(rows[j], seq=i + 1), dict(rows[i], seq=j + 1)
    assert verify(rows, HEAD).broken_seq == i + 1


@pytest.mark.parametrize("k", [1, 2, 10, N - 1, N])
def test_removing_the_newest_rows_is_caught_by_the_head(k: int) -> None:
    rows = copy(CHAIN)[: N - k]
    # the chain alone cannot see it …
    assert verify(rows).ok
    # … the head kept beside the log can
    verdict = verify(rows, HEAD)
    assert not verdict.ok
    assert verdict.broken_seq == N - k + 1
    assert "removed" in verdict.reason


def test_rows_added_past_the_head_are_detected() -> None:
    head = (N - 2, str(CHAIN[N - 3]["hash"]))
    verdict = verify(CHAIN, head)
    assert not verdict.ok
    assert verdict.broken_seq == N - 1


def test_a_resealed_newest_event_is_caught_by_the_head() -> None:
    rows = copy(CHAIN)
    forged = dict(rows[-1], actor="mallory")
    forged.pop("hash")
    rows[-1] = seal(forged)
    assert verify(rows).ok  # a consistent forgery of the tail …
    verdict = verify(rows, HEAD)
    assert not verdict.ok and verdict.broken_seq == N  # … does not match the head


def test_a_resealed_middle_event_breaks_the_next_link() -> None:
    rows = copy(CHAIN)
    forged = dict(rows[19], comment="approved by me")
    forged.pop("hash")
    rows[19] = seal(forged)
    assert verify(rows, HEAD).broken_seq == 21


def test_hash_covers_every_column_in_a_stable_order() -> None:
    row = dict(CHAIN[3])
    reordered = {k: row[k] for k in reversed(list(row))}
    assert row_hash(reordered) == row_hash(row)
    # a value moved from one column to another changes the hash
    swapped = dict(row, actor=row["action"], action=row["actor"])
    assert row_hash(swapped) != row_hash(row)
    # types count: 5 and "5" are different stored values
    assert row_hash(dict(row, seq=5)) != row_hash(dict(row, seq="5"))


# ------------------------------------------------------------------ canonical JSON


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": 2}, '{"a":2,"b":1}'),
        ({"amount": Decimal("12.50")}, '{"amount":"12.50"}'),
        ({"date": date(2026, 1, 5)}, '{"date":"2026-01-05"}'),
        ({"at": datetime(2026, 1, 5, 9, tzinfo=UTC)}, '{"at":"2026-01-05T09:00:00+00:00"}'),
        ({"tags": {"b", "a"}}, '{"tags":["a","b"]}'),
        ({"t": ("x", 1)}, '{"t":["x",1]}'),
        ({"note": "Réunion — 東京"}, '{"note":"Réunion — 東京"}'),
        ({"n": {"z": None, "y": [1, {"d": 1, "c": 2}]}}, '{"n":{"y":[1,{"c":2,"d":1}],"z":null}}'),
    ],
)  # fmt: skip
def test_canonical_json(value: Any, text: str) -> None:
    assert canonical_json(value) == text


def test_canonical_json_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        ({"a": 1, "b": 2}, {"a": 1, "b": 3}, {"b": [2, 3]}),
        (None, {"a": 1}, {"a": [None, 1]}),
        ({"a": 1}, None, {"a": [1, None]}),
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"b": 1}, {"a": [1, None], "b": [None, 1]}),
    ],
)
def test_diff(before: dict[str, Any] | None, after: dict[str, Any] | None, changes: Any) -> None:
    assert diff(before, after) == changes


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@PROPS
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6), st.randoms())
def test_canonical_json_ignores_key_order(value: dict[str, Any], rnd: random.Random) -> None:
    items = list(value.items())
    rnd.shuffle(items)
    shuffled = dict(items)
    assert canonical_json(shuffled) == canonical_json(value)
    # and it is valid JSON that reads back to the same text
    assert canonical_json(json.loads(canonical_json(value))) == canonical_json(value)


@PROPS
@given(st.data())
def test_any_single_alteration_is_reported_at_its_row(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, N - 1))
    column = data.draw(st.sampled_from(COLUMNS))
    new = data.draw(st.none() | st.integers() | st.text(max_size=10))
    rows = copy(CHAIN)
    if rows[index][column] == new:
        return
    rows[index][column] = new
    verdict = verify(rows, HEAD)
    assert not verdict.ok
    assert verdict.broken_seq == index + 1


@PROPS
@given(st.lists(st.integers(0, N - 1), min_size=1, max_size=5, unique=True))
def test_several_alterations_report_the_first(indexes: list[int]) -> None:
    rows = copy(CHAIN)
    for i in indexes:
        rows[i]["after"] = canonical_json({"tampered": i})
    assert verify(rows, HEAD).broken_seq == min(indexes) + 1
