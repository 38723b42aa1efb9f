"""Benchmark: latency and throughput of the main pages and endpoints on PostgreSQL + gunicorn.

Usage (from the project root, after `make install`):

    .venv/bin/python bench/run.py                      # 10,000 patients x 8 weeks
    .venv/bin/python bench/run.py --patients 2000 --requests 100

It creates (or reuses) the database in --database-url, loads the library, generates the
clinic with `manage.py generate_demo` once, starts gunicorn with --workers workers and a
production configuration (DEBUG off, SERVER_TIMING on so each response reports its server
time and SQL query count), drives each endpoint with --concurrency parallel clients, then
prints a table and writes JSON to bench/results/. The shared cache is Redis (--redis-url,
whose database is FLUSHED first: never point it at a Redis in use) as in a several-server
deployment, or the database with --redis-url none.
"""

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "physio-demo"
CLINIC = "bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/physio_bench"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="shared cache, as in a several-server deployment; its database is flushed "
        "first; 'none' measures the database cache instead",
    )
    parser.add_argument(
        "--portal-cache-seconds",
        type=int,
        default=None,
        help="PORTAL_CACHE_SECONDS for the server; 0 measures Today and the dashboard as a "
        "first visit (or the visit after a session is logged) would cost",
    )
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300, help="per light endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only endpoints whose name contains this (repeatable); the baseline "
        "always runs",
    )
    return parser.parse_args()


def redis_reachable(url):
    parsed = urllib.parse.urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError:
        return False
    return True


def server_env(args, static_root):
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    if args.redis_url != "none":
        env["REDIS_URL"] = args.redis_url
    if args.portal_cache_seconds is not None:
        env["PORTAL_CACHE_SECONDS"] = str(args.portal_cache_seconds)
    env.update(
        DATABASE_URL=args.database_url,
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SERVER_TIMING="true",
        STATIC_ROOT=static_root,
        API_RATE_USER="100000/min",
        API_RATE_AUTH="1000/min",
    )
    return env


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare_database(args, env):
    import psycopg2

    url = urllib.parse.urlparse(args.database_url)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_library")
    existing = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from django_scopes import scopes_disabled; from patients.models import Patient\n"
            "with scopes_disabled(): "
            f"print(Patient.objects.filter(clinic__slug='{CLINIC}').count())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    missing = args.patients - int(existing or 0)
    if missing > 0:
        started = time.monotonic()
        manage(
            env,
            "generate_demo",
            "--patients",
            str(missing),
            "--weeks",
            str(args.weeks),
            "--clinic",
            CLINIC,
        )
        print(f"generated {missing} patients in {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v0")
    subprocess.run(["psql", args.database_url, "-q", "-c", "ANALYZE"], check=False)


