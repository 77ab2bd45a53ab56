"""The soak's field desks (issue 24), driven beside the township's work (bench/soak.py).

Each desk is a township officer's phone sending its queue of records filed without a signal
(static/landwatch/offline.js), as the queue sends them (multipart, with ``X-LandWatch-Queue: 1``
and the form's key): sent once, or again as a phone does that missed the answer — up to three
times, and one time in three twice at the same moment. Two kinds of record:

* a patrol log with two photos; the server must save each log once, with its two photos once
  (patrols.services.create_patrol_log);
* a 卫片 patch verified in the field: a patch the batch page lists for the phone to keep, its
  photo and then its judgement, each under its own key; the server must record each once
  (patches.services.add_photo, judge). Another desk may have judged the patch meanwhile: the
  judgement is then refused (the page's version moved), which is counted, not a failure.

Counted like every write (``per_kind``): a record is confirmed when any of its sends was answered
"sent" or "duplicate", in doubt when every send failed. After the phase (``checks``): no key saved
twice, no key answered "sent" twice, every log of these phones with exactly its two photos, no
photo of theirs left unattached, every queued patch photo an event of its own.
"""

import collections
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

LOG = "patrol log (queued)"
PATCH_PHOTO = "patch photo (queued)"
PATCH_JUDGED = "patch judged (queued)"
WRITE_KINDS = {LOG, PATCH_PHOTO, PATCH_JUDGED}
ROUTE = "压测：离线填报"  # the desks' logs, told apart from the others by their route
SENT_TWICE: list[str] = []  # keys answered "sent" more than once (must stay empty)
ANSWERS: collections.Counter = collections.Counter()  # every send's answer, over the run


def counts() -> dict:
    from patches.models import PatchEvent
    from patrols.models import PatrolLog

    queued = PatchEvent.objects.exclude(client_key="")  # the 卫片 desks' own steps carry no key
    return {LOG: PatrolLog.objects.filter(route__startswith=ROUTE).exclude(client_key="").count(),
            PATCH_PHOTO: queued.filter(kind=PatchEvent.Kind.PHOTO).count(),
            PATCH_JUDGED: queued.filter(kind=PatchEvent.Kind.JUDGED).count()}


