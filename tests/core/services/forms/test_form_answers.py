"""Parsing, checking and showing generic form answers, and the snapshot."""
from datetime import date

import pytest

from core.services.forms import answers as fa
from core.services.forms.definitions import Question, Text, registry

ON = date(2026, 3, 2)


def _form(key):
    return registry().current(key, ON)


def _question(form, key):
    return _form(form).questions[key]


@pytest.mark.parametrize("form, key, raw, value", [
    ("social_assistance", "amount", "12 500", 12500),
    ("social_assistance", "amount", "12500 kr", 12500),
    ("social_assistance", "amount", "900,-", 900),
    ("social_assistance", "home_municipality", "0301", "0301"),
    ("social_assistance", "needs", ["rent", "living"], ["living", "rent"]),
    ("jobseeker", "level", "primary", "primary"),
    ("jobseeker", "limitations", "no", "no"),
    ("jobseeker", "more", "  ", None),
    ("jobseeker", "last_job", " Kokk ", "Kokk"),
])
def test_good_answers(form, key, raw, value):
    assert fa.parse(_question(form, key), raw) == value


@pytest.mark.parametrize("form, key, raw, code", [
    ("social_assistance", "amount", "", "answer_required"),
    ("social_assistance", "amount", "12.5", "number_format"),
    ("social_assistance", "amount", "mye", "number_format"),
    ("social_assistance", "amount", "0", "number_range"),
    ("social_assistance", "amount", "200001", "number_range"),
    ("social_assistance", "home_municipality", "9999", "municipality_unknown"),
    ("social_assistance", "home_municipality", "", "choose_one"),
    ("social_assistance", "needs", [], "choose_one_or_more"),
    ("social_assistance", "needs", ["rent", "car"], "choice_unknown"),
    ("jobseeker", "level", "phd", "choice_unknown"),
    ("jobseeker", "limitations", "maybe", "choice_unknown"),
    ("jobseeker", "limitations", "", "choose_one"),
    ("jobseeker", "last_job", "x" * 121, "text_too_long"),
])
def test_bad_answers_name_the_problem(form, key, raw, code):
    with pytest.raises(fa.AnswerError) as error:
        fa.parse(_question(form, key), raw)
    assert error.value.code == code


def test_a_hidden_question_gets_no_answer_and_a_bad_one_keeps_what_was_typed():
    step = _form("jobseeker").step("work")
    values, problems = fa.check_step(step, {"situation": "never", "last_job": "Kokk",
                                            "work_inside": "yes"}, {})
    assert values == {"situation": "never", "last_job": None, "work_inside": "yes"}
    assert problems == []
    values, problems = fa.check_step(step, {"situation": "recent", "last_job": "x" * 200}, {})
    assert values["last_job"] == "x" * 200
    assert [(p.field, p.code) for p in problems] == [("last_job", "text_too_long"),
                                                     ("work_inside", "choose_one")]


def test_check_all_and_clean_follow_the_conditions():
    form = _form("social_assistance")
    answers = {"home_municipality": "0301", "housing": "family", "housing_cost": 5000,
               "income_now": "no", "expected": "none", "needs": ["living"], "amount": 4000}
    cleaned = fa.clean(form, answers)
    assert "housing_cost" not in cleaned
    assert fa.check_all(form, cleaned) == []
    assert [p.field for p in fa.check_all(form, {**cleaned, "amount": None})] == ["amount"]


def test_answers_are_shown_in_the_language_of_the_page():
    form = _form("social_assistance")
    assert fa.display(form.questions["amount"], 12500, "nb") == "12\u00a0500 kr"
    assert fa.display(form.questions["income_now"], "yes", "en") == "Yes"
    assert fa.display(form.questions["home_municipality"], "0301", "nb") == "Oslo – Oslove (0301)"
    assert fa.display(form.questions["needs"], ["living", "rent"], "en") == (
        "Food, clothes and other everyday costs; Rent")
    assert fa.display(form.questions["explain"], None, "nb") == "Ikke besvart"


def test_the_snapshot_keeps_every_text_shown_with_the_answers():
    form = _form("jobseeker")
    answers = {"level": "none", "situation": "never", "work_inside": "no",
               "limitations": "yes", "wants": ["cv"]}
    shot = fa.snapshot(form, answers, "en")
    assert shot["title"] == "Register as a job seeker" and shot["version"] == 1
    assert shot["confirm"] == "I confirm that my answers are correct."
    education = shot["steps"][0]
    assert [i["key"] for i in education["items"]] == ["level"]  # completed/passed hidden
    limits = shot["steps"][2]
    assert limits["guidance"].startswith("Do not write what it is about")
    assert limits["items"][0]["shown"] == "Yes"


def test_a_record_in_another_language_keeps_bokmals_question_beside():
    """Issue 18: the inmate's record is in the language used; staff read it with the
    bokmål text of every question and step beside."""
    form = _form("jobseeker")
    answers = {"level": "none", "situation": "never", "work_inside": "no",
               "limitations": "yes", "wants": ["cv"]}
    shot = fa.snapshot(form, answers, "pl")
    item = shot["steps"][0]["items"][0]
    assert item["label_nb"] == form.questions["level"].label("nb")
    assert shot["steps"][0]["title_nb"] == form.steps[0].title("nb")
    assert shot["language"] == "pl"
    assert shot["steps"][2]["items"][0]["shown"] == "Tak"  # the answer in the inmate's words
    assert "label_nb" not in fa.snapshot(form, answers, "nb")["steps"][0]["items"][0]


@pytest.mark.parametrize("language, yes, date_text", [
    ("nb", "Ja", "2. mars 2026"), ("pl", "Tak", "2 marca 2026"),
    ("lt", "Taip", "2026 m. kovo 2 d."), ("uk", "Так", "2 березня 2026\u202fр."),
    ("ar", "نعم", "2 مارس 2026"), ("xx", "Ja", "2. mars 2026")])
def test_answers_are_shown_in_every_kiosk_language(language, yes, date_text):
    form = _form("jobseeker")
    assert fa.display(form.questions["limitations"], "yes", language) == yes
    question = Question("moved_in", "date", Text({"nb": "Dato", "en": "Date"}))
    assert fa.display(question, ON.isoformat(), language) == date_text
