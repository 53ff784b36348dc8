"""Lessons on the kiosk: the list, steps and their questions, resuming, completing and
starting again, the glossary, read-aloud and the larger-text setting."""
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from core import locales
from core.config import Settings
from core.models import Inmate
from core.services.learning import progress as learning, speech
from core.services.learning.lesson_html import plain_text
from core.services.learning.lessons import catalogue
from tests.conftest import csrf_from
from tests.support import world as world_module
from tests.support.statements import recorded, selects

MODULE = catalogue().modules["terminal"]
STEPS = MODULE.text("nb").steps
NEEDS_ESPEAK = ("Read-aloud needs espeak-ng and opusenc on this machine: apt-get install "
                "espeak-ng opus-tools (.ci/run installs them).")


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    """As tests/conftest.py, with the spoken steps kept in this test's own folder."""
    return Settings(env="test", database_url=database_url, secret_key="test-secret",
                    speech_cache_dir=str(tmp_path / "speech"), **world_module.PIN_SETTINGS)


def _step_url(step_id: str, module: str = "terminal") -> str:
    return f"/lessons/{module}/steps/{step_id}"


def _answer(kiosk_user, step, option, module="terminal"):
    return kiosk_user.post(_step_url(step.id, module), {"answer": str(option)})


def _wrong(step) -> int:
    return (step.question.correct + 1) % len(step.question.options)


def _state(database, world, key="terminal"):
    with database.session() as db:
        return learning.state(db, db.get(Inmate, world.inmates["a"].id), key)


def _module_card(html: str, key: str) -> str:
    start = html.index(f'data-module="{key}"')
    return html[start:html.index("</li>", start)]


def test_the_list_shows_every_module_with_its_progress(kiosk_user):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/lessons/").get_data(as_text=True)
    modules = catalogue().ordered()
    assert re.findall(r'data-module="([a-z_]+)"', html) == [m.key for m in modules]
    assert 'href="/lessons/join" data-join-class' in html
    for module in modules:
        card = _module_card(html, module.key)
        assert module.text("nb").title in card and module.text("nb").summary in card
        assert f'data-progress="0/{len(module.step_ids)}"' in card
        assert f'<progress id="progress-{module.key}"' in card
        assert f"0 av {len(module.step_ids)} steg besvart" in card
        assert f"Omtrent {module.minutes} minutter" in card
        assert f'href="{_step_url(module.step_ids[0], module.key)}"' in card
    assert "data-completed" not in html


def test_the_home_page_has_a_tile_for_the_lessons(kiosk_user):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/home").get_data(as_text=True)
    assert 'data-tile="lessons"' in html and 'href="/lessons/"' in html


