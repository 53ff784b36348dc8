"""Lessons on NAV's digital services: the module list, a page per step with its check
question, a summary at the end of a module, the glossary, read-aloud and larger text.

Progress lives in core.services.learning.progress: opening a step remembers it (to resume there),
the first answer to a question counts. Certificates are in kiosk/learning/certificates.py.
Every page works without JavaScript: answers and settings are plain POST forms, and the
read-aloud is an <audio> element playing an Ogg Opus file this app makes
(core.services.learning.speech).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, request, send_file, url_for

from core.services.learning import progress as learning, speech
from core.services.learning.lesson_html import plain_text
from core.services.learning.lesson_parts import Module
from core.services.learning.lessons import catalogue
from core.web import headers
from core.web.access import access
from core.web.translations import locale_code
from core.web.app import safe_next
from kiosk import render
from kiosk.learning.lesson_forms import AnswerForm

bp = Blueprint("lessons", __name__, url_prefix="/lessons")
AUDIO_MAX_AGE = 365 * 24 * 3600  # the sound's URL changes with its text


def _ext():
    return current_app.extensions["brobygger"]


def _db():
    return _ext().db_session()



def _module(key: str) -> Module:
    module = catalogue().modules.get(key)
    if module is None:
        abort(404)
    return module


def _position(module: Module, step_id: str) -> int:
    if step_id not in module.step_ids:
        abort(404)
    return module.step_ids.index(step_id)


def _speech_binary() -> str:
    return current_app.config.get("SPEECH_BINARY", speech.BINARY)


def _speech_encoder() -> str:
    return current_app.config.get("SPEECH_ENCODER", speech.ENCODER)


def _order(module: Module, step) -> list[int]:
    """The signed-in inmate's own order of the step's options."""
    return learning.shown_order(step.question, g.inmate.id, module.key, step.id)


def _spoken(module: Module, step) -> str:
    """What read-aloud says: the options in the order this inmate sees them."""
    return plain_text(step, _order(module, step))


def spoken_language(module: Module, language: str) -> str:
    """The language a step of ``module`` is shown in on a page in ``language``: its own, or
    bokmål's where the module has no text in it yet (Module.text falls back)."""
    return language if language in module.texts else "nb"


@bp.app_template_global()
def read_aloud_url(module: Module, step, language: str) -> str | None:
    """Where a step's sound is, or None when there is none: espeak-ng has no voice for the
    language the step is shown in (nynorsk, Northern Sámi, Somali: the page then simply has
    no player, nothing says anything is broken), or the server cannot speak (no espeak-ng or
    no encoder)."""
    language = spoken_language(module, language)
    if not speech.has_voice(language):
        return None
    if not speech.available(_speech_binary(), _speech_encoder()):
        return None
    version = speech.cache_key(_spoken(module, step), language)[:16]
    return url_for("lessons.audio", module_key=module.key, step_id=step.id,
                   language=language, v=version)


@bp.get("/")
@access("inmate")
def index():
    states = learning.states(_db(), g.inmate)
    return render("lessons/index.html", states=list(states.values()), lang=locale_code(),
                  any_completed=any(s.completed_at for s in states.values()))


@bp.route("/<module_key>/steps/<step_id>", methods=["GET", "POST"])
@access("inmate")
def step(module_key: str, step_id: str):
    module = _module(module_key)
    position = _position(module, step_id)
    lang = locale_code()
    current = module.text(lang).steps[position]
    form = AnswerForm.for_question(current.question, _order(module, current))
    e = _ext()
    answered, status = None, 200
    if request.method == "POST":
        if form.validate_on_submit():
            answered = learning.answer(_db(), e.now(), g.inmate, module.key, current.id,
                                       form.answer.data, lang)
        else:
            status = 400
    else:
        learning.open_step(_db(), e.now(), g.inmate, module.key, current.id)
    return _step_page(module, position, form, answered), status


