"""A sent meldekort in the shape the adviser re-keys into Nav's system, per card type
(core.services.forms.meldekort.rekey), read from the snapshot alone."""
from core.services.forms.meldekort.rekey import rekey


def _snapshot(card_type, items, rows, days, fixed=None, language="nb"):
    weeks = [{"label": "Uke 8", "days": days[:7]}, {"label": "Uke 9", "days": days[7:]}]
    return {"form": "meldekort", "language": language, "card_type": card_type,
            "fixed_answers": fixed or {}, "steps": [{"items": items}],
            "grid": {"shown_rows": rows, "weeks": weeks} if rows else None}


def _days(**changes):
    days = [{"date": f"2026-02-{16 + n:02d}", "label": f"dag {n + 1}", "hours": None,
             "course": False, "ill": False, "absence": False} for n in range(14)]
    for number, change in changes.items():
        days[int(number[1:]) - 1].update(change)
    return days


def test_the_arena_card_gives_nav_s_activities_and_the_hidden_question_5():
    shot = _snapshot("aap_arena", [{"key": "arbeidet", "shown": "Ja"}], ["work", "absence"],
                     _days(d2={"hours": "7.5"}, d3={"absence": True}, d4={"hours": "0"}),
                     fixed={"arbeidssoker": True})
    found = rekey(shot)
    assert found.questions == [("arbeidet", "Ja"), ("arbeidssoker", "Ja")]
    assert [(d.date, d.fields) for d in found.days] == [
        ("2026-02-17", [("Arbeid", "7,5")]), ("2026-02-18", [("Fravaer", "Ja")])]


def test_the_new_aap_card_gives_hours_and_nav_s_absence_codes():
    shot = _snapshot("aap_kelvin", [{"key": "arbeidet", "shown": "Yes"},
                                    {"key": "fravaer", "shown": "Yes"}],
                     ["work", "aap_absence"],
                     _days(d1={"hours": "4"}, d2={"aap_absence": "illness"}), language="en")
    found = rekey(shot)
    assert found.questions == [("harDuJobbet", "Yes"), ("harDuHattFravær", "Yes")]
    assert [d.fields for d in found.days] == [[("timerArbeidet", "4")],
                                              [("fravær", "SYKDOM_ELLER_SKADE")]]


def test_the_new_tiltakspenger_card_gives_nav_s_status_per_day():
    shot = _snapshot("tiltakspenger_new", [], ["status"],
                     _days(d1={"status": "no_right"}, d3={"status": "took_part"},
                           d4={"status": "sleeping"}))
    assert [d.fields for d in rekey(shot).days] == [
        [("status", "IKKE_RETT_TIL_TILTAKSPENGER")], [("status", "DELTATT_UTEN_LØNN_I_TILTAKET")],
        [("status", "sleeping")]]


def test_a_card_with_no_days_and_other_forms():
    found = rekey(_snapshot("dagpenger", [{"key": "arbeidet", "shown": "Nei"}], [], _days()))
    assert found.days == [] and found.questions == [("arbeidet", "Nei")]
    assert rekey({"form": "jobseeker", "steps": []}) is None
    assert rekey({}) is None