def _png(color) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_desk(base_class):
    """A township officer's phone sending its queue (role "field")."""
    soak = sys.modules[base_class.__module__]  # run as a script, soak is __main__: its Failed is caught

    class FieldDesk(base_class):
        photos = None
        jpeg = None

        def step(self) -> None:
            if FieldDesk.photos is None:
                from patches.demo import field_photo

                FieldDesk.photos = [_png((200, 120, 40)), _png((40, 120, 200))]
                FieldDesk.jpeg = field_photo(name="queued.jpg").read()
            if self.rng.random() < 0.4:
                return self.verify_patch()
            page = self.get("/patrols/logs/new/")
            if 'id="patrol-form"' not in page:
                villages = re.findall(r'href="/patrols/logs/new/\?village=(\d+)"', page)
                if not villages:
                    return time.sleep(0.5)
                page = self.get(f"/patrols/logs/new/?village={self.rng.choice(villages)}")
            data = soak._form_data(page, "patrolled_on")
            if data is None:
                return time.sleep(0.5)
            key = uuid.uuid4().hex
            data.update(patrolled_on=soak._today().isoformat(), started_at="08:00", duration_minutes="60",
                        route=f"{ROUTE} {key[:8]}", result="nothing_found", weather="sunny", draft_key=key)
            data["photos_taken"] = json.dumps([soak.datetime.datetime.now(soak.TZ).isoformat()] * 2)
            path = "/patrols/logs/new/?village=" + data.get("village", "")
            files = [("photos", f"p{i}.png", "image/png", content) for i, content in enumerate(FieldDesk.photos)]
            self.deliver(LOG, key, path, data, files)

        def verify_patch(self) -> None:
            """A patch kept from the batch page, verified without a signal: its photo, then its judgement."""
            batches = re.findall(r'href="/patches/batches/(\d+)/">规模数据卫片<', self.get("/patches/"))
            if not batches:
                return time.sleep(0.5)
            kept = re.search(r'<script id="keep-urls" type="application/json">(.*?)</script>',
                             self.get(f"/patches/batches/{batches[0]}/"))
            urls = json.loads(kept.group(1)) if kept else []
            if not urls:
                return time.sleep(0.5)
            path = self.rng.choice(urls)
            page = self.get(path)
            version = re.search(r'name="version" value="(\d+)"', page)
            if version is None or "data-photo-form" not in page:
                return None  # judged meanwhile by another desk
            csrf = soak._csrf(page)
            now = soak.datetime.datetime.now(soak.TZ).isoformat()
            photo = self.deliver(PATCH_PHOTO, uuid.uuid4().hex, f"{path}photos/", {
                "csrfmiddlewaretoken": csrf, "photo_taken": json.dumps([now])},
                [("photo", "queued.jpg", "image/jpeg", FieldDesk.jpeg)])
            if photo:
                self.deliver(PATCH_JUDGED, uuid.uuid4().hex, f"{path}judge/", {
                    "csrfmiddlewaretoken": csrf, "version": version.group(1), "judgement": "illegal",
                    "basis": "压测：离线核查，新建厂房"}, [])

        def deliver(self, kind: str, key: str, path: str, data: dict, files: list) -> bool:
            """Send one queued record as a phone does (once, or again; sometimes twice at once) and
            count it; whether it was received."""
            data = {**data, "draft_key": key}
            times = self.rng.choice([1, 1, 2, 3])
            together = times > 1 and self.rng.random() < 0.33
            answers: list[str] = []
            if together:  # two sends at once (the page's retry and the worker's sync, say)
                threads = [threading.Thread(target=lambda: answers.append(self.send(path, data, files)))
                           for _ in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                times -= 2
            for _ in range(times):
                answers.append(self.send(path, data, files))
            received = "sent" in answers or "duplicate" in answers
            with self.stats.lock:
                ANSWERS.update(answers)
                if answers.count("sent") > 1:
                    SENT_TWICE.append(key)
                if received:
                    self.stats.ok[kind] += 1
                elif "failed" in answers:
                    self.stats.in_doubt[kind] += 1
                else:
                    self.stats.refused[kind] += 1
            if "failed" in answers and not received:
                raise soak.Failed(0)  # the database is down: wait a moment, as the phone would
            return received

        def send(self, path: str, fields: dict, files: list) -> str:
            """One send of a queued record: "sent", "duplicate", "refused" or "failed" (no usable answer)."""
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                     for name, value in fields.items()]
            for field, filename, content_type, content in files:
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"'
                             f"\r\nContent-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            request = urllib.request.Request(self.base + path, data=b"".join(parts), headers={
                "Referer": self.base + path, "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-LandWatch-Queue": "1"})
            try:
                with self.opener.open(request, timeout=soak.REQUEST_TIMEOUT) as response:
                    status, text = response.status, response.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as exc:
                status, text = exc.code, exc.read().decode("utf-8", "replace")
            except OSError as exc:
                status, text = (soak.TIMED_OUT if isinstance(exc, TimeoutError) else soak.DROPPED), str(exc)
            self.stats.record(status, text, path)
            if status in (soak.DROPPED, soak.TIMED_OUT) or status >= 500:
                return "failed"
            try:
                answer = json.loads(text)
            except ValueError:
                return "refused"
            if answer.get("status") in ("sent", "duplicate"):
                return answer["status"]
            with self.stats.lock:  # what the server said, for the report's form_refusals
                self.stats.refusals.append(f"queued {path}: {'; '.join(answer.get('reasons') or [])[:200]}")
            return "refused"

    return FieldDesk


def checks() -> dict:
    """No key saved twice, none answered "sent" twice, two photos a log, no photo left behind."""
    from django.db.models import Count

    from patches.models import PatchEvent
    from patrols.models import PatrolLog, PatrolPhoto

    logs = PatrolLog.objects.filter(route__startswith=ROUTE).exclude(client_key="")
    twice = logs.values("created_by", "client_key").annotate(n=Count("id")).filter(n__gt=1).count()
    photos = dict(logs.annotate(n=Count("photos")).values_list("id", "n"))
    keys = logs.values("client_key")
    left = PatrolPhoto.objects.filter(draft_key__in=keys, log__isnull=True).count()
    steps = PatchEvent.objects.exclude(client_key="")
    twice += steps.values("by", "client_key").annotate(n=Count("id")).filter(n__gt=1).count()
    return {"queued_answers": dict(ANSWERS), "queued_logs": len(photos), "queued_keys_saved_twice": twice,
            "queued_patch_steps": steps.count(),
            "queued_patch_photos_without_their_photo": steps.filter(kind=PatchEvent.Kind.PHOTO,
                                                                    photo__isnull=True).count(),
            "queued_keys_sent_twice": len(SENT_TWICE),
            "queued_logs_without_two_photos": sum(1 for n in photos.values() if n != 2),
            "queued_photos_left_unattached": left}


def failures(result: dict, phase: str) -> list[str]:
    """The ``checks`` that failed, as the soak reports them."""
    bad = (result["queued_keys_saved_twice"], result["queued_keys_sent_twice"],
           result["queued_logs_without_two_photos"], result["queued_photos_left_unattached"],
           result["queued_patch_photos_without_their_photo"])
    if not any(bad):
        return []
    return [f"{phase}: {bad[0]} queued records saved twice, {bad[1]} answered 'sent' twice, {bad[2]} logs without "
            f"their two photos, {bad[3]} of their photos left unattached, {bad[4]} patch photo events without "
            "their photo"]

