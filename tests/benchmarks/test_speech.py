"""The read-aloud sizes (benchmarks/speech.py), on two short texts: both ways made and added
up per language, and the Opus a tenth of the WAV at most. Needs espeak-ng and opus-tools."""
from benchmarks import speech as speech_sizes
from core.services.learning import speech
from core.services.learning.lessons import catalogue


def test_every_step_of_every_lesson_in_every_language_is_counted():
    spoken = speech_sizes.texts()
    lessons = catalogue().modules.values()
    assert len(spoken) == sum(len(m.text(lang).steps) for m in lessons for lang in m.texts
                              if lang in speech.VOICES)
    # the kiosk's languages that espeak-ng has a voice for (not nn, se, so)
    assert {language for _, language in spoken} == set(speech.VOICES) == {
        "nb", "en", "pl", "lt", "ro", "uk", "ar"}


def test_the_sizes_are_added_up_per_language_and_in_all():
    assert speech.available(), "needs espeak-ng and opusenc (apt-get install espeak-ng opus-tools)"
    found = speech_sizes.measure([("Hei, dette er Nav.", "nb"), ("Hello, this is Nav.", "en"),
                                  ("Les dette høyt, takk.", "nb")])
    assert (found["nb"].steps, found["en"].steps, found["all"].steps) == (2, 1, 3)
    assert found["all"].wav == found["nb"].wav + found["en"].wav > 0
    assert found["all"].opus == found["nb"].opus + found["en"].opus > 0
    assert 0 < found["all"].share <= found["all"].largest_share <= 0.10
    table = "\n".join(speech_sizes.lines(found))
    assert table.splitlines()[-1].startswith("all ")
