// A stand-in for the generated mmc_model.distributed, for testing the Node side of the torch
// engine alone: it speaks the progress-line protocol, keeps mmc's initial weights (copied
// from the package beside the shards) as its "trained" weights, and writes a checkpoint
// that records its step. FAKE_MODE picks a behaviour: ok, slow (0.3 s a step, stops on
// SIGINT), error (a user-fixable error event), crash (dies without a word on stdout), nan.
export const FAKE_DISTRIBUTED_PY = `
import argparse, json, os, shutil, signal, sys, time

p = argparse.ArgumentParser()
p.add_argument("--shards"); p.add_argument("--out"); p.add_argument("--steps", type=int)
p.add_argument("--device"); p.add_argument("--resume"); p.add_argument("--checkpoint-every", type=int)
p.add_argument("--nproc", type=int, default=1); p.add_argument("--eval-every", type=int, default=0)
a = p.parse_args()
if "RANK" not in os.environ:
    # The launcher: start the ranks as the package's launcher does, wait for them all.
    import subprocess
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ranks = [subprocess.Popen([sys.executable] + sys.argv, env=dict(os.environ, RANK=str(r), WORLD_SIZE=str(a.nproc))) for r in range(a.nproc)]
    sys.exit(max(r.wait() for r in ranks))
rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
mode = os.environ.get("FAKE_MODE", "ok")
stop = []
signal.signal(signal.SIGINT, lambda *_: stop.append(1))

def say(**event):
    if rank == 0:
        print(json.dumps(event), flush=True)

if mode == "crash":
    print("Traceback (most recent call last):\\nRuntimeError: the fake rank fell over", file=sys.stderr)
    sys.exit(3)
if mode == "error":
    say(event="error", message="the fake found a problem you can fix")
    sys.exit(1)
start = 0
if a.resume:
    with open(os.path.join(a.resume, "checkpoint.pt")) as f:
        start = json.load(f)["step"]
say(event="start", world=world, device=a.device, torch="fake", steps=a.steps, batch=8)
def copy_weights(folder):
    os.makedirs(folder, exist_ok=True)
    package = os.path.join(os.path.dirname(a.shards), "torch", "mmc_model")
    for name in ("weights.json", "weights.bin"):
        shutil.copyfile(os.path.join(package, name), os.path.join(folder, name))

t0 = time.time()
step = start
while step < a.steps and not stop:
    if mode == "slow":
        time.sleep(0.3)
    step += 1
    loss = float("nan") if mode == "nan" else 2.0 / step
    say(event="step", step=step, steps=a.steps, loss=loss, lr=0.001, elapsed_s=time.time() - t0)
    if rank == 0 and a.eval_every and step % a.eval_every == 0 and step < a.steps:
        copy_weights(os.path.join(a.out, "eval-%06d" % step))
        say(event="weights", step=step, path=os.path.join(a.out, "eval-%06d" % step))
    if mode == "nan":
        time.sleep(5)
if rank == 0:
    copy_weights(a.out)
    with open(os.path.join(a.out, "checkpoint.pt"), "w") as f:
        json.dump({"step": step, "world": world}, f)
    say(event="checkpoint", step=step, path=os.path.join(a.out, "checkpoint.pt"))
say(event="interrupted" if stop else "done", step=step, elapsed_s=time.time() - t0)
`;
