"""The soak's enforcement desks (issue 20), driven beside the township's work (bench/soak.py).

After the decision: each desk is a session of a township's office or of its leader, working the
cases the scale data left where the next step is due today (cases/enforcement_scale.py): the
office serves the 催告书, records the party's statement on it, the court's ruling, the execution
(by day, never a residence's utilities: 行政强制法 第四十三条), a 复议 or 诉讼 brought and its outcome
— withdrawing the 公示 of a decision the court revoked —, a fine's payment with its surcharge, a
referral to the police and the police's answer; the leader reviews the statement, applies to the
court, approves a deferral of the fine and approves 结案. Two sessions of each office and leader
(one of them per township sharing a login) compete for the same cases: the services' locks and
versions keep each step to once.

Each write is counted like the others (``per_kind``: written / confirmed / in doubt). After the
phase (``checks``): no case applied to the court, ruled on, closed, referred or paid with the same
receipt twice; every challenge ended at most once; every revoked decision's publication withdrawn
once at most and none withdrawn without a revocation.
"""

import re
import sys
import time
import uuid

# Stage (cases/enforcement_scale.py) -> the kinds its writes are counted under, in order.
EVENT_KINDS = {
    "demand_statement": "demand_statement", "review": "demand_statement_reviewed", "apply": "court_applied",
    "ruling": "court_ruled", "execute": "enforcement_recorded", "close": "case_closed",
    "challenge": "challenge_filed", "challenge_end": "challenge_ended", "withdraw": "publication_withdrawn",
    "payment": "fine_paid", "arrangement": "fine_arranged", "referral": "referred_to_police",
    "referral_answer": "referral_answered",
}
DEMAND = "demand"  # the 催告书, drafted, issued and served through the documents' pages (soak.serve_paper)
DEMAND_KINDS = {f"{DEMAND} {stage}" for stage in ("drafted", "issued", "served")}
WRITE_KINDS = {*EVENT_KINDS.values(), *DEMAND_KINDS}
# Which desk takes which stage first (the office's, then the leader's), in the order of the law.
OFFICE_STAGES = ("demand", "demand_statement", "ruling", "execute", "challenge", "challenge_upheld",
                 "challenge_revoked", "payment", "referral", "referral_answer")
HEAD_STAGES = ("demand_statement", "apply", "arrangement", "close")
# Sessions per township (bench/soak.py): the office's three share its ten stages, each starting a third
# further on, so that a short phase on a busy machine still takes every one; the leader's two share four.
SESSIONS = {"enforcement": 3, "enforcement_head": 2}
# Steps the case page offers only until they are made: one whose write an outage left in doubt is taken
# again once the database is back if the page still offers it (the others stay in doubt).
ONCE_OFFERED = frozenset({"demand_statement", "review", "apply", "ruling", "close", "challenge_end",
                          "referral_answer"})
ONCE = ("court_applied", "court_ruled", "case_closed", "referred_to_police", "referral_answered",
        "demand_statement_reviewed", "publication_withdrawn")


def counts() -> dict:
    """The 催告书's papers by stage, for ``soak.snapshot`` (the events are counted there)."""
    from django.db.models import Count, Q

    from documents.models import CaseDocument

    row = CaseDocument.objects.filter(kind=DEMAND).aggregate(
        drafted=Count("id"), issued=Count("id", filter=Q(sequence__isnull=False)), served=Count("service"))
    return {f"{DEMAND} {stage}": n for stage, n in row.items()}


