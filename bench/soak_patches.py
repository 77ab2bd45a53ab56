"""The soak's 卫片 desks (issue 22), driven beside the township's work (bench/soak.py).

Each desk is a session of a township's office on the batch the scale data loaded
(patches/scale.py): it opens the batch's list of patches waiting for it, adds a field photo to
one to verify (a multipart upload, as the phone's form sends it) and judges it, or confirms a
judgement waiting for the office — or, one time in five, sends it back to the field. Two desks
of the same township compete for the same patches, so the services' locks and versions are
what keeps a patch from being judged or confirmed twice.

Each write is counted like the others (``per_kind``: written / confirmed / in doubt). After the
phase (``checks``): no patch confirmed twice; no patch judged more often than it was sent back,
plus one; every patch's status agrees with its last step; every photo is a photo event.
"""

import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

EVENT_KINDS = {"photo": "patch photo added", "judged": "patch judged", "confirmed": "patch confirmed",
               "returned": "patch sent back", "registered": "patch registered as a case",
               "assigned": "patch assigned to a village", "closed": "patch closed out"}
LAYER_LOADED = "layer loaded"
BATCH_LOADED = "patch batch loaded"
OUTLINE_SET = "outline_set"  # a CaseEvent kind: counted with the cases' events
WRITE_KINDS = {*EVENT_KINDS.values(), LAYER_LOADED, BATCH_LOADED, OUTLINE_SET}


def counts() -> dict:
    """Events of the kinds counted here, for ``soak.snapshot``."""
    from django.db.models import Count

    from patches.models import PatchBatch, PatchEvent
    from territory.models import Layer

    # The phones' queued steps (with their form's key) are the field desks' (bench/soak_field.py).
    kinds = dict(PatchEvent.objects.filter(client_key="").values_list("kind").annotate(n=Count("id")).order_by())
    return {**{label: kinds.get(kind, 0) for kind, label in EVENT_KINDS.items()},
            LAYER_LOADED: Layer.objects.count(), BATCH_LOADED: PatchBatch.objects.count()}


def _jpeg() -> bytes:
    from patches.demo import field_photo

    return field_photo(name="soak.jpg").read()


