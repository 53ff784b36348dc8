"""A test's HTTP server, served from a daemon thread and stopped promptly.

``serve_forever`` checks for a shutdown request once per poll interval; at the standard
library's default of 0.5 s, stopping an end-to-end test's two servers held its teardown
up by 0.3 to 0.7 s (35 s of the suite's teardown time), with the CPU idle. A
shorter interval makes an idle server's thread wake 20 times a second, which costs next
to nothing."""
from __future__ import annotations

import threading

POLL_INTERVAL = 0.05  # seconds


def serve(server) -> threading.Thread:
    """Serve ``server`` (a socketserver) from a daemon thread, started."""
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": POLL_INTERVAL}, daemon=True)
    thread.start()
    return thread


def stop(server, thread: threading.Thread) -> None:
    """Stop serving, close the socket and wait for the thread."""
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