def _step_page(module: Module, position: int, form: AnswerForm, answered):
    lang = locale_code()
    steps = module.text(lang).steps
    current = steps[position]
    glossary_url = url_for("lessons.glossary", back=f"{module.key}.{current.id}")
    return render(
        "lessons/step.html", module=module, text=module.text(lang), step=current,
        number=position + 1, total=len(steps), form=form, answered=answered, lang=lang,
        text_lang=spoken_language(module, lang),
        body=catalogue().step_html(current, spoken_language(module, lang), glossary_url),
        previous=steps[position - 1] if position else None,
        following=steps[position + 1] if position + 1 < len(steps) else None)


@bp.get("/<module_key>/summary")
@access("inmate")
def summary(module_key: str):
    module = _module(module_key)
    lang = locale_code()
    return render("lessons/summary.html", module=module, text=module.text(lang), lang=lang,
                  state=learning.state(_db(), g.inmate, module.key))


@bp.post("/<module_key>/restart")
@access("inmate")
def restart(module_key: str):
    module = _module(module_key)
    learning.restart(_db(), _ext().now(), g.inmate, module.key)
    return redirect(url_for("lessons.step", module_key=module.key, step_id=module.step_ids[0]))


@bp.get("/glossary")
@access("inmate")
def glossary():
    lang = locale_code()
    terms = sorted(catalogue().glossary.values(), key=lambda t: _sort_key(t.title(lang)))
    letters: dict[str, list] = {}
    for term in terms:
        letters.setdefault(_initial(term.title(lang)), []).append(term)
    return render("lessons/glossary.html", letters=letters, lang=lang, back=_back_to_step())


NORWEGIAN_ORDER = {"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"}


def _sort_key(title: str) -> str:
    """Alphabetical in Norwegian: æ, ø and å come last, after z."""
    folded = title.casefold()
    return "".join(NORWEGIAN_ORDER.get(ch, ch) for ch in folded if ch.isalnum() or ch in " ")


# Arabic indexes file alef with hamza or madda (and alef wasla) under the letter alef.
SAME_LETTER = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def _initial(title: str) -> str:
    """The index letter a term is filed under."""
    return next((ch.upper().translate(SAME_LETTER) for ch in title if ch.isalnum()), "#")


def _back_to_step():
    """The step a glossary link was followed from (?back=module.step), if it exists."""
    module_key, _, step_id = request.args.get("back", "").partition(".")
    module = catalogue().modules.get(module_key)
    if module is None or step_id not in module.step_ids:
        return None
    return url_for("lessons.step", module_key=module.key, step_id=step_id)


@bp.get(f"/<module_key>/steps/<step_id>/audio/<any({', '.join(speech.VOICES)}):language>.opus")
@access("inmate")
def audio(module_key: str, step_id: str, language: str):
    """The step read aloud, in the language asked for (one espeak-ng has a voice for, and the
    module has a text in), with the options in the inmate's own order; the browser may keep
    it (the URL carries the spoken text's version)."""
    module = _module(module_key)
    if spoken_language(module, language) != language:
        abort(404)  # bokmål's text is not read with another language's voice
    current = module.text(language).steps[_position(module, step_id)]
    try:
        path = speech.sound(_spoken(module, current), language,
                            Path(_ext().settings.speech_cache_dir), binary=_speech_binary(),
                            encoder=_speech_encoder())
    except speech.SpeechError as error:
        current_app.logger.error("read-aloud: %s", error)
        return render("error.html", code=503), 503
    response = send_file(path, mimetype=speech.MIMETYPE, conditional=True,
                         max_age=AUDIO_MAX_AGE,
                         download_name=f"{module.key}-{current.id}-{language}{speech.SUFFIX}")
    response.headers["Content-Language"] = language
    return headers.cacheable(response, AUDIO_MAX_AGE)


@bp.post("/large-text")
@access("inmate")
def large_text():
    """Larger text on or off, remembered for the inmate; back to the page it was set on."""
    learning.set_large_text(_db(), _ext().now(), g.inmate, request.form.get("large_text") == "1")
    return redirect(safe_next(request.form.get("next"), url_for("lessons.index")))
