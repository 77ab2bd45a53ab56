"""How a place is written: its village, then the location inside it (杨柳山村三组).

Cases, patrol findings and the documents served on a party all name a place by a village
and a free-text location, which the clerk or the survey list often starts with the village
already ("杨柳山村三组"). Every page and document composes the two here, so none says
"杨柳山村杨柳山村三组".
"""


def place_name(village: str, location: str) -> str:
    """``village`` followed by ``location``, unless the location already names the village.

    Only the full name counts: a location that merely starts like the village (东山脚下 in
    东山村) still gets the village in front, since a document must never lose it.
    """
    village, location = (village or "").strip(), (location or "").strip()
    if not village or not location:
        return village or location
    if village in location:
        return location
    return f"{village}{location}"


def doubles_village(village: str, text: str) -> bool:
    """Whether ``text`` writes the village twice in a row (杨柳山村杨柳山村三组)."""
    village = (village or "").strip()
    return bool(village) and village * 2 in (text or "")
