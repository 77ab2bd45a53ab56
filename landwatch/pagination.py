"""Pages of long lists that never count every row.

A county's lists grow without bound (100,000 cases, a million patrol logs), and an exact
``COUNT(*)`` over all of them costs more than the page itself. A page here reads one row
more than it shows (so it knows whether a next page exists) and counts at most ``cap``
rows: "more than 1,000" is all a clerk needs to read, and it is never a wrong number.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

PAGE_SIZE = 50
COUNT_CAP = 1000


@dataclass
class CappedPage:
    rows: list
    number: int
    has_next: bool
    total: int
    capped: bool

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def capped_page(qs: QuerySet, number, *, size: int = PAGE_SIZE, cap: int | None = None,
                total: int | None = None) -> CappedPage:
    """Page ``number`` (a GET value: junk and out-of-range give page 1) of ``qs``, in two queries.

    One query when the page is the list's last: its rows tell the total. A page past the end
    (an old link to a list that shrank, a typed URL) gives page 1 too, rather than an empty list
    that looks like "nothing found". A caller that has counted the list already (the case list
    adds its areas up in the same query) passes ``total``: no count, and the total is exact.
    """
    cap = cap or COUNT_CAP
    try:
        number = max(1, int(number or 1))
    except (TypeError, ValueError):
        number = 1
    # A page beyond any real list is someone typing in the URL: PostgreSQL would still walk
    # every skipped row, so it is refused rather than served slowly.
    if (number - 1) * size > 1_000_000:
        number = 1
    start = (number - 1) * size
    rows = list(qs[start:start + size + 1])
    if not rows and start > 0:
        number, start = 1, 0
        rows = list(qs[:size + 1])
    if total is not None:
        capped = False
    elif len(rows) <= size and (rows or start == 0):
        # The last page is in hand: its rows tell the exact total, without a count.
        total, capped = start + len(rows), False
    else:
        counted = qs.order_by()[: cap + 1].count()
        total, capped = min(counted, cap), counted > cap
    return CappedPage(rows=rows[:size], number=number, has_next=len(rows) > size, total=total, capped=capped)
