"""Pages and JSON leave the application gzip-compressed; files that are compressed already do not.

Django's ``GZipMiddleware`` compresses every response of 200 bytes or more, streamed files
included: an Excel ledger, an evidence ZIP, a PDF or a photo would be compressed a second
time for nothing, and lose their ``Content-Length`` (no progress bar on a long download).
This subclass compresses only the text types below and passes everything else untouched.

Why in the application and not in the proxy (README, "Deploying"): it works behind any proxy
or none, and it keeps Django's mitigation of BREACH, which a proxy's gzip does not have: up
to 100 random bytes in every compressed response ("Heal The Breach", ``max_random_bytes``),
on top of the CSRF token that Django masks afresh in every response. Static files never get
here: whitenoise answers them above this middleware, with the copies compressed at
collectstatic.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = (
    "text/",  # pages, CSV, plain text
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
