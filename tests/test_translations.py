"""The message catalogues are complete, correct and really in the right language.

msgids are English, extracted from the sources listed in babel.cfg.  A string
added to the code or a template without a Norwegian translation fails here:
run ``python scripts/translations.py update``, translate the empty msgstr
entries in translations/nb/LC_MESSAGES/messages.po, and run the tests again.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[1]


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "brobygger_translations", ROOT / "scripts" / "translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tr = _load_script()
LOCALES = tr.LOCALES


@pytest.fixture(scope="module")
def template():
    """Every msgid in the sources right now, extracted in-process with babel.cfg."""
    return tr.extract(ROOT)


@pytest.fixture(scope="module")
def catalogues():
    return {locale: tr.read_catalogue(tr.po_path(locale), locale) for locale in LOCALES}


def _messages(catalog):
    return [m for m in catalog if m.id]


def _show(ids) -> str:
    return "\n  ".join(repr(i) for i in sorted(ids, key=str))


def test_every_kiosk_locale_has_a_catalogue():
    """The staff app's two and the kiosk's eight more (core.locales)."""
    assert set(LOCALES) == {"nb", "en", "nn", "se", "pl", "lt", "ro", "uk", "ar", "so"}
    assert tr.SOURCE_LOCALE == "en"
    for locale in LOCALES:
        assert tr.po_path(locale).exists(), locale


def test_kiosk_only_catalogues_hold_the_kiosk_messages(template):
    kiosk = tr.kiosk_ids(template)
    assert "Sign in" in kiosk and "Language" in kiosk
    staff_only = tr.source_ids(template) - kiosk
    # the staff app's own screens are not translated into the kiosk-only locales
    assert "Work on several requests" in staff_only


def test_extraction_reads_python_and_templates(template):
    """Guards the other tests: a broken babel.cfg must not make them pass vacuously."""
    files = {filename for m in template for filename, _line in m.locations}
    for prefix in ("core/", "kiosk/", "admin/", "templates/"):
        assert any(f.startswith(prefix) for f in files), f"nothing extracted from {prefix}"
    ids = tr.source_ids(template)
    # Babel skips folders named "_..." unless told not to: the shared macros are there
    assert any(f.startswith("templates/_components/") for f in files)
    assert "Sign in" in ids  # templates
    assert "The password must be at least %(min)s characters." in ids  # core/web/messages.py
    assert "Inmate number" in ids  # lazy_gettext in the forms
    assert len(ids) > 100


@pytest.mark.parametrize("locale", LOCALES)
def test_no_untranslated_or_fuzzy_messages(catalogues, locale):
    catalog = catalogues[locale]
    untranslated = [m.id for m in _messages(catalog) if tr.is_untranslated(m)]
    fuzzy = [m.id for m in _messages(catalog) if m.fuzzy]
    assert not untranslated, f"untranslated in {locale}:\n  {_show(untranslated)}"
    assert not fuzzy, f"fuzzy in {locale}:\n  {_show(fuzzy)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_source_string_is_in_the_catalogue(template, catalogues, locale):
    have = {m.id for m in _messages(catalogues[locale])}
    missing = tr.wanted_ids(template, locale) - have
    assert not missing, (
        f"in the sources but not in the {locale} catalogue "
        f"(run `python scripts/translations.py update` and translate):\n  {_show(missing)}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match(catalogues, locale):
    wrong = []
    for message in _messages(catalogues[locale]):
        if tr.is_untranslated(message):
            continue  # reported by test_no_untranslated_or_fuzzy_messages
        mismatch = tr.placeholder_mismatch(message)
        if mismatch:
            wrong.append(f"{message.id!r}: {mismatch}")
    # Babel's own checks (python-format consistency, plural form count).
    for message, errors in catalogues[locale].check():
        wrong.extend(f"{message.id!r}: {error}" for error in errors)
    assert not wrong, f"placeholder errors in {locale}:\n  " + "\n  ".join(wrong)


def test_placeholder_helper_spots_a_mismatch():
    from babel.messages.catalog import Message

    good = Message("Hello, %(name)s", "Hei, %(name)s")
    renamed = Message("Hello, %(name)s", "Hei, %(navn)s")
    dropped = Message("Open until %(time)s, opened by %(name)s", "Åpen til %(time)s")
    assert tr.placeholder_mismatch(good) is None
    assert tr.placeholder_mismatch(renamed)
    assert tr.placeholder_mismatch(dropped)
    assert tr.placeholders("100%% of %(n)d") == ["%(n)d"]


def test_nb_is_norwegian(catalogues):
    nb = catalogues["nb"]
    expected = {
        "Sign in": "Logg inn",
        "Sign out": "Logg ut",
        "Inmate number": "Innsattnummer",
        "PIN code": "PIN-kode",
        "Enrolment code": "Registreringskode",
        "I need more time": "Jeg trenger mer tid",
        "Home municipality": "Hjemkommune",
        "Expected release date": "Forventet løslatelsesdato",
    }
    for msgid, msgstr in expected.items():
        assert nb.get(msgid) is not None, f"{msgid!r} is not in the nb catalogue"
        assert nb.get(msgid).string == msgstr
    # Translations that just copy the English are rare ("Status", "Start").
    same = [m.id for m in _messages(nb) if m.string == m.id]
    assert len(same) <= max(3, len(_messages(nb)) // 20), f"nb copies English:\n  {_show(same)}"


def test_nb_plural_forms(catalogues):
    assert catalogues["nb"].plural_forms == "nplurals=2; plural=(n != 1);"
    assert str(catalogues["nb"].locale) == "nb"


# Which plural form gettext picks for these counts (issue 18), by CLDR's rules as Babel
# writes them into each catalogue's Plural-Forms header: pl, lt, uk, ro and se have three
# forms, Arabic six (zero, one, two, few, many, other).
PLURAL_COUNTS = (0, 1, 2, 5, 11, 21, 22, 101)
PLURAL_FORMS = {
    "nb": (1, 0, 1, 1, 1, 1, 1, 1), "nn": (1, 0, 1, 1, 1, 1, 1, 1),
    "en": (1, 0, 1, 1, 1, 1, 1, 1), "so": (1, 0, 1, 1, 1, 1, 1, 1),
    "pl": (2, 0, 1, 2, 2, 2, 1, 2),  # 1 plik, 2/22 pliki, 0/5/11/21/101 plików
    "uk": (2, 0, 1, 2, 2, 0, 1, 0),  # 1/21/101 файл, 2/22 файли, 0/5/11 файлів
    "lt": (2, 0, 1, 1, 2, 0, 1, 0),  # 1/21/101 diena, 2/5/22 dienos, 0/11 dienų
    "ro": (1, 0, 1, 1, 1, 2, 2, 1),  # 1 zi, 0/2/5/11/101 zile, 21/22 de zile
    "se": (2, 0, 1, 2, 2, 2, 2, 2),  # one, two, other
    "ar": (0, 1, 2, 3, 4, 4, 4, 5),
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    out = tmp_path_factory.mktemp("mo")
    tr.compile_catalogues(out_dir=out)
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_forms_follow_babels_rules(locale, compiled):
    """The compiled catalogue picks each count's form as CLDR says, and every plural
    message in it reads with each count (no placeholder missing)."""
    translations = Translations.load(str(compiled), [locale], domain=tr.DOMAIN)
    assert tuple(translations.plural(n) for n in PLURAL_COUNTS) == PLURAL_FORMS[locale]
    catalog = tr.read_catalogue(tr.po_path(locale), locale)
    for message in _messages(catalog):
        if not message.pluralizable or tr.is_untranslated(message):
            continue
        assert len(message.string) == catalog.num_plurals, message.id
        names = set(re.findall(r"%\((\w+)\)", message.id[0] + message.id[1]))
        for n in PLURAL_COUNTS:
            text = translations.ngettext(message.id[0], message.id[1], n)
            assert text.strip(), (locale, message.id, n)
            text % {name: n for name in names}  # raises on a placeholder it lacks


def test_en_is_the_english_source(catalogues):
    assert catalogues["en"].get("Sign in").string == "Sign in"


def test_catalogues_compile_and_translate(tmp_path):
    tr.compile_catalogues(out_dir=tmp_path)
    nb = Translations.load(str(tmp_path), ["nb"], domain=tr.DOMAIN)
    en = Translations.load(str(tmp_path), ["en"], domain=tr.DOMAIN)
    assert nb.gettext("Sign in") == "Logg inn"
    assert en.gettext("Sign in") == "Sign in"
    assert (nb.gettext("The password must be at least %(min)s characters.") % {"min": 12}
            == "Passordet må ha minst 12 tegn.")


def test_check_reports_a_new_untranslated_string(tmp_path):
    """The check the tests rely on really fails when a template gains a string."""
    shutil.copytree(ROOT / "translations", tmp_path / "translations",
                    ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.html").write_text(
        '<p>{{ _("Sign in") }} {{ _("A brand new string %(x)s", x=1) }}</p>\n'
        "{% trans %}\n  A trimmed\n  block {% endtrans %}\n",
        encoding="utf-8",
    )
    errors, _warnings = tr.problems(tmp_path)
    joined = "\n".join(errors)
    for locale in LOCALES:
        assert f"translations/{locale}/LC_MESSAGES/messages.po: missing" in joined
    assert "A brand new string %(x)s" in joined
    assert "'A trimmed block'" in joined  # trimmed like the runtime policy
    assert not any("'Sign in'" in e for e in errors)


def test_no_gettext_call_hides_from_the_extractor(template):
    """A gettext call inside an f-string is never extracted, so it is never translated
    ("All received (9)" in the Norwegian forms inbox): the check reads the syntax trees."""
    missed, literals = tr.missed_calls(ROOT, template)
    assert not missed, "gettext calls the extractor cannot see:\n  " + "\n  ".join(missed)
    assert "Inmate number" in literals  # the scan really read the sources


def test_check_reports_a_call_inside_an_f_string(tmp_path):
    shutil.copytree(ROOT / "translations", tmp_path / "translations",
                    ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "page.py").write_text(
        'from flask_babel import gettext as _\n'
        'label = f"{_(\'Sign in\')} (3)"\n'
        'name = _(label)\n'
        'fine = _("Sign out")\n', encoding="utf-8")
    missed, literals = tr.missed_calls(tmp_path, tr.extract(tmp_path, tmp_path / "babel.cfg"))
    joined = "\n".join(missed)
    assert "admin/page.py:2: 'Sign in' is not extracted" in joined
    assert "admin/page.py:3: _() of something other than a literal" in joined
    assert "Sign out" not in joined and literals == {"Sign in", "Sign out"}


def test_todo_and_fill_tell_a_message_with_context_from_one_without(tmp_path, monkeypatch):
    """"Closed" and "Closed" in the context "request status" are two messages; fill keyed
    them by msgid alone and could not fill the second."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="pl", domain=tr.DOMAIN)
    catalog.add("Closed")
    catalog.add("Closed", context="request status")
    monkeypatch.setattr(tr, "TRANSLATIONS", tmp_path)
    tr.po_path("pl").parent.mkdir(parents=True)
    tr.po_path("pl").write_bytes(tr.render_po(catalog))
    assert tr.todo("pl") == {"Closed": "", "request status\x04Closed": ""}
    tr.fill({"Closed": "Zamknięte", "request status\x04Closed": "Zakończone"}, "pl")
    filled = tr.read_catalogue(tr.po_path("pl"), "pl")
    assert filled.get("Closed").string == "Zamknięte"
    assert filled.get("Closed", context="request status").string == "Zakończone"
    assert tr.todo("pl") == {}