class Client:
    """A tiny HTTP client with its own cookies (the Secure flag is ignored on localhost)."""

    def __init__(self, port, headers=None):
        self.port = port
        self.cookies = {}
        self.headers = headers or {}
        self.local = threading.local()

    def connection(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return self.local.conn

    def request(self, method, path, body=None, headers=None):
        all_headers = {"Host": "127.0.0.1", **self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        for attempt in (1, 2):
            conn = self.connection()
            try:
                conn.request(method, path, body=body, headers=all_headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
        elapsed = time.perf_counter() - started
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.local.conn = None
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        timing = re.search(r"app;dur=([\d.]+)", response.getheader("Server-Timing") or "")
        return {
            "status": response.status,
            "body": data,
            "seconds": elapsed,
            "server_ms": float(timing.group(1)) if timing else None,
            "queries": int(response.getheader("X-Query-Count") or -1),
        }

    def sign_in(self, email):
        self.request("GET", "/accounts/login/")
        form = urllib.parse.urlencode(
            {
                "username": email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        )
        result = self.request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies["csrftoken"],
            },
        )
        if result["status"] != 302:
            raise SystemExit(f"could not sign in as {email}: {result['status']}")
        return self


def token_client(port, email):
    client = Client(port)
    result = client.request(
        "POST",
        "/api/v1/auth/token/",
        json.dumps({"email": email, "password": PASSWORD}),
        {"Content-Type": "application/json"},
    )
    token = json.loads(result["body"])["token"]
    return Client(port, {"Authorization": f"Token {token}"})


def session_body(client):
    data = json.loads(client.request("GET", "/api/v1/prescriptions/?status=active")["body"])
    prescription = data["results"][0]
    current = next(p for p in prescription["phases"] if p["id"] == prescription["current_phase"])
    return {
        "prescription": prescription["id"],
        "pain_before": 4,
        "pain_after": 3,
        "exercises": [{"prescribed_exercise": e["id"], "done": True} for e in current["exercises"]],
    }


def load(name, call, total, concurrency):
    results, lock = [], threading.Lock()
    remaining = [total]

    def worker():
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            outcome = call()
            with lock:
                results.append(outcome)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = sorted(r["seconds"] * 1000 for r in results)
    server = sorted(r["server_ms"] for r in results if r["server_ms"] is not None)
    statuses = sorted({r["status"] for r in results})

    def pct(values, p):
        if not values:
            return None
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    return {
        "endpoint": name,
        "requests": len(results),
        "concurrency": concurrency,
        "statuses": statuses,
        "p50_ms": pct(latencies, 50),
        "p95_ms": pct(latencies, 95),
        "p99_ms": pct(latencies, 99),
        "server_p50_ms": pct(server, 50),
        "server_p95_ms": pct(server, 95),
        "throughput_rps": len(results) / wall,
        "queries": sorted({r["queries"] for r in results}),
    }


def explain_one_patient_page(env):
    code = (
        "from django_scopes import scopes_disabled\n"
        "from patients.models import SessionLog, Prescription\n"
        "with scopes_disabled():\n"
        f"    p = Prescription.objects.filter(clinic__slug='{CLINIC}').first()\n"
        "    print(SessionLog.objects.filter(prescription=p).order_by('performed_on').explain())"
    )
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main():
    args = parse_args()
    if args.redis_url != "none" and not redis_reachable(args.redis_url):
        print(f"Redis is not reachable at {args.redis_url}: measuring the database cache.")
        args.redis_url = "none"
    print(f"shared cache: {'database' if args.redis_url == 'none' else args.redis_url}")
    if args.redis_url != "none":
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # nothing measured comes from a past run
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = server_env(args, static_root)
    prepare_database(args, env)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "clinic.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(60):
            try:
                if Client(args.port).request("GET", "/health/")["status"] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        patient = Client(args.port).sign_in(f"patient1@{CLINIC}.example")
        therapist = Client(args.port).sign_in(f"therapist1@{CLINIC}.example")
        manager = Client(args.port).sign_in(f"manager@{CLINIC}.example")
        # Twenty patients other than patient1, new ones each run: a run's 1,000 sessions
        # must not pile onto the same histories run after run.
        chosen = random.sample(range(2, args.patients + 1), min(20, args.patients - 1))
        loggers = [token_client(args.port, f"patient{n}@{CLINIC}.example") for n in chosen]
        bodies = [session_body(c) for c in loggers]
        turn = iter(range(10**9))

        def log_session():
            n = next(turn) % len(loggers)
            return loggers[n].request(
                "POST",
                "/api/v1/sessions/",
                json.dumps(bodies[n]),
                {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
            )

        light, heavy = args.requests, max(10, args.requests // 15)
        plan = [
            ("baseline GET /health/", lambda: Client(args.port).request("GET", "/health/"), light),
            ("patient Today", lambda: patient.request("GET", "/today/"), light),
            ("patient dashboard", lambda: patient.request("GET", "/progress/"), light),
            # Not a goal: the same trivial endpoint with the patient's session cookie, so the
            # middleware signs the patient in. The floor under every signed-in page.
            ("signed-in GET /health/", lambda: patient.request("GET", "/health/"), light),
            ("session log POST (API)", log_session, light),
            (
                "caseload, 500 patients",
                lambda: therapist.request("GET", "/clinic/caseload/"),
                heavy,
            ),
            (
                f"clinic report, {args.patients} patients",
                lambda: manager.request("GET", "/clinic/reports/adherence/"),
                heavy,
            ),
            (
                f"CSV export, {args.patients} rows",
                lambda: manager.request("GET", "/clinic/reports/adherence.csv"),
                max(5, heavy // 2),
            ),
        ]
        rows = []
        for name, call, total in plan:
            if args.only and name != plan[0][0] and not any(o in name for o in args.only):
                continue
            call()  # warm up this endpoint in the workers
            rows.append(load(name, call, total, args.concurrency))
            print(f"  measured {name}")
    finally:
        server.terminate()
        server.wait(timeout=30)

    measured = {r["endpoint"]: r for r in rows}
    baseline = rows[0]["p95_ms"]

    def goal(name, check):
        row = measured.get(name)
        return None if row is None else check(row)

    goals = {
        "today_p95_within_3x_baseline": goal(
            "patient Today", lambda r: r["p95_ms"] <= 3 * baseline
        ),
        "dashboard_p95_within_3x_baseline": goal(
            "patient dashboard", lambda r: r["p95_ms"] <= 3 * baseline
        ),
        "report_server_p50_under_500ms": goal(
            f"clinic report, {args.patients} patients",
            lambda r: (r["server_p50_ms"] or 1e9) < 500,
        ),
        # A session log's count depends on what it logs (alerts raised, ledger days).
        "query_counts_constant": all(
            len(r["queries"]) == 1 for r in rows if r["endpoint"] != "session log POST (API)"
        ),
    }
    header = (
        f"{'endpoint':36} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'srv p50':>8} "
        f"{'rps':>7} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['endpoint']:36} {r['requests']:5d} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} {(r['server_p50_ms'] or 0):8.1f} {r['throughput_rps']:7.1f} "
            f"{','.join(map(str, r['queries'])):>8}  {r['statuses']}"
        )
    for name, met in goals.items():
        print(f"{'not measured' if met is None else 'MET' if met else 'MISSED'} {name}")
    floor = measured.get("signed-in GET /health/")
    for name in ("patient Today", "patient dashboard"):
        if name in measured and floor:
            p95 = measured[name]["p95_ms"]
            print(
                f"{name}: p95 {p95 / baseline:.1f}x the baseline, "
                f"{p95 / floor['p95_ms']:.1f}x the signed-in floor"
            )
    plan_text = explain_one_patient_page(env)
    print("EXPLAIN one patient's sessions:\n" + plan_text)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(
        json.dumps(
            {"args": vars(args), "rows": rows, "goals": goals, "explain_one_patient": plan_text},
            indent=2,
            default=str,
        )
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
