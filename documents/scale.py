"""The documents' part of the county-scale data (``landwatch/scale.py``): a served rectification
notice, with its service record, for every "notified" event of the scale cases that has none.

As the documents app makes them: the event is the notice's ``source_event`` and the notice
is numbered in its township's yearly sequence, so the cases look as if served through the app.
"""

import datetime

from django.db import transaction

from cases.models import CaseEvent, EventKind
from cases.scale import SCALE_YEAR
from landwatch.scale import ScaleRun, indexes_deferred, insert

from .drafting import number_text
from .models import CaseDocument, DocumentKind, DocumentSequence, DocumentStatus, ServiceRecord

KIND = DocumentKind.RECTIFICATION


def load_notices(run: ScaleRun) -> None:
    events = (
        CaseEvent.objects.filter(case__number__startswith=f"{SCALE_YEAR}-", kind=EventKind.NOTIFIED,
                                 document__isnull=True)
        .order_by("id")
        .values_list("id", "actor_id", "data", "case_id", "case__location_text", "case__area_m2", "case__deadline",
                     "case__party__name", "case__party__township_id")
    )
    last = {(s.township_id, s.year): s.last for s in DocumentSequence.objects.filter(kind=KIND)}
    documents = []
    for event_id, actor_id, data, case_id, location, area, deadline, party_name, township_id in events.iterator():
        served_on = datetime.date.fromisoformat(data["served_on"])  # as its event says
        key = (township_id, served_on.year)  # the case's village is one of its party's township
        last[key] = sequence = last.get(key, 0) + 1
        documents.append({
            "case_id": case_id,
            "township_id": township_id,
            "issuer_id": township_id,  # the township numbered them (its prefix)
            "kind": KIND,
            "status": DocumentStatus.SERVED,
            "year": served_on.year,
            "sequence": sequence,
            "reference": number_text(prefix=f"规模{township_id}土监", year=served_on.year, kind=KIND,
                                     sequence=sequence),
            "party_name": party_name,
            "location_text": location,
            "facts": f"经查，{party_name}在{location}违法占用土地{area.normalize():f}平方米。",
            "legal_basis": "《中华人民共和国土地管理法》第七十七条",
            "requirements": "限期自行拆除违法建筑物，恢复土地原状。",
            "deadline_days": max((deadline - served_on).days, 1) if deadline else None,
            "deadline": deadline,
            "source_event_id": event_id,
            "issued_by_id": actor_id,
            "issued_on": served_on,
            "created_by_id": actor_id,
        })
    existing = CaseDocument.objects.count()
    with transaction.atomic(), indexes_deferred([CaseDocument, ServiceRecord], when=len(documents) > existing):
        insert(CaseDocument, documents)
        insert(ServiceRecord, [
            {"document_id": d["id"], "method": "direct", "served_on": d["issued_on"], "recipient": d["party_name"],
             "recorded_by_id": d["created_by_id"]}
            for d in documents
        ])
        for (township_id, year), sequence in last.items():
            DocumentSequence.objects.update_or_create(
                township_id=township_id, year=year, kind=KIND, defaults={"last": sequence}
            )
    run.progress(f"notices: {len(documents)} served")
