"""PDFs are made offline (core.web.pdf): our stylesheet and fonts are read from static/,
and every other address (the network, other files on the disk) is refused."""
import io

import pytest
from pypdf import PdfReader

from core.web import pdf


@pytest.mark.parametrize("url", [
    "http://example.com/style.css", "https://fonts.googleapis.com/css", "file:///etc/passwd",
    pdf.BASE + "../core/config.py", pdf.BASE + "css/../../pyproject.toml",
    pdf.BASE + "css/no-such-file.css", "data:text/css,body{}"])
def test_anything_but_our_static_files_is_refused(url):
    with pytest.raises(ValueError):
        pdf.fetcher().fetch(url)


def test_our_stylesheet_and_fonts_are_served():
    css = pdf.fetcher().fetch(pdf.BASE + "css/pdf.css")
    assert b"source-sans-3-core-400-normal.woff2" in css.read()
    font = pdf.fetcher().fetch(pdf.BASE + "vendor/fonts/source-sans-3/"
                               "source-sans-3-core-400-normal.woff2")
    assert font.read()[:4] == b"\x00\x01\x00\x00"  # served as TrueType, decompressed once


def test_a_page_with_a_remote_image_renders_without_it_and_embeds_our_font(monkeypatch):
    asked = []
    real = pdf._local_fetcher

    def spy():
        fetcher = real()
        original = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf, "_local_fetcher", spy)
    data = pdf.render('<!doctype html><html lang="nb"><head><link rel="stylesheet" '
                      'href="css/pdf.css"></head><body><h1>Etter løslatelsen</h1>'
                      '<img src="http://example.com/x.png" alt=""></body></html>')
    reader = PdfReader(io.BytesIO(data))
    assert "Etter løslatelsen" in reader.pages[0].extract_text()
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
             for f in [f.get_object()]}
    assert fonts and all("BB-Sans" in name for name in fonts), fonts
    assert "http://example.com/x.png" in asked  # asked for, and refused


@pytest.mark.parametrize("lang, direction, text", [
    ("uk", "ltr", "Після звільнення"), ("ar", "rtl", "بعد الإفراج"),
    ("pl", "ltr", "Po zwolnieniu: łączność"), ("ro", "ltr", "După eliberare: ș ț")])
def test_every_kiosk_language_prints_in_our_fonts(lang, direction, text):
    """Issue 18: the take-home sheet prints in the inmate's language; no glyph may come
    from a system font."""
    data = pdf.render(f'<!doctype html><html lang="{lang}" dir="{direction}"><head>'
                      f'<link rel="stylesheet" href="css/pdf.css"></head><body><h1>{text}</h1>'
                      f'<p>{text}</p></body></html>')
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("BB-Sans" in name for name in fonts), fonts  # not DejaVu
