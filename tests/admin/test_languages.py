"""Languages in the kiosk (issue 18): administrators see how far each is translated and
whether a native speaker has reviewed it."""
from core import locales
from core.services.languages import status


def test_administrators_see_every_kiosk_language_with_its_status(staff_user):
    staff_user.sign_in("system_admin")
    response = staff_user.client.get("/languages/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for locale in locales.KIOSK_LOCALES:
        assert f'data-language="{locale.code}"' in html
        assert locale.name in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    nb = html.split('data-language="nb"', 1)[1].split("</tr>", 1)[0]
    assert 'data-complete="yes"' in nb
    so = html.split('data-language="so"', 1)[1].split("</tr>", 1)[0]
    assert 'data-reviewed="no"' in so  # machine-made: said as it is
    assert "Ingen stemme på dette språket" in so  # espeak-ng has no Somali voice


def test_status_is_measured_from_the_files(tmp_path, monkeypatch):
    folder = tmp_path / "content" / "lessons" / "01-x"
    folder.mkdir(parents=True)
    (folder / "nb.md").write_text("", encoding="utf-8")
    (folder / "pl.md").write_text("", encoding="utf-8")
    (tmp_path / "content" / "lessons" / "02-y").mkdir()
    monkeypatch.setattr(status, "CONTENT", tmp_path / "content")
    assert status._lessons("pl") == (1, 2)
    assert status._lessons("lt") == (0, 2)
    partly = status.LocaleStatus(locales.get("pl"), 90, 100, 1, 2, 0)
    assert not partly.complete and partly.percent == 100 * 91 // 102
    done = status.LocaleStatus(locales.get("pl"), 100, 100, 2, 2, 0)
    assert done.complete and done.percent == 100
    assert not status.LocaleStatus(locales.get("pl"), 100, 100, 2, 2, 1).complete


def test_the_readme_lists_every_language_with_its_status():
    """The README's table is the one the files give today (copy it from the message)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->", readme.index("<!-- languages:start")) + 3
    shown = readme[start:readme.index("<!-- languages:end -->")].strip()
    status.all_statuses.cache_clear()
    expected = status.markdown_table(status.all_statuses())
    assert shown == expected, f"README.md's language table should read:\n{expected}"
