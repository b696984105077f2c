// launch.py of the exported package: starts the ranks of distributed.py on one machine without
// torchrun, whose torch 1.13 build fails at start under Python 3.11 (Std.from_str("0") is None).
export const LAUNCH_PY = `"""Starts N ranks of a module on this machine, as torchrun --standalone would.

distributed.py calls launch() for \`--nproc N\` when it is not itself a rank. Each rank gets
RANK, LOCAL_RANK, WORLD_SIZE and a free MASTER_PORT on 127.0.0.1 (env:// rendezvous) and this
process's stdout and stderr. SIGINT and SIGTERM are passed on to every rank. When a rank
fails, the others get GRACE_S seconds to finish (they would wait in a collective) before they
are killed, and an error event names the rank.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

GRACE_S = 5.0


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(module, nproc, argv):
    """Runs \`python -m module argv\` as nproc ranks; returns 0, or the first failing rank's code."""
    port = str(_free_port())
    procs = []
    for rank in range(nproc):
        env = {**os.environ, "RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(nproc), "LOCAL_WORLD_SIZE": str(nproc), "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port}
        procs.append(subprocess.Popen([sys.executable, "-m", module, *argv], env=env))

    def forward(signum, frame):
        for p in procs:
            if p.poll() is None:
                p.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    failed, killed = None, False
    while any(p.poll() is None for p in procs):
        if failed is None:
            failed = next(((r, p.returncode) for r, p in enumerate(procs) if p.returncode not in (None, 0)), None)
            deadline = time.time() + GRACE_S
        elif time.time() > deadline:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    killed = True
        time.sleep(0.05)
    failed = failed or next(((r, p.returncode) for r, p in enumerate(procs) if p.returncode != 0), None)
    if failed is None:
        return 0
    if killed:
        print(json.dumps({"event": "error", "message": f"rank {failed[0]} failed (exit code {failed[1]}, see stderr); the other ranks were stopped"}, separators=(",", ":")), flush=True)
    return failed[1] if failed[1] > 0 else 1
`;
