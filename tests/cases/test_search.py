"""The case list's search: words of every length find exactly the cases a substring match finds.

Words of one or two characters are looked up in the n-gram indexes of cases migration 0019
(PostgreSQL); SQLite (``make run``) runs the plain LIKE. Both must give the cases a plain
substring match gives, which is what the search gave before the indexes.
"""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import cases.models
from cases.models import ViolationCase
from tests.factories import PartyFactory

# (title, location, party's name): Chinese, Latin in both cases, digits, LIKE's wildcards.
CASES = [
    ("王建国违建", "东村口", "王建国"),
    ("仓库案", "G205国道旁", "ABC建材公司"),
    ("厂房案", "西村5组", "xyz Trading"),
    ("猪舍案", "100%农田", "李_四"),
    ("住宅案", "北山脚", "王二"),
    ("大棚案", "南河边", "Abc农业"),
]
WORDS = [
    # one character
    "王", "a", "A", "5", "%", "_", "村", "组", "无",
    # two
    "王建", "ab", "AB", "Ab", "05", "国道", "村口", "0%", "李_", "二案",
    # three, five and more
    "王建国", "g20", "ABC", "xyz t", "国道旁", "王建国违建", "abc建材公司",
    # case numbers (the factory numbers cases 2099-nnnnn)
    "2099-", "-0", "2099",
    # nothing
    "朱", "zz", "无此地方",
]


def _expected(word: str, rows: list) -> set:
    """Today's rule: a short word without letter case matches as written, any other ignoring case."""
    text = word.strip()
    fold = len(text) >= 3 or text.lower() != text.upper()
    norm = (lambda s: s.upper()) if fold else (lambda s: s)
    return {
        case for case in rows
        if any(norm(text) in norm(value) for value in (case.number, case.title, case.location_text, case.party.name))
    }


@pytest.fixture
def varied(case_in, territory):
    return [
        case_in(title=title, location_text=location, party=PartyFactory(township=territory.township, name=name))
        for title, location, name in CASES
    ]


def _found(client, word: str) -> set:
    response = client.get(reverse("cases:list"), {"q": word})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.total == len(page.rows)  # all on one page: the total row counts the same cases
    return set(page.rows)


def _plan(*, rows_looked_up: bool) -> None:
    """Make PostgreSQL plan, for the rest of the test's transaction, as for a word rare in the county's
    100,000 cases (the rows looked up in the indexes) or as for one most rows hold (the tables read
    whole): on a handful of rows, its choice would depend on the statistics left by other tests."""
    settings = {"enable_seqscan": not rows_looked_up, "enable_bitmapscan": rows_looked_up,
                "enable_indexscan": rows_looked_up}
    with connection.cursor() as cursor:
        for setting, on in settings.items():
            cursor.execute(f"SET LOCAL {setting} = {'on' if on else 'off'}")


@pytest.mark.parametrize("rows_looked_up", [False, True], ids=["tables read whole", "rows looked up"])
@pytest.mark.parametrize("word", WORDS)
def test_the_list_finds_exactly_the_cases_containing_the_word(word, rows_looked_up, client, office, varied):
    if connection.vendor == "postgresql":
        _plan(rows_looked_up=rows_looked_up)
    elif rows_looked_up:
        pytest.skip("the n-gram indexes are PostgreSQL's")
    client.force_login(office)
    assert _found(client, word) == _expected(word, varied)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the n-gram indexes are PostgreSQL's")
def test_a_word_postgresql_would_read_every_row_for_is_looked_for_without_its_ngrams(varied):
    """The n-gram test in a whole-table read computes every row's n-grams: 2.7 s instead of 41 ms
    for the county's total of 村 (in most locations) on the bench county."""
    def searched() -> tuple[str, str]:
        """The SQL of the cases' query, and of the query for the matching parties' ids."""
        with CaptureQueriesContext(connection) as queries:
            sql, _params = ViolationCase.objects.search("村").query.sql_with_params()
        return sql, next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "cases_party"'))

    _plan(rows_looked_up=False)
    cases_sql, parties_sql = searched()
    assert "case_search_grams" not in cases_sql and "case_search_grams" not in parties_sql
    _plan(rows_looked_up=True)
    cases_sql, parties_sql = searched()
    assert 'case_search_grams("cases_violationcase"."number"' in cases_sql
    assert 'case_search_grams("cases_party"."name")' in parties_sql


@pytest.mark.parametrize("word", ["王", "a", "Ab", "村口", "0%", "李_", "zz"])
def test_the_plain_like_of_sqlite_finds_the_same_cases(word, client, office, varied, monkeypatch):
    client.force_login(office)
    indexed = _found(client, word)
    monkeypatch.setattr(cases.models, "connection", types.SimpleNamespace(vendor="sqlite"))
    assert _found(client, word) == indexed == _expected(word, varied)


@pytest.mark.parametrize("word", ["王", "王建", "ab"])
def test_a_word_of_one_or_two_characters_is_looked_up_in_the_ngram_indexes(word, varied):
    """pg_trgm has nothing to look up under three characters: before migration 0019 a short word
    read every case in scope (~55 ms for the count on the bench county's 100,000 cases).

    The search is explained with the scans that read a whole table or index in order turned
    off, so that a handful of rows shows the plan the county's size gets; without the n-gram
    indexes nothing else can answer.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        with CaptureQueriesContext(connection) as queries:  # the parties are looked up first
            found = ViolationCase.objects.search(word).order_by().values("pk")
        parties = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "cases_party"'))
        plans = []
        for sql, params in (found.query.sql_with_params(), (parties, None)):
            cursor.execute("EXPLAIN " + sql, params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert "Bitmap Index Scan on case_search_grams_idx" in plans[0], plans[0]
    assert "Bitmap Index Scan on party_search_grams_idx" in plans[1], plans[1]
