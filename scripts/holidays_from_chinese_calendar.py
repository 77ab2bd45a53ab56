"""Write deadlines/holidays/<year>.csv from the pinned chinese-calendar package (requirements-dev.txt).

The files are committed: the running system reads them (``manage.py load_holidays``, the demo)
and never needs the package. Run it again for a year the package learns, after upgrading the pin:

    .venv/bin/python scripts/holidays_from_chinese_calendar.py 2024 2025 2026
"""

import csv
import datetime
import sys
from pathlib import Path

import chinese_calendar

# The package names the festivals in English; the table keeps the names the State Council uses.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
OUT = Path(__file__).resolve().parent.parent / "deadlines" / "holidays"


def rows(year: int) -> list[tuple[str, str, str]]:
    out = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if on_holiday and name:
            # Weekend days inside a holiday are listed too, so the table reads like the notice.
            out.append((day.isoformat(), "holiday", NAMES.get(name, name)))
        elif not on_holiday and day.weekday() >= 5:
            out.append((day.isoformat(), "workday", NAMES.get(name, name) if name else ""))
        day += datetime.timedelta(days=1)
    return out


def main(years: list[int]) -> None:
    for year in years:
        if year > max(chinese_calendar.holidays).year:
            sys.exit(f"chinese-calendar {chinese_calendar.__version__} does not know {year}")
        with open(OUT / f"{year}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["date", "kind", "name"])
            writer.writerows(rows(year))


if __name__ == "__main__":
    main([int(y) for y in sys.argv[1:]])