def make_desk(base_class):
    """The office's 卫片 desk: a ``VirtualUser`` (logged in as a township's office) verifying and confirming."""

    # The soak's own module (run as a script, it is __main__, not bench.soak): its Failed is the one
    # VirtualUser.run catches.
    soak = sys.modules[base_class.__module__]

    class PatchDesk(base_class):
        photo = None
        # Each phase, each desk first takes the rare steps once (each desk starting elsewhere), so that a
        # short phase on a busy machine still writes every kind; then the roll decides.
        SURE = ("load_batch", "load_layer", "outline", "close_out", "assign_inbox", "register")
        desks = 0
        phase_stats = None
        sure: list = []

        def step(self) -> None:
            _csrf = soak._csrf
            # The scale data's batch (the desks' own uploads are small batches of their township).
            batches = re.findall(r'href="/patches/batches/(\d+)/">规模数据卫片<', self.get("/patches/"))
            if not batches:
                return time.sleep(0.5)
            batch = batches[0]
            if self.phase_stats is not self.stats:  # a new phase
                self.phase_stats = self.stats
                if not hasattr(self, "turn"):
                    self.turn = PatchDesk.desks
                    PatchDesk.desks += 1
                start = self.turn * 2 % len(self.SURE)
                self.sure = [*self.SURE[start:], *self.SURE[:start]]
            if self.sure:
                name = self.sure.pop(0)
                return getattr(self, name)() if name in ("load_batch", "load_layer", "outline") \
                    else getattr(self, name)(batch)
            roll = self.rng.random()
            if roll < 0.02:
                return self.load_batch()
            if roll < 0.12:
                return self.register(batch)
            if roll < 0.2:
                return self.assign_inbox(batch)
            if roll < 0.28:
                return self.close_out(batch)
            if roll < 0.33:
                return self.outline()
            if roll < 0.36:
                return self.load_layer()
            confirm = roll < 0.65
            listed = re.findall(r'data-patch="(\d+)"', self.get(
                f"/patches/batches/{batch}/?status={'judged' if confirm else 'pending'}"))
            if not listed:
                return time.sleep(0.3)
            pk = self.rng.choice(listed)
            page = self.get(f"/patches/{pk}/")
            version = re.search(r'name="version" value="(\d+)"', page)
            if version is None:  # handled meanwhile by the other desk
                return None
            data = {"csrfmiddlewaretoken": _csrf(page), "version": version.group(1)}
            if confirm and 'data-action="confirm"' in page:
                if self.rng.random() < 0.2:
                    return self._write([EVENT_KINDS["returned"]], f"/patches/{pk}/return/",
                                       {**data, "reason": "压测：照片未见建筑，请重新核查"})
                return self._write([EVENT_KINDS["confirmed"]], f"/patches/{pk}/confirm/", data)
            if not confirm and "data-photo-form" in page:
                if self.upload_photo(pk, _csrf(page)) != "ok":
                    return None
                page = self.get(f"/patches/{pk}/")
                version = re.search(r'name="version" value="(\d+)"', page)
                if version is None or 'id="judge"' not in page:
                    return None
                return self._write([EVENT_KINDS["judged"]], f"/patches/{pk}/judge/", {
                    "csrfmiddlewaretoken": _csrf(page), "version": version.group(1), "judgement": "illegal",
                    "basis": f"压测：新建厂房，未见批准 {time.monotonic_ns()}"})
            return None

        def register(self, batch: str) -> None:
            """A confirmed illegal patch becomes a case through the registration form the patch fills."""
            listed = re.findall(r'data-patch="(\d+)"',
                                self.get(f"/patches/batches/{batch}/?status=confirmed&judgement=illegal"))
            if not listed:
                return time.sleep(0.3)
            pk = self.rng.choice(listed)
            path = f"/cases/register/patch/{pk}/"
            data = soak._form_data(self.get(path), "title")
            if data is None or not data.get("village"):
                return None  # made a case meanwhile (the page led to it)
            data.update({"party_kind": "person", "party_name": f"压测卫片当事人{time.monotonic_ns()}",
                         "category": "other", "confirm_duplicate": "on"})
            kinds = [EVENT_KINDS["registered"], "registered"]
            try:
                status, text, location = self.request(path, data)
            except soak.Failed:
                with self.stats.lock:
                    self.stats.in_doubt.update(kinds)
                raise
            made = re.match(r"/cases/(\d+)/$", urllib.parse.urlsplit(location).path) if status == 302 else None
            with self.stats.lock:
                if made:
                    self.stats.ok.update(kinds)
                    self.stats.registered_pks.append(int(made.group(1)))
                else:
                    self.stats.refused.update(kinds)

        def assign_inbox(self, batch: str) -> None:
            """A patch in no village's boundary, from the township office's inbox, to one of its villages."""
            listed = re.findall(r'data-patch="(\d+)"', self.get(f"/patches/batches/{batch}/?village=none"))
            if not listed:
                return time.sleep(0.3)
            pk = self.rng.choice(listed)
            page = self.get(f"/patches/{pk}/")
            villages = soak._options(page, "village")
            version = re.search(r'name="version" value="(\d+)"', page)
            if not villages or version is None:
                return None  # assigned meanwhile by the other desk
            self._write([EVENT_KINDS["assigned"]], f"/patches/{pk}/assign/", {
                "csrfmiddlewaretoken": soak._csrf(page), "version": version.group(1),
                "village": self.rng.choice(villages)})

        def close_out(self, batch: str) -> None:
            """销号 of an illegal patch whose case is closed (the scale data links two a township)."""
            listed = re.findall(r'data-patch="(\d+)"',
                                self.get(f"/patches/batches/{batch}/?status=confirmed&judgement=illegal"))
            for pk in self.rng.sample(listed, min(len(listed), 4)):
                page = self.get(f"/patches/{pk}/")
                if 'data-action="close"' in page:
                    form = page[page.index('action="/patches/' + pk + '/close/"'):]
                    version = re.search(r'name="version" value="(\d+)"', form)
                    return self._write([EVENT_KINDS["closed"]], f"/patches/{pk}/close/", {
                        "csrfmiddlewaretoken": soak._csrf(page), "version": version.group(1),
                        "note": "压测：已拆除复耕"})
            return time.sleep(0.3)

        def outline(self) -> None:
            """The office draws the outline of one of its cases (four corners near 120°E 30°N)."""
            pk = self.pool.pick(self.username, self.rng)
            if pk is None:
                return None
            page = self.get(f"/cases/{pk}/outline/")
            version = re.search(r'name="version" value="(\d+)"', page)
            if version is None:
                return None  # not the office's to draw (a closed or handed-over case)
            lon, lat = 120.0 + self.rng.random() / 10, 30.0 + self.rng.random() / 10
            ring = [[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0004], [lon, lat + 0.0004], [lon, lat]]
            self._write([OUTLINE_SET], f"/cases/{pk}/outline/", {
                "csrfmiddlewaretoken": soak._csrf(page), "version": version.group(1),
                "drawn": json.dumps({"type": "Polygon", "coordinates": [ring]})})

        def load_layer(self) -> None:
            """The office loads a zone layer of its township (a GeoJSON upload); it replaces the one in force."""
            page = self.get("/patrols/units/layers/")
            units = soak._options(page, "unit")
            if not units:
                return None
            lon, lat = 120.0 + self.rng.random() / 10, 30.0 + self.rng.random() / 10
            geojson = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
                "NAME": "压测区域"}, "geometry": {"type": "Polygon", "coordinates": [[
                    [lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]]}}]})
            self.upload("/patrols/units/layers/", {"csrfmiddlewaretoken": soak._csrf(page), "unit": units[0],
                                                   "kind": "other", "name": f"压测区域{time.monotonic_ns()}"},
                        "file", "压测.geojson", "application/geo+json", geojson.encode(), LAYER_LOADED)

        def load_batch(self) -> None:
            """The office loads a small batch of three patches for its township (a GeoJSON upload)."""
            page = self.get("/patches/")
            units = soak._options(page, "unit")
            if not units:
                return None
            tag = time.monotonic_ns()
            lon, lat = 120.0 + self.rng.random() / 10, 30.0 + self.rng.random() / 10
            features = [{"type": "Feature", "properties": {"TBBH": f"压测{tag}-{k}"}, "geometry": {
                "type": "Polygon", "coordinates": [[[lon + k * 0.001, lat], [lon + k * 0.001 + 0.0004, lat],
                                                    [lon + k * 0.001 + 0.0004, lat + 0.0003],
                                                    [lon + k * 0.001, lat]]]}} for k in range(3)]
            today = soak._today()
            self.upload("/patches/", {
                "csrfmiddlewaretoken": soak._csrf(page), "unit": units[-1], "name": f"压测卫片{tag}",
                "issued_on": today.isoformat(), "verify_by": today.isoformat(), "close_by": today.isoformat()},
                "file", "压测卫片.geojson", "application/geo+json",
                json.dumps({"type": "FeatureCollection", "features": features}).encode(), BATCH_LOADED)

        def upload_photo(self, pk: str, csrf: str) -> str:
            """The photo form as the phone sends it (multipart); 'ok' when the page it leads to says so."""
            if PatchDesk.photo is None:
                PatchDesk.photo = _jpeg()
            return self.upload(f"/patches/{pk}/photos/", {"csrfmiddlewaretoken": csrf}, "photo", "soak.jpg",
                               "image/jpeg", PatchDesk.photo, EVENT_KINDS["photo"])

        def upload(self, path: str, fields: dict, file_field: str, filename: str, content_type: str,
                   content: bytes, kind: str) -> str:
            """A multipart form with one file; 'ok' when the page it leads to says done."""
            Failed, timed_out, dropped = soak.Failed, soak.TIMED_OUT, soak.DROPPED
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                     for name, value in fields.items()]
            parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"'
                      f"\r\nContent-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n",
                      f"--{boundary}--\r\n".encode()]
            request = urllib.request.Request(self.base + path, data=b"".join(parts), headers={
                "Referer": self.base + path, "Content-Type": f"multipart/form-data; boundary={boundary}"})
            self.wrote = True
            try:
                try:
                    with self.opener.open(request, timeout=soak.REQUEST_TIMEOUT) as response:
                        status, text, location = response.status, response.read().decode("utf-8", "replace"), ""
                except urllib.error.HTTPError as exc:
                    status, text = exc.code, exc.read().decode("utf-8", "replace")
                    location = exc.headers.get("Location", "")
                except OSError as exc:
                    status, text, location = (timed_out if isinstance(exc, TimeoutError) else dropped), str(exc), ""
                self.stats.record(status, text, path)
                if status in (dropped, timed_out) or status >= 500:
                    raise Failed(status)
                outcome = "refused"
                if status == 302:
                    landed = self.get(urllib.parse.urlsplit(location).path)
                    outcome = "ok" if "alert-success alert-dismissible" in landed else "refused"
            except Failed:
                with self.stats.lock:
                    self.stats.in_doubt[kind] += 1
                raise
            with self.stats.lock:
                (self.stats.ok if outcome == "ok" else self.stats.refused)[kind] += 1
            return outcome

    return PatchDesk


