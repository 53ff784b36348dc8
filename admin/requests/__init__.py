"""Staff pages of requests: the queue and a request's desk, routing per prison, the hand-over
summary. May import core.web and core.services; never kiosk."""
