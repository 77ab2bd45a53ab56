import factory

from reports.models import PublicReport
from reports.services import check_hash, sender_hash

CHECK_CODE = "TESTCODE"


class PublicReportFactory(factory.django.DjangoModelFactory):
    """A report as the public page leaves it; its check code is ``CHECK_CODE``."""

    class Meta:
        model = PublicReport

    receipt = factory.Sequence(lambda n: f"{7000000000 + n}")
    check_hash = check_hash(CHECK_CODE)
    sender_hash = sender_hash("192.0.2.1")
    township = factory.LazyAttribute(lambda o: o.village.township if o.village else None)
    village = None
    what = "有人在耕地上建房"
    place_text = "村东头桥边"
