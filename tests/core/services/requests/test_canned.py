"""Standard replies: loaded and checked from content/replies, offered per team and
language."""
import pytest

from core import locales
from core.services.requests import canned


def test_the_shipped_replies_load_in_every_kiosk_language():
    """Issue 18: an adviser answers in the inmate's language from a standard reply."""
    replies = canned.load()
    assert len(replies) >= 5
    for reply in replies:
        assert set(reply.texts) == set(locales.KIOSK)
        assert reply.teams <= set(canned.TEAMS)


def test_a_reply_comes_in_the_inmates_language_or_else_in_bokmal():
    reply = canned.get("received_soon", {"adviser"})
    assert reply.text("en")[1] == "en" and reply.text("en")[0].startswith("Hello")
    assert reply.text("pl") == (reply.texts["pl"], "pl") != (reply.texts["nb"], "pl")
    assert reply.text("other") == (reply.texts["nb"], "nb")  # no text in it: bokmål
    assert canned.get("school_start", {"adviser"}) is None  # not the adviser's reply
    assert canned.get("nonsense", {"adviser"}) is None
    assert {r.key for r in canned.for_teams({"school"})} >= {"school_start", "not_us"}


@pytest.mark.parametrize("body, problem", [
    ('[[reply]]\nkey = "a b"\n', "plain identifier"),
    ('[[reply]]\nkey = "x"\nteams = ["officer"]\n', "'teams'"),
    ('[[reply]]\nkey = "x"\nteams = ["adviser"]\ntitle.nb = "T"\ntext.nb = "T"\n', "nb and en"),
    ('[[reply]]\nkey = "x"\nteams = ["adviser"]\ntitle.nb = "T"\ntitle.en = "T"\n'
     'text.nb = "T"\ntext.en = "T"\ntext.de = "T"\n', "unknown language"),
    ('[[reply]]\nkey = "x"\nteams = ["adviser"]\ntitle.nb = "T"\ntitle.en = ""\n'
     'text.nb = "T"\ntext.en = "T"\n', "non-empty"),
    ("key = [", "broken.toml"),
])
def test_a_broken_file_names_the_problem(tmp_path, body, problem):
    (tmp_path / "broken.toml").write_text(body, encoding="utf-8")
    with pytest.raises(canned.RepliesError, match=problem):
        canned.load(tmp_path)


def test_a_key_used_twice_is_refused(tmp_path):
    entry = ('[[reply]]\nkey = "x"\nteams = ["adviser"]\ntitle.nb = "T"\ntitle.en = "T"\n'
             'text.nb = "T"\ntext.en = "T"\n')
    (tmp_path / "a.toml").write_text(entry, encoding="utf-8")
    (tmp_path / "b.toml").write_text(entry, encoding="utf-8")
    with pytest.raises(canned.RepliesError, match="used twice"):
        canned.load(tmp_path)