# The kiosk's page with the inmate's own release plan is "My plan for release" (its title in
# templates/kiosk/release_plan/index.html and its tile on the start page): a label that sends
# the reader there names it so, in each language, never "Min plan" (no such page).
PLAN_PAGE = "My plan for release"


def _label_msgid(name: str) -> str:
    """The msgid of the label the code shows for the plan items' "visible to the inmate":
    ``kiosk`` in the inmate's innsyn report, ``staff`` on the staff app's item form."""
    if name == "kiosk":
        from core.web.data_labels import FACTS

        return FACTS["visible_to_inmate"]._args[0]  # a lazy_gettext: (msgid,)
    from admin.release.forms import ItemForm

    return ItemForm.visible_to_inmate.args[0]._args[0]  # the field's label, a lazy_gettext


@pytest.mark.parametrize("label, locale", [
    *(("kiosk", locale) for locale in LOCALES),  # shown to the inmate: every kiosk language
    *(("staff", locale) for locale in tr.locales.STAFF),  # the staff app's catalogues
])
def test_a_label_names_the_plan_page_as_the_kiosk_does(template, catalogues, compiled, label,
                                                       locale):
    msgid = _label_msgid(label)
    assert msgid in tr.wanted_ids(template, locale), (label, locale)  # really in the catalogue
    message = catalogues[locale].get(msgid)
    assert message is not None and not tr.is_untranslated(message), (msgid, locale)
    translations = Translations.load(str(compiled), [locale], domain=tr.DOMAIN)
    page = translations.gettext(PLAN_PAGE)
    assert (page == PLAN_PAGE) if locale == "en" else (page != PLAN_PAGE)  # translated
    shown = translations.gettext(msgid)
    assert page in shown, f"{locale}: {shown!r} does not name the page {page!r}"