def make_desk(base_class):
    """The township's enforcement desk: a ``VirtualUser`` logged in as its office (role
    "enforcement") or its leader (role "enforcement_head")."""
    soak = sys.modules[base_class.__module__]  # run as a script, soak is __main__: its Failed is caught

    class EnforcementDesk(base_class):
        phase_stats = None
        todo: list = []
        doubted: set = set()  # (step, case) whose write an outage left in doubt (shared: a login's sessions)
        sessions: dict = {}  # per login and role: how many desks share it (each starts elsewhere in the list)

        def step(self) -> None:
            if self.phase_stats is not self.stats:  # a new phase: every stage of this round once
                self.phase_stats = self.stats
                if not hasattr(self, "turn"):
                    key = (self.username, self.role)
                    self.turn = EnforcementDesk.sessions[key] = EnforcementDesk.sessions.get(key, -1) + 1
                stages = HEAD_STAGES if self.role == "enforcement_head" else OFFICE_STAGES
                start = self.turn * len(stages) // SESSIONS[self.role] % len(stages)
                self.todo = [*stages[start:], *stages[:start]]
            if not self.todo:  # all taken: the desk reads what it did, as a clerk checks the list
                from cases.penalty_scale import STAGE_TITLE_MARK

                self.get(self.urls["case_list"] + "?q=" + soak.urllib.parse.quote(STAGE_TITLE_MARK + self.round_mark))
                return time.sleep(0.5)
            stage = self.todo.pop(0)
            if stage.startswith(("resume:", "withdraw:")):
                # A 催告书 whose drafting, issue or service an outage left in doubt, seen through from what
                # the case shows; the 公示 of a revoked decision, offered by the case page until withdrawn.
                what, pk = stage.split(":")
                try:
                    return self.resume_paper(int(pk), DEMAND) if what == "resume" else self.withdraw(int(pk))
                except soak.Failed:
                    self.todo.insert(0, stage)
                    raise
            try:
                done = self.take(stage)
            except soak.Failed:  # the database went down: the stage is taken again once it is back
                self.todo.insert(0, stage)
                raise
            if done is None and self.stats.running():  # not offered yet (the office's step first): later
                self.todo.append(stage)
                time.sleep(0.2)

        # ---------------------------------------------------------------------------------------

        def cases(self, stage: str) -> list[int]:
            from cases.enforcement_scale import STAGES

            query = soak.urllib.parse.quote(f"{self.round_mark}（{STAGES[stage][0]}）")
            return list(dict.fromkeys(int(pk) for pk in re.findall(
                r'href="/cases/(\d+)/"', self.get(f"{self.urls['case_list']}?q={query}"))))

        def take(self, stage: str) -> bool | None:
            """The stage's step on its case of this township and round; True once done (or taken by the
            other session), None while the case does not offer it yet."""
            step = {"challenge_upheld": "challenge_end", "challenge_revoked": "challenge_end"}.get(stage, stage)
            if self.role == "enforcement_head" and stage == "demand_statement":
                step = "review"
            pending = False
            for pk in self.cases(stage):
                if self.pool.claimed(f"{self.round_mark}{step}", pk):
                    continue
                page = self.get(f"/cases/{pk}/")
                link = self.link(step, pk, page)
                if link is None and (step, pk) in self.doubted:  # the write in doubt was made: done
                    if self.pool.claim(f"{self.round_mark}{step}", pk) and stage == "challenge_revoked":
                        self.todo.insert(0, f"withdraw:{pk}")
                    continue
                if link is None:
                    pending = True
                    continue
                if not self.pool.claim(f"{self.round_mark}{step}", pk):
                    continue
                self.wrote = False
                try:
                    outcome = self.write(step, stage, pk, link)
                except soak.Failed:
                    # Nothing sent: the case waits for the next try. Sent: it may have been made, and
                    # stays taken; a 催告书 is seen through from what the case shows (``resume_paper``).
                    if not self.wrote:
                        self.pool.release(f"{self.round_mark}{step}", pk)
                    elif step == "demand":
                        self.todo.insert(0, f"resume:{pk}")
                    elif step in ONCE_OFFERED:  # once back, the case page says whether it was made
                        self.doubted.add((step, pk))
                        self.pool.release(f"{self.round_mark}{step}", pk)
                    raise
                if step == "challenge_end" and stage == "challenge_revoked" and outcome == "ok":
                    self.todo.insert(0, f"withdraw:{pk}")  # the revoked decision's 公示, next
            return None if pending else True

        def link(self, step: str, pk: int, page: str) -> str | None:
            paths = {
                "demand": f"/documents/case/{pk}/new/?kind=demand",
                "demand_statement": f"/cases/{pk}/demand-statement/",
                "review": f"/cases/{pk}/review-demand-statement/", "apply": f"/cases/{pk}/apply-to-court/",
                "ruling": f"/cases/{pk}/court-ruling/", "execute": f"/cases/{pk}/enforcement/",
                "close": f"/cases/{pk}/approve-closing/", "challenge": f"/cases/{pk}/record-challenge/",
                "challenge_end": f"/cases/{pk}/end-challenge/", "payment": f"/cases/{pk}/fine/payment/",
                "arrangement": f"/cases/{pk}/fine/arrangement/", "referral": f"/cases/{pk}/referrals/new/",
            }
            if step == "referral_answer":
                found = re.search(rf'href="(/cases/{pk}/referrals/\d+/answer/)"', page)
                return found.group(1) if found else None
            return paths[step] if f'href="{paths[step]}"' in page else None

        def write(self, step: str, stage: str, pk: int, path: str) -> str | None:
            if step == "demand":
                return self.serve_paper(pk, DEMAND)
            form = self.get(path)
            first = {"demand_statement": "content", "review": "reasons", "apply": "court", "ruling": "ruling",
                     "execute": "carried_out_on", "close": "occurred_on", "challenge": "body",
                     "challenge_end": "outcome", "payment": "amount", "arrangement": "reason",
                     "referral": "police_organ", "referral_answer": "outcome"}[step]
            data = soak._form_data(form, first)
            if data is None:
                return None
            today = soak._today()
            day = today.isoformat()
            data.update({
                "demand_statement": {"received_on": day, "content": "压测：当事人称房屋系自住，请求宽限拆除期限"},
                "review": {"review": "not_accepted", "reviewed_on": day,
                           "reasons": "压测：经复核，当事人所述不影响违法事实的认定，不予采纳"},
                "apply": {"court": "规模县人民法院", "filed_on": day,
                          "materials": re.findall(r'name="materials" value="([^"]+)"', form)},
                "ruling": {"ruling": "accepted", "ruled_on": day, "note": "压测：准予强制执行"},
                "execute": {"kind": "demolition", "carried_out_on": day, "started_at": "09:00", "area_m2": "300",
                            "result": "压测：违法建筑已拆除"},
                "close": {"ground": "executed", "occurred_on": day, "note": "压测：已执行完毕"},
                "challenge": {"kind": "reconsideration", "body": "规模县人民政府", "filed_on": day},
                "challenge_end": {"outcome": "revoked" if stage == "challenge_revoked" else "upheld",
                                  "outcome_on": day},
                "payment": {"paid_on": day, "amount": "100.00", "bank": "压测银行",
                            "receipt_number": f"压测{uuid.uuid4().hex[:12]}"},
                "arrangement": {"kind": "deferral", "applied_on": day, "approved_on": day,
                                "reason": "压测：当事人家庭经济困难，申请暂缓缴纳；经批准",
                                "due_1": (today + soak.datetime.timedelta(days=60)).isoformat()},
                "referral": {"police_organ": "规模县公安局", "approved_on": day, "sent_on": day,
                             "note": "压测：附调查报告"},
                "referral_answer": {"received_on": day, "outcome": "filed", "outcome_on": day},
            }[step])
            outcome = self._write([EVENT_KINDS[step]], path, data)
            if outcome == "refused":  # why, in the report: a stale version, or the law said no
                said = re.findall(r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>\s*([^<]+)', self.refusal)
                with self.stats.lock:
                    self.stats.refusals.append(f"{step} {path}: {'; '.join(said)[:200]}")
            return outcome

        def withdraw(self, pk: int) -> str | None:
            """The 公示 of the decision the court revoked, withdrawn (行政处罚法 第四十八条第二款)."""
            found = re.search(rf'href="(/cases/{pk}/publication/\d+/withdraw/)"', self.get(f"/cases/{pk}/"))
            if found is None:
                return None
            form = self.get(found.group(1))
            data = soak._form_data(form, "reason")
            if data is None:
                return None
            data.update(withdrawn_on=soak._today().isoformat(), reason="压测：行政处罚决定已被人民法院判决撤销")
            return self._write([EVENT_KINDS["withdraw"]], found.group(1), data)

    return EnforcementDesk


def checks() -> dict:
    """What must hold once the phase is over, whatever the desks raced for."""
    from django.db.models import Count

    from cases.enforcement_scale import STAGES
    from cases.fine_models import FinePayment
    from cases.models import CaseEvent, DecisionPublication, LegalChallenge, ViolationCase
    from cases.penalty_scale import STAGE_TITLE_MARK

    marks = tuple(f"（{mark}）" for mark, _measures, _days in STAGES.values())
    staged = [pk for pk, title in ViolationCase.objects.filter(title__contains=STAGE_TITLE_MARK)
              .values_list("pk", "title") if title.endswith(marks)]
    twice = list(CaseEvent.objects.filter(case_id__in=staged, kind__in=ONCE).values("case_id", "kind")
                 .annotate(n=Count("id")).filter(n__gt=1).values_list("case_id", "kind", "n")[:10])
    receipts = FinePayment.objects.values("receipt_number").annotate(n=Count("id")).filter(n__gt=1).count()
    challenges_ended_twice = CaseEvent.objects.filter(case_id__in=staged, kind="challenge_ended").values(
        "case_id").annotate(n=Count("id")).filter(n__gt=1).count()
    revoked = LegalChallenge.objects.filter(outcome="revoked").values("case_id")
    withdrawn_without = DecisionPublication.objects.filter(withdrawn_on__isnull=False).exclude(
        case_id__in=revoked).count()
    return {"enforcement_steps_twice": len(twice), "enforcement_steps_twice_samples": twice,
            "fine_receipts_twice": receipts, "challenges_ended_twice": challenges_ended_twice,
            "publications_withdrawn_without_revocation": withdrawn_without}


def failures(result: dict, phase: str) -> list[str]:
    """The ``checks`` that failed, as the soak reports them."""
    if not (result["enforcement_steps_twice"] or result["fine_receipts_twice"] or result["challenges_ended_twice"]
            or result["publications_withdrawn_without_revocation"]):
        return []
    return [f"{phase}: {result['enforcement_steps_twice']} enforcement steps taken twice on a case "
            f"({result['enforcement_steps_twice_samples'][:3]}), {result['fine_receipts_twice']} bank receipts "
            f"recorded twice, {result['challenges_ended_twice']} challenges ended twice, "
            f"{result['publications_withdrawn_without_revocation']} publications withdrawn with no revoked decision"]

