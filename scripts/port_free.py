"""`make serve` and `make preview` start here: is the port free on 127.0.0.1? If not, one line in
the terminal's language (LANG) says so and how to pick another, instead of the server's traceback.

    python scripts/port_free.py 8000 [serve]
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's roadmap/, without make too
from roadmap.messages import message, terminal_language  # noqa: E402


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on ``host:port`` now. SO_REUSEADDR as the servers set it, so a
    port left in TIME_WAIT by the last run counts as free, as it is for them."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def busy_message(port: int, command: str = "serve", **variables: str) -> str:
    """The line to print, suggesting the same command on the next port: ``variables`` are the
    command's other make variables (``ARTIFACT=…`` for preview), quoted for the shell."""
    given = "".join(f" {name}={shlex.quote(value)}" for name, value in variables.items())
    return message("port_busy", port=port, suggestion=f"make {command}{given} PORT={port + 1}").get(terminal_language())


def main(argv: list[str]) -> int:
    port, command = int(argv[0]), (argv[1] if len(argv) > 1 else "serve")
    if port_free(port):
        return 0
    print(busy_message(port, command), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
