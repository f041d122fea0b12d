#!/usr/bin/env python3
"""run.py [--quick] [--vigil BIN] [--auditree PEER_DIR] [--layout folders|batches|both] [--out FILE] — Vigil
at scale, each figure beside a baseline measured in the same run.

Generates its inputs (generate.py, deterministic), then for each workload times the release
binary as whole processes (wall seconds, peak resident memory of that process alone) next to
a parse-only Python loop over the same bytes. With --auditree (the folder holding IBM Auditree's
run.sh, gen_keys.py and to_aws_cli.py, and VENV set as its README says) the KMS workload uses
Auditree's own generator and runs Auditree's fetch + check on the same keys.

Every figure is printed and appended as one JSON line to --out (default Benchmarks/figures.jsonl),
with the commit and machine, so the next change can be compared with this one.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from collections import Counter
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SIZES = {"quick": {"boulder": 20_000, "kms": 10_000, "fwupd": 10_000, "mpic": 5_000},
         "full": {"boulder": 200_000, "kms": 100_000, "fwupd": 100_000, "mpic": 50_000}}


# Linux keeps a process's peak RSS across exec, and a child starts from its parent's: measured as
# a direct child of this script, every command's peak was at least this script's own (261 MiB for
# a re-check of 135 MiB, right after the script had read a 130 MB log). Each command is therefore
# started by a small fresh interpreter, which times it and reports its peak (its own start-up is
# not timed).
MEASURED = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:  # not started: not a result (vigil exits 1 for findings)
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - start} {usage.ru_maxrss}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def timed(argv, cwd=None, env=None):
    """Runs argv alone: (wall s, peak RSS MiB of that process, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as measured:
        process = subprocess.run([sys.executable, "-c", MEASURED, measured.name] + list(argv), cwd=cwd, env=env,
                                 stdout=out, stderr=err)
        out.seek(0)
        err.seek(0)
        if process.returncode not in (0, 1):
            sys.exit(f"run.py: {' '.join(argv)} exited {process.returncode}:\n{err.read().decode()[-2000:]}")
        wall, peak = measured.read().split()
        return float(wall), int(peak) / 1024, out.read()


BASELINES = {
    # The parse-only loops: read the same bytes and parse their JSON, nothing else.
    "boulder": """
import json, sys
n = 0
for line in open(sys.argv[1], "rb"):
    n += 1; json.loads(line[line.index(b"JSON=") + 5:])
""",
    "kms": """
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])): json.load(open(os.path.join(sys.argv[1], name), "rb"))
""",
    "fwupd": """
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])): json.load(open(os.path.join(sys.argv[1], name), "rb"))
""",
    "mpic": """
import json, sys
json.load(open(sys.argv[1], "rb"))
""",
}

CONTROLS = {
    "boulder": "- {id: B-1, title: Issuance decisions logged, severity: low, evidence: issuance.decision, freshness: 30d,"
               " check: {type: expect, all: [{field: outcome, equals: successful}]}}\n",
    "kms": "- {id: K-1, title: Keys rotate every 90 days, severity: high, evidence: key, freshness: 7d,"
           " check: {type: key_rotation, max_age: 90d}}\n",
    "fwupd": "- {id: F-1, title: Firmware updatable, severity: high, evidence: firmware.device, freshness: 7d,"
             " check: {type: firmware_updatable}}\n",
    "mpic": "- {id: M-1, title: MPIC quorum, severity: high, evidence: mpic.result, freshness: 30d,"
            " check: {type: mpic_quorum}}\n",
}
COLLECTORS = {"boulder": "boulder-audit", "kms": "aws-kms", "fwupd": "fwupd", "mpic": "mpic"}


def stricter_rule_failures(keys_json):
    """Keys failing Vigil's key_rotation at 90 days, counted independently from Auditree's input.
    Vigil's rule is stricter than the peer's: a rotation period over 90 days fails even when a recent
    on-demand rotation keeps the material young (the peer passes those)."""
    as_of = datetime(2026, 11, 29, tzinfo=timezone.utc)
    failing = 0
    for key in json.load(open(keys_json)):
        dates = [datetime.fromisoformat(r["RotationDate"]) for r in key.get("Rotations", [])]
        newest = max(dates) if dates else datetime.fromisoformat(key["KeyMetadata"]["CreationDate"])
        failing += (not key["KeyRotationEnabled"] or key.get("RotationPeriodInDays", 0) > 90
                    or newest < as_of - timedelta(days=90))
    return failing


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def workload(kind, n, vigil, work, figures, auditree=None, layout="folders"):
    inputs = os.path.join(work, kind)
    if os.path.exists(inputs):
        pass  # generated for the other layout: the same inputs, so the two are compared on them
    elif kind == "kms" and auditree:
        subprocess.run([sys.executable, os.path.join(auditree, "gen_keys.py"), str(n), work + "/peer"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(auditree, "to_aws_cli.py"), work + "/peer/keys.json", inputs], check=True)
    else:
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), kind, str(n), inputs], check=True)
    size = du(inputs) if os.path.isdir(inputs) else os.path.getsize(inputs)
    home = os.path.join(work, f"{kind}-{layout}-workspace")
    controls = os.path.join(work, f"{kind}-{layout}-controls")
    os.makedirs(controls)
    open(os.path.join(controls, "bench.yaml"), "w").write(CONTROLS[kind])
    env = dict(os.environ, VIGIL_HOME=home)
    subprocess.run([vigil, "init", "--quiet", "--controls", "none", "--store-layout", layout], env=env, check=True, capture_output=True)
    label = kind if layout == "folders" else f"{kind}/v3"

    def add(name, value, unit, baseline=None, note=""):
        figures.append({"workload": kind, "layout": layout, "n": n, "figure": name, "value": round(value, 3), "unit": unit,
                        "baseline": None if baseline is None else round(baseline, 3), "note": note})
        ratio = f"  ({value / baseline:.1f}× baseline {baseline:.2f})" if baseline else ""
        print(f"  {label:10} {name:32} {value:10.2f} {unit:6}{ratio} {note}", flush=True)

    parse, parse_rss, _ = timed([sys.executable, "-c", BASELINES[kind], inputs])
    add("parse-only loop", parse, "s", note=f"{parse_rss:.0f} MiB, {size / 1e6:.0f} MB input")
    wall, rss, _ = timed([vigil, "collect", COLLECTORS[kind], inputs, "--observed-at", "2026-11-28T00:00:00Z", "--quiet"], env=env)
    records = int(subprocess.run(["sqlite3", os.path.join(home, "index.sqlite"), "SELECT COUNT(*) FROM record"],
                                 capture_output=True, text=True, check=True).stdout)
    add("collect", wall, "s", parse, f"{records / wall:,.0f} records/s, peak {rss:.0f} MiB")
    add("collect peak memory", rss, "MiB")
    wall, rss, out = timed([vigil, "check", "--controls", controls, "--at", "2026-11-29T00:00:00Z",
                            "--format", "json", "--quiet"], env=env)
    results = json.loads(out)["controls"][0]["results"]
    failing = sum(r["status"] == "fail" for r in results)
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(Counter(r["status"] for r in results).items()))
    add("check", wall, "s", parse, f"{statuses}; peak {rss:.0f} MiB")
    add("check peak memory", rss, "MiB")
    # The first check audits the new index row by row and seals it; every later one (and one after
    # a collect into a sealed index) checks the seal instead: the steady state under cron. A check at
    # a given instant remembers each subject's verdicts for the next at it (re-check, below): without
    # that memory, this is a whole check again.
    shutil.rmtree(os.path.join(home, "recheck"), ignore_errors=True)
    full, rss, _ = timed([vigil, "check", "--controls", controls, "--at", "2026-11-29T00:00:00Z",
                          "--format", "json", "--quiet"], env=env)
    add("check again (index sealed)", full, "s", parse, f"peak {rss:.0f} MiB")
    if kind == "kms":
        expected = stricter_rule_failures(work + "/peer/keys.json") if auditree \
            else json.load(open(inputs + ".expected.json"))["failing"]
        if failing != expected:
            sys.exit(f"run.py: Vigil failed {failing} keys, the generator expects {expected}")
        if auditree:
            peer = subprocess.run([os.path.join(auditree, "run.sh"), str(n)], env=dict(os.environ, KEYS_DIR=work + "/peer"),
                                  capture_output=True, text=True)
            line = dict(f.split("=", 1) for f in peer.stdout.split() if "=" in f)
            total = float(line["total_s"])
            vigil_total = sum(f["value"] for f in figures
                              if f["workload"] == "kms" and f.get("layout") == layout and f["figure"] in ("collect", "check"))
            add("auditree fetch+check", total, "s", note=f"peak {max(float(line['fetch_rss_mib']), float(line['check_rss_mib'])):.0f} MiB, "
                f"{line['failing']} failing by its rule ({failing} by Vigil's stricter one)")
            add("vigil collect+check", vigil_total, "s", note=f"{total / vigil_total:.1f}× faster than Auditree")
    # What the evidence costs on disk, for every workload: #15 asks for an index no larger than the
    # store, and git objects that grow with subjects and batches, not records.
    store = os.path.join(home, "store")
    objects = subprocess.run(["git", "--git-dir", store, "count-objects", "-v"], capture_output=True, text=True).stdout
    count = sum(int(l.split()[1]) for l in objects.splitlines() if l.startswith(("count:", "in-pack:")))
    add("git objects per record", count / records, "")
    add("store size", du(store) / 1e6, "MB", note=f"input {size / 1e6:.0f} MB")
    add("index size", os.path.getsize(os.path.join(home, "index.sqlite")) / 1e6, "MB")
    if kind == "boulder":
        wall, rss, _ = timed([vigil, "log", "verify", "--quiet"], env=env)
        add("log verify", wall, "s", note=f"peak {rss:.0f} MiB")
        wall, rss, _ = timed([vigil, "index", "rebuild", "--quiet"], env=env)
        add("index rebuild", wall, "s", note=f"{records / wall:,.0f} records/s, peak {rss:.0f} MiB")
        # A bundle of every record behind the control, verified offline beside a plain SHA-256 of its bytes.
        bundle = os.path.join(work, f"boulder-{layout}.zip")
        wall, rss, _ = timed([vigil, "bundle", "export", "--output", bundle, "--controls", controls, "--quiet"], env=env)
        add("bundle export", wall, "s", note=f"{os.path.getsize(bundle) / 1e6:.0f} MB, peak {rss:.0f} MiB")
        vkey = os.path.join(work, f"log-{layout}.vkey")
        open(vkey, "w").write(subprocess.run([vigil, "keys", "public"], env=env, capture_output=True, text=True, check=True).stdout)
        sha, _, _ = timed([sys.executable, "-c", "import hashlib, sys; hashlib.sha256(open(sys.argv[1], 'rb').read())", bundle])
        wall, rss, _ = timed([vigil, "bundle", "verify", bundle, "--trust", vkey, "--quiet"], env=env)
        add("bundle verify", wall, "s", sha, f"peak {rss:.0f} MiB; baseline: SHA-256 over the bundle's bytes")
        # Re-checks at the same instant, from the memory of the check before: with nothing new, then
        # after collecting 1% more lines (the generator's next ones); baseline: the whole check again.
        shutil.rmtree(os.path.join(home, "recheck"), ignore_errors=True)
        check = [vigil, "check", "--controls", controls, "--at", "2026-11-29T00:00:00Z", "--format", "json", "--quiet"]
        subprocess.run(check, env=env, capture_output=True)
        wall, rss, _ = timed(check, env=env)
        add("re-check, nothing new", wall, "s", full, f"peak {rss:.0f} MiB")
        more = os.path.join(work, f"boulder-{layout}-more.log")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), kind, str(n + n // 100), more], check=True)
        with open(more) as f:
            tail = f.readlines()[n:]
        with open(more, "w") as f:
            f.writelines(tail)
        subprocess.run([vigil, "collect", COLLECTORS[kind], more, "--observed-at", "2026-11-28T00:00:00Z", "--quiet"],
                       env=env, check=True, capture_output=True)
        wall, rss, out = timed(check, env=env)
        subjects = len(json.loads(out)["controls"][0]["results"])
        add("re-check after 1% more", wall, "s", full, f"{n // 100:,} more lines; {subjects:,} subjects; peak {rss:.0f} MiB")


LARGE = {"inventory": ("assets", 100_000), "credentials": ("iam-credential-report", 100_000),
         "inspec": ("inspec", 40_000), "fwupd-host": ("fwupd", 100_000),
         # Three AWS CLI arrays of 650 MB at 400k keys: read from their files, past `file_size`.
         "kms": ("aws-kms", 400_000)}


def linearity(kind, n, vigil, work, figures, layout="folders"):
    """Collects a tenth of `n`, then `n`: linear parsing and storing takes about 10× the time and
    memory grows by less (the large inputs of issue #14, row 14). A kind with a bench control is then
    checked at both sizes too: a check's memory must not grow with the store either (#15)."""
    collector = LARGE[kind][0]
    measured = []
    checked = []
    for size in (n // 10, n):
        inputs = os.path.join(work, f"{kind}-{size}")
        if not os.path.exists(inputs):  # else generated for the other layout
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), kind, str(size), inputs], check=True)
        env = dict(os.environ, VIGIL_HOME=os.path.join(work, f"{kind}-{size}-{layout}-workspace"))
        subprocess.run([vigil, "init", "--quiet", "--controls", "none", "--store-layout", layout], env=env, check=True, capture_output=True)
        wall, rss, _ = timed([vigil, "collect", collector, inputs, "--observed-at", "2026-11-28T00:00:00Z", "--quiet"], env=env)
        measured.append((size, wall, rss, du(inputs) if os.path.isdir(inputs) else os.path.getsize(inputs)))
        if kind in CONTROLS:
            controls = os.path.join(work, f"{kind}-{size}-{layout}-controls")
            os.makedirs(controls)
            open(os.path.join(controls, "bench.yaml"), "w").write(CONTROLS[kind])
            # The report goes to a file, not through this script (198 MB of JSON at 400k keys).
            report = os.path.join(work, f"{kind}-{size}-{layout}-report.json")
            check_wall, check_rss, _ = timed(["sh", "-c", 'exec "$0" check --controls "$1" --at 2026-11-29T00:00:00Z'
                                              ' --format json --quiet > "$2"', vigil, controls, report], env=env)
            os.remove(report)
            checked.append((check_wall, check_rss))
    (small, small_wall, small_rss, _), (large, wall, rss, size) = measured
    growth(kind, "collect", collector, (small, small_wall, small_rss), (large, wall, rss), f"({size / 1e6:.0f} MB):", figures, layout)
    if checked:
        (small_check, small_check_rss), (check, check_rss) = checked
        growth(kind, "check", "check", (small, small_check, small_check_rss), (large, check, check_rss), "", figures, layout)


