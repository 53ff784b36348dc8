"""deploy/terminal/nftables.conf loaded for real, in a pretend terminal: a network
namespace made by the test, joined to a pretend network namespace by a veth pair on
addresses of its own (nothing on this machine's network is touched). The pretend network
holds the server's and the resolver's addresses from the file (10.20.0.10, 10.20.0.1) and
another host; the terminal reaches the server on 443 and DNS on 53, and nothing else."""
from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from core import PROJECT_ROOT
from tests.deploy.nginx_site import tool

pytestmark = pytest.mark.deploy

RULES = PROJECT_ROOT / "deploy" / "terminal" / "nftables.conf"
SERVER, RESOLVER, OTHER, TERMINAL = "10.20.0.10", "10.20.0.1", "10.20.0.99", "10.20.0.50"
# The file's `reject with icmpx type admin-prohibited`, as a program sees it: at once.
REFUSED_TCP, REFUSED_UDP = "EHOSTUNREACH", "EPERM"
# A listener in the pretend network: answers each TCP connection, echoes each UDP datagram.
LISTEN = """
import socket, sys, threading
def tcp(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen()
    while True:
        c, _ = s.accept(); c.sendall(b"hello"); c.close()
def udp(address, port):  # bound to one address, so that the answer comes from it
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((address, port))
    while True:
        data, peer = s.recvfrom(100); s.sendto(data, peer)
for p in (443, 22, 80, 5432, 53): threading.Thread(target=tcp, args=(p,), daemon=True).start()
for a in sys.argv[1:]:
    for p in (53, 123): threading.Thread(target=udp, args=(a, p), daemon=True).start()
print("ready", flush=True); sys.stdin.read()
"""
PROBE = """
import errno, socket, sys
kind, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    if kind == "tcp":
        s = socket.create_connection((host, port), timeout=5); print(s.recv(5).decode())
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
        s.sendto(b"hello", (host, port)); print(s.recv(5).decode())
except OSError as error:
    print(errno.errorcode.get(error.errno, type(error).__name__))
"""


def ip(*args: str) -> None:
    subprocess.run([tool("ip"), *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def network():
    if os.geteuid() != 0:
        pytest.fail("the firewall test makes network namespaces: run as root (CI does)")
    tag = uuid.uuid4().hex[:6]
    terminal, lan = f"bbterm{tag}", f"bblan{tag}"
    ip("netns", "add", terminal)
    ip("netns", "add", lan)
    listener = None
    try:
        ip("-n", terminal, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0",
           "netns", lan)
        ip("-n", terminal, "addr", "add", f"{TERMINAL}/24", "dev", "eth0")
        for address in (SERVER, RESOLVER, OTHER):
            ip("-n", lan, "addr", "add", f"{address}/24", "dev", "eth0")
        for namespace in (terminal, lan):
            ip("-n", namespace, "link", "set", "lo", "up")
            ip("-n", namespace, "link", "set", "eth0", "up")
        subprocess.run([tool("ip"), "netns", "exec", terminal, tool("nft"), "-f", str(RULES)],
                       check=True, capture_output=True, timeout=60)
        listener = subprocess.Popen([tool("ip"), "netns", "exec", lan, "python3", "-c", LISTEN,
                                     SERVER, RESOLVER, OTHER],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert listener.stdout.readline().strip() == "ready"
        yield terminal, lan
    finally:
        if listener:
            listener.kill()
            listener.wait(timeout=30)
        ip("netns", "del", terminal)
        ip("netns", "del", lan)


def probe(namespace: str, kind: str, host: str, port: int) -> str:
    result = subprocess.run([tool("ip"), "netns", "exec", namespace, "python3", "-c", PROBE,
                             kind, host, str(port)], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() or result.stderr


@pytest.mark.parametrize("kind,host,port,answer", [
    ("tcp", SERVER, 443, "hello"),           # the kiosk, over HTTPS
    ("udp", RESOLVER, 53, "hello"),          # DNS
    ("tcp", RESOLVER, 53, "hello"),
    ("tcp", SERVER, 22, REFUSED_TCP),    # SSH
    ("tcp", SERVER, 80, REFUSED_TCP),
    ("tcp", SERVER, 5432, REFUSED_TCP),  # PostgreSQL
    ("tcp", OTHER, 443, REFUSED_TCP),    # any other host, even on 443
    ("udp", SERVER, 123, REFUSED_UDP),   # NTP is not in the file
    ("udp", OTHER, 53, REFUSED_UDP),     # DNS only to the resolver
])
def test_the_terminal_reaches_only_the_server_on_443_and_dns(network, kind, host, port, answer):
    terminal, _ = network
    assert probe(terminal, kind, host, port) == answer


def test_nothing_can_connect_to_the_terminal(network):
    terminal, lan = network
    server = subprocess.Popen([tool("ip"), "netns", "exec", terminal, "python3", "-c",
                               "import socket,sys; s=socket.socket(); s.bind(('0.0.0.0',8443));"
                               "s.listen(); print('ready', flush=True); c,_=s.accept(); c.sendall(b'hello');"
                               "sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        assert probe(lan, "tcp", TERMINAL, 8443) == "TimeoutError"  # dropped, not answered
        assert probe(terminal, "tcp", "127.0.0.1", 8443) == "hello"  # its own loopback: yes
    finally:
        server.kill()
        server.wait(timeout=30)


def test_without_the_rules_everything_is_reachable(network):
    """The control: the same namespaces without the firewall reach what it refuses."""
    terminal, _ = network
    subprocess.run([tool("ip"), "netns", "exec", terminal, tool("nft"), "flush", "ruleset"],
                   check=True, timeout=60)
    try:
        assert probe(terminal, "tcp", SERVER, 22) == "hello"
        assert probe(terminal, "tcp", OTHER, 443) == "hello"
    finally:
        subprocess.run([tool("ip"), "netns", "exec", terminal, tool("nft"), "-f", str(RULES)],
                       check=True, timeout=60)


