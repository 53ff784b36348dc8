"""Errors raised by services and turned into user-facing messages by the views."""


class ServiceError(Exception):
    """A rule refused the action. ``code`` is stable; views map it to a translated text."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NotFound(ServiceError):
    """Missing, or outside what the caller may see: the two are indistinguishable."""

    def __init__(self) -> None:
        super().__init__("not_found")
