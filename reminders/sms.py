"""SMS gateways: pluggable by a dotted path in settings, none by default.

``LANDWATCH_SMS_GATEWAY`` names a class taking ``url`` and ``token`` (``LANDWATCH_SMS_URL``,
``LANDWATCH_SMS_TOKEN``) whose ``send(phone, text)`` sends one message or raises ``SmsError``.
``HttpGateway`` is the one shipped: a JSON POST with a bearer token, the shape most Chinese SMS
platforms' HTTP APIs (and a small relay in front of the others) accept.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    pass


class HttpGateway:
    """POST ``{"to": phone, "text": text}`` as JSON to ``url`` with ``Authorization: Bearer token``; any
    2xx answer is success, anything else (or no answer within ``timeout`` seconds) an ``SmsError``."""

    def __init__(self, *, url: str, token: str, timeout: float = 10) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"to": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(str(getattr(error, "reason", error))) from error
        if not 200 <= status < 300:
            raise SmsError(f"HTTP {status}")


def gateway():
    """The configured gateway, or None when SMS is not configured."""
    path = settings.LANDWATCH_SMS_GATEWAY
    if not path:
        return None
    return import_string(path)(url=settings.LANDWATCH_SMS_URL, token=settings.LANDWATCH_SMS_TOKEN)