def test_a_step_shows_its_text_illustration_and_question_and_is_remembered(kiosk_user,
                                                                           database, world):
    kiosk_user.sign_in("A100")
    step = STEPS[1]
    response = kiosk_user.client.get(_step_url(step.id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f">{step.title}</h1>" in html
    assert f'src="/static/{step.image.static_path}"' in html
    assert f'alt="{step.image.alt}"' in unescape(html)
    assert 'data-progress="2/8"' in html and f"Steg 2 av {len(STEPS)}" in html
    assert unescape(html).count('type="radio"') == len(step.question.options)
    assert step.question.text in unescape(html)
    assert 'method="post"' in html and 'name="csrf_token"' in html
    assert f'href="{_step_url(STEPS[0].id)}" rel="prev"' in html
    assert f'href="{_step_url(STEPS[2].id)}" rel="next"' in html
    assert 'kiosk/lessons/_class.html' not in html  # the class hook renders nothing yet
    state = _state(database, world)
    assert (state.started, state.current_step) == (True, step.id)


def test_the_last_step_leads_to_the_summary(kiosk_user):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get(_step_url(STEPS[-1].id)).get_data(as_text=True)
    assert 'href="/lessons/terminal/summary" data-next' in html


def test_a_right_answer_says_so_and_explains(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    step = STEPS[0]
    response = _answer(kiosk_user, step, step.question.correct)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'data-feedback="right"' in html and "Det er riktig!" in html
    assert step.question.explanation in html
    assert f"Ditt svar: {step.question.options[step.question.correct]}" in html
    assert f'href="{_step_url(STEPS[1].id)}"' in html  # Next
    assert 'type="radio"' not in html
    state = _state(database, world)
    assert (state.answered, state.right_first) == (1, 1)


def test_an_answer_reads_the_progress_once(kiosk_user, database):
    """Answering a step reads the module's progress and the step's row once each: the
    step is remembered and answered on the rows read for it (issue 20: read twice)."""
    kiosk_user.sign_in("A100")
    step = STEPS[0]
    token = csrf_from(kiosk_user.client.get(_step_url(step.id)))
    with recorded(database.engine) as statements:
        response = kiosk_user.client.post(_step_url(step.id), data={
            "answer": str(step.question.correct), "csrf_token": token})
    assert response.status_code == 200 and 'data-feedback="right"' in response.get_data(
        as_text=True)
    read = selects(statements)
    assert sum("from module_progress " in s for s in read) == 1
    assert sum("from step_progress " in s and "step_progress.step =" in s for s in read) == 1


def test_a_wrong_answer_gives_the_right_one_and_the_first_answer_counts(kiosk_user, database,
                                                                        world):
    kiosk_user.sign_in("A100")
    step = STEPS[0]
    html = unescape(_answer(kiosk_user, step, _wrong(step)).get_data(as_text=True))
    assert 'data-feedback="wrong"' in html and "Ikke helt" in html
    assert f"Riktig svar er: {step.question.options[step.question.correct]}" in html
    assert step.question.explanation in html
    html = unescape(_answer(kiosk_user, step, step.question.correct).get_data(as_text=True))
    assert 'data-feedback="right"' in html and "Det første svaret ditt er det som teller" in html
    state = _state(database, world)
    assert (state.answered, state.right_first) == (1, 0)


def test_no_answer_is_refused_with_an_error_summary(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    for data in ({}, {"answer": "9"}, {"answer": "x"}):
        response = kiosk_user.post(_step_url(STEPS[0].id), data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "data-bb-error-summary" in html and 'href="#answer"' in html
        assert "Velg et svar." in html and 'id="answer"' in html
    assert _state(database, world).answered == 0


def test_the_inmate_continues_where_they_stopped_after_signing_in_again(kiosk_user):
    kiosk_user.sign_in("A100")
    _answer(kiosk_user, STEPS[0], STEPS[0].question.correct)
    kiosk_user.client.get(_step_url(STEPS[2].id))
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100")
    card = _module_card(kiosk_user.client.get("/lessons/").get_data(as_text=True), "terminal")
    assert f'href="{_step_url(STEPS[2].id)}"' in card
    assert "Fortsett der du slapp" in card and 'data-progress="1/8"' in card


def test_continuing_opens_the_step_after_the_one_answered_last(kiosk_user):
    """Issue 11, fault 14: it went back to the step just answered."""
    kiosk_user.sign_in("A100")
    for step in STEPS[:2]:
        kiosk_user.client.get(_step_url(step.id))
        _answer(kiosk_user, step, step.question.correct)
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100")
    card = _module_card(kiosk_user.client.get("/lessons/").get_data(as_text=True), "terminal")
    assert "Fortsett der du slapp" in card and 'data-progress="2/8"' in card
    assert f'href="{_step_url(STEPS[2].id)}"' in card
    summary = kiosk_user.client.get("/lessons/terminal/summary").get_data(as_text=True)
    assert f'href="{_step_url(STEPS[2].id)}"' in summary


def test_answering_every_question_completes_the_module(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    for step in STEPS[:-1]:
        _answer(kiosk_user, step, step.question.correct)
    html = _answer(kiosk_user, STEPS[-1], STEPS[-1].question.correct).get_data(as_text=True)
    assert "Du har fullført kurset" in html
    assert 'href="/lessons/terminal/summary"' in html
    summary = kiosk_user.client.get("/lessons/terminal/summary").get_data(as_text=True)
    assert 'data-summary="completed"' in summary and "100 % riktig" in summary
    assert 'href="/lessons/certificates/"' in summary
    card = _module_card(kiosk_user.client.get("/lessons/").get_data(as_text=True), "terminal")
    assert "data-completed" in card and "Fullført 2. mars 2026" in card
    assert 'data-progress="8/8"' in card


def test_below_80_percent_the_inmate_starts_again(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    for index, step in enumerate(STEPS):
        _answer(kiosk_user, step, _wrong(step) if index < 3 else step.question.correct)
    summary = kiosk_user.client.get("/lessons/terminal/summary").get_data(as_text=True)
    assert 'data-summary="retry"' in summary and "Du fikk 62 % riktig" in summary
    card = _module_card(kiosk_user.client.get("/lessons/").get_data(as_text=True), "terminal")
    assert "data-needs-retry" in card and 'action="/lessons/terminal/restart"' in card
    response = kiosk_user.post("/lessons/terminal/restart")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_step_url(STEPS[0].id))
    state = _state(database, world)
    assert (state.answered, state.completed_at, state.needs_retry) == (0, None, False)


def test_an_unfinished_module_summary_leads_back_to_the_steps(kiosk_user):
    kiosk_user.sign_in("A100")
    kiosk_user.client.get(_step_url(STEPS[3].id))
    summary = kiosk_user.client.get("/lessons/terminal/summary").get_data(as_text=True)
    assert 'data-summary="unfinished"' in summary
    assert f'href="{_step_url(STEPS[3].id)}"' in summary


def test_unknown_modules_and_steps_are_not_found(kiosk_user):
    kiosk_user.sign_in("A100")
    for path in ("/lessons/nonsense/steps/touch", _step_url("nonsense"),
                 "/lessons/nonsense/summary", _step_url("nonsense") + "/audio/nb.opus"):
        assert kiosk_user.client.get(path).status_code == 404
    assert kiosk_user.post("/lessons/nonsense/restart").status_code == 404


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_glossary_link_lands_on_its_term(kiosk_user, lang):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    glossary = kiosk_user.client.get("/lessons/glossary").get_data(as_text=True)
    anchors = set(re.findall(r'<div class="bb-glossary__term" id="([a-z0-9_]+)"', glossary))
    assert anchors == set(catalogue().glossary)
    linked = set()
    for module in catalogue().ordered():
        for step in module.text(lang).steps:
            html = kiosk_user.client.get(_step_url(step.id, module.key)).get_data(as_text=True)
            for href in re.findall(r'class="aksel-link bb-glossary-link" href="([^"]+)"', html):
                path, _, key = unescape(href).partition("#")
                assert path == f"/lessons/glossary?back={module.key}.{step.id}"
                assert key in anchors, f"{module.key}/{step.id}: no term {key!r}"
                linked.add(key)
    assert len(linked) > 20  # the lessons do link the glossary
    back = kiosk_user.client.get("/lessons/glossary?back=terminal.touch").get_data(as_text=True)
    assert f'href="{_step_url("touch")}" data-back-to-step' in back
    assert "data-back-to-step" not in kiosk_user.client.get(
        "/lessons/glossary?back=nonsense.x").get_data(as_text=True)


def test_the_glossary_is_alphabetical_in_the_page_language(kiosk_user):
    kiosk_user.sign_in("A100")
    html = unescape(kiosk_user.client.get("/lessons/glossary").get_data(as_text=True))
    titles = re.findall(r'<dt class="[^"]*">([^<]+)</dt>', html)
    glossary = catalogue().glossary
    order = " 0123456789abcdefghijklmnopqrstuvwxyzæøå"  # word by word: "Min side", "MinID"
    keys = [[order.index(ch) for ch in t.casefold() if ch in order] for t in titles]
    assert keys == sorted(keys) and len(titles) == len(glossary)
    letters = re.findall(r'<li><a href="#letter-([^"]+)">', html)
    assert letters == sorted(set(letters), key=lambda c: order.index(c.casefold()))
    assert letters[-1] == "Ø" and titles[-1] == "Økonomisk sosialhjelp"  # after Z
    assert all(f'id="letter-{letter}"' in html for letter in letters)
    nb_term = next(iter(glossary.values()))
    assert nb_term.texts["nb"] in html
    kiosk_user.post("/language", {"lang": "en"})
    english = unescape(kiosk_user.client.get("/lessons/glossary").get_data(as_text=True))
    assert nb_term.texts["en"] in english and nb_term.texts["nb"] not in english


def _large(kiosk_user, path="/home") -> bool:
    html = kiosk_user.client.get(path).get_data(as_text=True)
    return "bb-large-text" in re.search(r'<body class="([^"]*)"', html).group(1).split()


def test_larger_text_is_remembered_across_sign_in(kiosk_user):
    kiosk_user.sign_in("A100")
    assert not _large(kiosk_user, "/lessons/")
    response = kiosk_user.post("/lessons/large-text", {"large_text": "1",
                                                       "next": _step_url("touch")})
    assert response.status_code == 302 and response.headers["Location"] == _step_url("touch")
    html = kiosk_user.client.get(_step_url("touch")).get_data(as_text=True)
    assert 'class="bb-kiosk bb-large-text"' in html
    assert re.search(r'name="large_text" value="0"[^>]*aria-pressed="true"', html)
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100")
    for path in ("/home", "/requests/", "/lessons/", "/lessons/glossary"):
        assert _large(kiosk_user, path), path
    response = kiosk_user.post("/lessons/large-text", {"large_text": "0",
                                                       "next": "//evil.example/"})
    assert response.headers["Location"] == "/lessons/"
    assert not _large(kiosk_user)
    kiosk_user.post("/lessons/large-text", {"large_text": "1"})
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200")  # another inmate, the same terminal: their own setting
    assert not _large(kiosk_user)


def test_posts_without_a_csrf_token_are_refused(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    for path, data in ((_step_url("touch"), {"answer": "0"}),
                       ("/lessons/large-text", {"large_text": "1"}),
                       ("/lessons/terminal/restart", {})):
        assert kiosk_user.client.post(path, data=data).status_code == 400
    assert _state(database, world).answered == 0
    assert not _large(kiosk_user)


# ---- Read-aloud (needs espeak-ng, like production) ------------------------------------

def _audio_src(html: str) -> str:
    match = re.search(r'<audio controls preload="none" src="([^"]+)"', html)
    assert match, "no read-aloud player on the page"
    return unescape(match.group(1))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_step_can_be_read_aloud_in_the_page_language(kiosk_user, settings, world, lang):
    assert speech.available(), NEEDS_ESPEAK
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    step = MODULE.text(lang).steps[0]
    html = kiosk_user.client.get(_step_url(step.id)).get_data(as_text=True)
    assert "autoplay" not in html
    src = _audio_src(html)
    assert src.startswith(f"{_step_url(step.id)}/audio/{lang}.opus?v=")
    response = kiosk_user.client.get(src)
    assert response.status_code == 200
    assert response.mimetype == "audio/ogg" and response.headers["Content-Language"] == lang
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_data()
    assert body[:4] == b"OggS" and body[28:36] == b"OpusHead"
    # The options are read in the order this inmate sees them.
    order = learning.shown_order(step.question, world.inmates["a"].id, "terminal", step.id)
    assert _shown_values(html) == order
    spoken = plain_text(step, order)
    assert spoken.endswith(". ".join(step.question.options[i] for i in order) + ".")
    expected = speech.sound(spoken, lang, settings.speech_cache_dir)
    assert body == expected.read_bytes()
    # The page itself is never kept by the browser.
    assert kiosk_user.client.get(_step_url(step.id)).headers["Cache-Control"] == "no-store"


def test_the_sound_is_made_once_and_then_served_from_the_cache(kiosk_user, settings,
                                                                monkeypatch):
    assert speech.available(), NEEDS_ESPEAK
    kiosk_user.sign_in("A100")
    src = _audio_src(kiosk_user.client.get(_step_url("touch")).get_data(as_text=True))
    first = kiosk_user.client.get(src)
    assert first.status_code == 200
    cached = list(Path(settings.speech_cache_dir).iterdir())
    assert [p.suffix for p in cached] == [".opus"]

    def no_second_run(*args, **kwargs):
        raise AssertionError("espeak-ng or opusenc ran again for a cached step")

    monkeypatch.setattr(subprocess, "run", no_second_run)
    again = kiosk_user.client.get(src)
    assert again.status_code == 200 and again.get_data() == first.get_data()
    # A browser that has it asks whether it changed, and is told it did not.
    etag = again.headers["ETag"]
    assert kiosk_user.client.get(src, headers={"If-None-Match": etag}).status_code == 304
    assert list(Path(settings.speech_cache_dir).iterdir()) == cached


def test_the_old_wav_files_are_removed_when_a_sound_is_made(kiosk_user, settings):
    assert speech.available(), NEEDS_ESPEAK
    cache = Path(settings.speech_cache_dir)
    cache.mkdir(parents=True)
    old = cache / ("ab" * 32 + ".wav")
    old.write_bytes(b"RIFF....WAVE")
    kiosk_user.sign_in("A100")
    src = _audio_src(kiosk_user.client.get(_step_url("touch")).get_data(as_text=True))
    assert kiosk_user.client.get(src).status_code == 200
    assert [p.suffix for p in cache.iterdir()] == [".opus"]


def test_nb_and_en_are_different_sounds(kiosk_user):
    assert speech.available(), NEEDS_ESPEAK
    kiosk_user.sign_in("A100")
    nb = kiosk_user.client.get(_step_url("touch") + "/audio/nb.opus")
    en = kiosk_user.client.get(_step_url("touch") + "/audio/en.opus")
    assert nb.status_code == en.status_code == 200
    assert nb.get_data() != en.get_data()
    # Somali: espeak-ng has no voice for it.
    assert kiosk_user.client.get(_step_url("touch") + "/audio/so.opus").status_code == 404
    # The address of the WAV files of earlier versions is gone.
    assert kiosk_user.client.get(_step_url("touch") + "/audio/nb.wav").status_code == 404


def test_the_voice_of_each_kiosk_language_comes_from_core_locales():
    assert speech.VOICES == {locale.code: locale.voice for locale in locales.KIOSK_LOCALES
                             if locale.voice}
    assert {"nb", "en", "pl", "lt", "ro", "uk", "ar"} <= set(speech.VOICES)
    assert not {"nn", "se", "so"} & set(speech.VOICES)


def _stand_in(monkeypatch, lang: str, source: str) -> None:
    """The module and the glossary in ``lang``, with ``source``'s texts standing in for a
    translation (the content files of the other languages come separately)."""
    monkeypatch.setitem(MODULE.texts, lang, MODULE.texts[source])
    for term in catalogue().glossary.values():
        for part in (term.words, term.titles, term.texts):
            monkeypatch.setitem(part, lang, part[source])


@pytest.mark.parametrize("lang", ["pl", "ar"])
def test_a_language_with_a_voice_reads_its_own_text_aloud(kiosk_user, monkeypatch, lang):
    """The module's text in ``lang`` (here the English one standing in for the translation)
    is read with ``lang``'s voice."""
    assert speech.available(), NEEDS_ESPEAK
    _stand_in(monkeypatch, lang, "en")
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    html = kiosk_user.client.get(_step_url("touch")).get_data(as_text=True)
    src = _audio_src(html)
    assert src.startswith(f"{_step_url('touch')}/audio/{lang}.opus?v=")
    response = kiosk_user.client.get(src)
    assert response.status_code == 200 and response.headers["Content-Language"] == lang
    assert response.get_data()[:4] == b"OggS"


def test_a_language_with_a_voice_but_no_lesson_text_yet_reads_the_bokmal_shown(
        kiosk_user, monkeypatch):
    assert speech.available(), NEEDS_ESPEAK
    monkeypatch.delitem(MODULE.texts, "pl", raising=False)
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": "pl"})
    html = kiosk_user.client.get(_step_url("touch")).get_data(as_text=True)
    assert _audio_src(html).startswith(f"{_step_url('touch')}/audio/nb.opus?v=")
    # Bokmål's text is never read with the Polish voice.
    assert kiosk_user.client.get(_step_url("touch") + "/audio/pl.opus").status_code == 404


@pytest.mark.parametrize("lang", ["nn", "se", "so"])
def test_a_language_without_a_voice_has_no_player_and_no_complaint(kiosk_user, monkeypatch,
                                                                    lang):
    """espeak-ng has no voice for nynorsk, Northern Sámi or Somali: the step shows no
    player and says nothing of read-aloud, as if it had never been there."""
    assert speech.available(), NEEDS_ESPEAK  # the server could speak: the voice is missing
    _stand_in(monkeypatch, lang, "nb")
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    response = kiosk_user.client.get(_step_url("touch"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<audio" not in html and "data-read-aloud" not in html
    assert "read-aloud" not in html.lower() and "aksel-alert--error" not in html
    assert kiosk_user.client.get(_step_url("touch") + f"/audio/{lang}.opus").status_code == 404


@pytest.mark.parametrize("missing", ["SPEECH_BINARY", "SPEECH_ENCODER"])
def test_without_espeak_or_the_encoder_there_is_no_player_and_the_sound_is_503(
        kiosk_app, kiosk_user, settings, missing):
    kiosk_app.config[missing] = "/nonexistent/program"
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get(_step_url("touch")).get_data(as_text=True)
    assert "<audio" not in html and "data-read-aloud" not in html
    assert kiosk_user.client.get(_step_url("touch") + "/audio/nb.opus").status_code == 503
    assert not Path(settings.speech_cache_dir).exists() or \
        not any(Path(settings.speech_cache_dir).iterdir())


def test_the_lessons_need_a_signed_in_inmate(kiosk_user):
    kiosk_user.use_terminal("a")
    for path in ("/lessons/", _step_url("touch"), "/lessons/glossary",
                 _step_url("touch") + "/audio/nb.opus"):
        response = kiosk_user.client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/"


# ---- The options' order (issue 11, fault 5) ---------------------------------------------

def _shown_values(html: str) -> list[int]:
    """The options of the check question as shown, top to bottom: their values."""
    return [int(v) for v in re.findall(r'<input[^>]*name="answer"[^>]*value="(\d+)"', html)]


def _shown_labels(html: str) -> list[str]:
    form = html[html.index('class="bb-stack bb-question"'):]
    return [unescape(t).strip() for t in re.findall(r"<label[^>]*>\s*([^<]+?)\s*</label>",
                                                    form)]


def _orders(kiosk_user, number: str, lang: str = "nb") -> list[list[int]]:
    kiosk_user.sign_in(number)
    if lang != "nb":
        kiosk_user.post("/language", {"lang": lang})
    orders = []
    for step in STEPS:
        html = kiosk_user.client.get(_step_url(step.id)).get_data(as_text=True)
        values = _shown_values(html)
        assert sorted(values) == list(range(len(step.question.options)))
        options = MODULE.text(lang).steps[STEPS.index(step)].question.options
        assert _shown_labels(html)[-len(values):] == [options[v] for v in values]
        orders.append(values)
    kiosk_user.post("/sign-out")
    return orders


def test_the_options_are_shuffled_per_person_and_the_same_on_every_visit(kiosk_user):
    first = _orders(kiosk_user, "A100")
    assert first == _orders(kiosk_user, "A100")  # stable across visits and sign-ins
    assert first == _orders(kiosk_user, "A100", "en")  # the same order in English
    other = _orders(kiosk_user, "A200")
    assert other != first  # another person sees another order
    assert any(order[0] != 0 for order in first + other)  # not the file's order


def test_the_right_option_is_right_wherever_it_is_shown(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    for step in STEPS[:3]:
        html = kiosk_user.client.get(_step_url(step.id)).get_data(as_text=True)
        values = _shown_values(html)
        right = step.question.correct
        response = _answer(kiosk_user, step, right)  # the option's own value, wherever it is
        page = unescape(response.get_data(as_text=True))
        assert 'data-feedback="right"' in page, (step.id, values)
        assert f"Ditt svar: {step.question.options[right]}" in page
    assert _state(database, world).right_first == 3


def test_the_arabic_glossary_puts_every_alef_under_one_letter(kiosk_user):
    """Alef with hamza or madda (أ إ آ) is the letter alef (ا) in an Arabic index, not a
    letter of its own: the glossary's A-Z has one alef."""
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": "ar"})
    html = unescape(kiosk_user.client.get("/lessons/glossary").get_data(as_text=True))
    letters = re.findall(r'<li><a href="#letter-([^"]+)">', html)
    titles = re.findall(r'<dt class="[^"]*">([^<]+)</dt>', html)
    assert any(t.lstrip()[0] in "أإآ" for t in titles)  # the glossary has such words
    assert "ا" in letters and not set(letters) & set("أإآٱ")
    assert len(letters) == len(set(letters))
