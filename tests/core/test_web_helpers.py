"""Small helpers of core.web shared by both apps."""


def test_redirect_targets_stay_on_the_site():
    from core.web.app import safe_next

    assert safe_next("/home?x=1", "/") == "/home?x=1"
    for bad in (None, "", "//evil.example", "/\\evil.example", "https://evil.example", "home"):
        assert safe_next(bad, "/") == "/"