def checks() -> dict:
    """After a phase: no step twice, every status agreeing with its last step (see the module's docstring)."""
    from django.db.models import Count, F, Q

    from patches.models import Patch, PatchEvent, PatchPhoto, PatchStatus

    per_patch = Patch.objects.annotate(
        confirmed=Count("events", filter=Q(events__kind=PatchEvent.Kind.CONFIRMED)),
        judged=Count("events", filter=Q(events__kind=PatchEvent.Kind.JUDGED)),
        returned=Count("events", filter=Q(events__kind=PatchEvent.Kind.RETURNED)),
        registered=Count("events", filter=Q(events__kind__in=[PatchEvent.Kind.REGISTERED, PatchEvent.Kind.JOINED])),
    ).filter(batch__name="规模数据卫片")
    confirmed_twice = per_patch.filter(confirmed__gt=1).count() + per_patch.filter(registered__gt=1).count()
    # The scale data judged half of them before the soak (no event): one judgement more is allowed there.
    judged_too_often = per_patch.filter(judged__gt=1 + F("returned")).count()
    # (A patch in a case without a registration event is the scale data's: linked to a closed case.)
    wrong_status = (per_patch.filter(confirmed__gt=0).exclude(status=PatchStatus.CONFIRMED).count()
                    + per_patch.filter(status=PatchStatus.PENDING).exclude(judgement="").count()
                    + per_patch.filter(registered__gt=0, case__isnull=True).count())
    photos = PatchPhoto.objects.filter(patch__batch__name="规模数据卫片").exclude(original_name="scale.jpg").count()
    photo_events = PatchEvent.objects.filter(kind=PatchEvent.Kind.PHOTO).count()
    return {"patches_confirmed_twice": confirmed_twice, "patches_judged_too_often": judged_too_often,
            "patches_status_disagreeing": wrong_status, "patch_photos": photos,
            "patch_photos_without_event": max(0, photos - photo_events)}