def growth(kind, figure, label, small, large, size_note, figures, layout="folders"):
    """A figure at a tenth of the size and whole, (items, wall s, peak MiB) each: appended, then printed."""
    (few, few_wall, few_rss), (many, wall, rss) = small, large
    figures.append({"workload": kind, "layout": layout, "n": many, "figure": figure, "value": round(wall, 3), "unit": "s",
                    "baseline": round(few_wall, 3), "note": f"{few} items: {few_wall:.2f} s, {few_rss:.0f} MiB"})
    figures.append({"workload": kind, "layout": layout, "n": many, "figure": f"{figure} peak memory", "value": round(rss, 1),
                    "unit": "MiB", "baseline": round(few_rss, 1), "note": ""})
    kind = kind if layout == "folders" else f"{kind}/v3"
    print(f"  {kind:12} {label:22} {few:>7,}: {few_wall:7.2f} s {few_rss:5.0f} MiB   {many:>7,} {size_note:>10} "
          f"{wall:7.2f} s {rss:5.0f} MiB   time ×{wall / few_wall:.1f}, memory ×{rss / few_rss:.1f}", flush=True)


def sequencing(collectors, per, vigil, work, figures):
    """Many hosts, one log (issue #17): `collectors` collector workspaces each collect `per` fwupd
    devices and push to one bare repository; the sequencer pulls and logs them all in one run. The
    baseline is the central workspace collecting the same records itself, one collect per host as cron
    would. (Not an inventory: a register's newest collection replaces the last, which a local collect
    of the same register a hundred times pays for.)"""
    inputs = os.path.join(work, "sequence-fwupd")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "fwupd", str(per), inputs], check=True)
    hub = os.path.join(work, "hub.git")
    subprocess.run(["git", "init", "-q", "--bare", hub], check=True)
    central = dict(os.environ, VIGIL_HOME=os.path.join(work, "sequencer"))
    local = dict(os.environ, VIGIL_HOME=os.path.join(work, "local"))
    for env in (central, local):
        subprocess.run([vigil, "init", "--quiet", "--controls", "none"], env=env, check=True, capture_output=True)
    # Each host observes at its own second, so its records differ from every other host's.
    stamps = [f"2026-11-28T{i // 3600:02}:{i // 60 % 60:02}:{i % 60:02}Z" for i in range(collectors)]
    collector_collect = push = local_collect = 0.0
    for i, stamp in enumerate(stamps):
        env = dict(os.environ, VIGIL_HOME=os.path.join(work, f"collector-{i}"))
        subprocess.run([vigil, "init", "--quiet", "--collector", f"host-{i:03}"], env=env, check=True, capture_output=True)
        collector_collect += timed([vigil, "collect", "fwupd", inputs, "--observed-at", stamp, "--quiet"], env=env)[0]
        push += timed([vigil, "push", hub, "--quiet"], env=env)[0]
        local_collect += timed([vigil, "collect", "fwupd", inputs, "--observed-at", stamp, "--quiet"], env=local)[0]
    pull, _, _ = timed([vigil, "pull", hub, "--quiet"], env=central)
    wall, rss, _ = timed([vigil, "sequence", "--quiet"], env=central)
    def count(env):
        return int(subprocess.run(["sqlite3", os.path.join(env["VIGIL_HOME"], "index.sqlite"), "SELECT COUNT(*) FROM record"],
                                  capture_output=True, text=True, check=True).stdout)
    records = count(local)
    if count(central) != records:
        sys.exit(f"run.py: the sequencer logged {count(central)} records, local collect {records}")
    label = f"{collectors}x{per}"

    def add(name, value, unit, baseline=None, note=""):
        figures.append({"workload": "sequence", "n": records, "figure": name, "value": round(value, 3), "unit": unit,
                        "baseline": None if baseline is None else round(baseline, 3), "note": note})
        ratio = f"  ({value / baseline:.2f}× baseline {baseline:.2f})" if baseline else ""
        print(f"  sequence {name:32} {value:10.2f} {unit:6}{ratio} {note}", flush=True)

    add("local collect (central)", local_collect, "s", note=f"{label}: {records / local_collect:,.0f} records/s, {collectors} runs")
    add("collector collect", collector_collect, "s", note=f"{records / collector_collect:,.0f} records/s, {collectors} runs")
    add("collector push", push, "s", note=f"{collectors} pushes to a bare repository")
    add("pull", pull, "s")
    add("sequence", wall, "s", local_collect, f"{records / wall:,.0f} records/s in one run, peak {rss:.0f} MiB")
    add("pull+sequence", pull + wall, "s", local_collect)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="sizes that finish in a few minutes")
    parser.add_argument("--vigil", default=os.path.join(REPO, ".build/release/vigil"))
    parser.add_argument("--auditree", help="IBM Auditree peer folder (run.sh, gen_keys.py, to_aws_cli.py)")
    parser.add_argument("--only", help="comma-separated workloads")
    parser.add_argument("--n", type=int, help="one size for every workload (a smoke run)")
    parser.add_argument("--large", action="store_true", help="large single inputs at n/10 and n: is collect linear?")
    parser.add_argument("--collectors", type=int, default=100, help="collectors of the sequence workload")
    parser.add_argument("--out", default=os.path.join(REPO, "Benchmarks/figures.jsonl"))
    parser.add_argument("--layout", choices=["folders", "batches", "both"], default="folders",
                        help="the store layout of the workloads' workspaces (vigil init --store-layout); both: each in turn")
    args = parser.parse_args()
    mode = "large" if args.large else "quick" if args.quick else "full"
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"Vigil scale benchmark ({mode}) at {commit}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    figures = []
    work = tempfile.mkdtemp(prefix="vigil-scale.")
    try:
        if args.large:
            for kind, (_, n) in LARGE.items():
                if not args.only or kind in args.only.split(","):
                    for layout in (["folders", "batches"] if args.layout == "both" else [args.layout]):
                        linearity(kind, args.n or n, args.vigil, work, figures, layout)
        if args.only and "sequence" in args.only.split(","):
            sequencing(args.collectors, args.n or (100 if args.quick else 1_000), args.vigil, work, figures)
        for kind, n in SIZES.get(mode, {}).items():
            if args.only and kind not in args.only.split(","):
                continue
            for layout in (["folders", "batches"] if args.layout == "both" else [args.layout]):
                workload(kind, args.n or n, args.vigil, work, figures, args.auditree, layout)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(args.out, "a") as f:
        f.write(json.dumps({"date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": commit,
                            "mode": mode, "cores": os.cpu_count(), "figures": figures}) + "\n")
    print(f"appended to {os.path.relpath(args.out, REPO)}")


if __name__ == "__main__":
    main()
