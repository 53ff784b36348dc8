from pathlib import Path

from core.models import Role
from core.services.requests import topics

ICONS = Path(__file__).resolve().parents[4] / "static" / "vendor" / "icons"


def test_every_topic_has_a_vendored_icon():
    for topic in topics.TOPICS:
        assert (ICONS / f"{topic.icon}.svg").exists(), topic.code


def test_codes_are_unique_and_health_is_not_a_topic():
    codes = [t.code for t in topics.TOPICS]
    assert len(codes) == len(set(codes))
    assert not any("health" in code for code in codes)


def test_every_group_has_topics():
    assert all(topics.grouped()[group] for group in topics.Group)


def test_teams_follow_the_domain_roles():
    assert topics.get("dagpenger").team == Role.ADVISER
    assert topics.get("housing").team == Role.SOCIAL_WORKER
    assert topics.get("release_parole").team == Role.SOCIAL_WORKER
    assert topics.get("career_guidance").team == Role.SCHOOL
    assert topics.get("nope") is None


def test_officers_and_admins_read_no_request_content():
    for role in (Role.OFFICER, Role.TRAINER, Role.PRISON_ADMIN, Role.SYSTEM_ADMIN):
        assert topics.handled_by({role}) == set()
    advisers = topics.handled_by({Role.ADVISER})
    assert "dagpenger" in advisers and "housing" not in advisers
    assert topics.handled_by({Role.SOCIAL_WORKER}) >= {"housing", "release_parole"}
