"""Benchmark: latency and throughput of the main pages and endpoints on PostgreSQL + gunicorn.

Usage (from the project root, after `make install`):

    .venv/bin/python bench/run.py                      # 10,000 patients x 8 weeks
    .venv/bin/python bench/run.py --patients 2000 --requests 100
    .venv/bin/python bench/run.py --servers 2          # two app servers, clients spread

It creates (or reuses) the database in --database-url, loads the library, generates the
clinic with `manage.py generate_demo` once, starts --servers gunicorn servers (each with
--workers workers, on --port, --port+1, ...) and one task worker (`manage.py db_worker`, for
the derived work a logged session queues) with a production configuration (DEBUG off,
SERVER_TIMING on so each response reports its server time and SQL query count), drives each
endpoint with --concurrency parallel clients spread over the servers, then prints a table,
the goals as ratios measured in this same run, and writes JSON to bench/results/.

What each row measures: the clinic report is computed for every request (the report cache
is off) and compared with the bare SQL giving the same figures, run in the same run; the
CSV row's times are to the last byte (a streamed body has no server time: its headers leave
first). The shared cache is Redis (--redis-url) as in a several-server deployment, or the
database with --redis-url none. The Redis database is never flushed unless --flush-redis is
given: each run uses its own RELEASE, so no rendered part of a past run is reused.
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
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


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
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        help=f"shared cache, as in a several-server deployment (default {DEFAULT_REDIS}: "
        "Redis database 15 on this machine, or $BENCH_REDIS_URL); never flushed unless "
        "--flush-redis is given; 'none' measures the database cache instead",
    )
    parser.add_argument(
        "--flush-redis",
        action="store_true",
        help="empty the --redis-url database before measuring (never point it at a Redis in use)",
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn servers, on --port, --port+1, ..."
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
        # Every report request is computed, as a manager's first look at it is.
        REPORT_CACHE_SECONDS="0",
        # Rendered parts of a past run are never reused (no flush needed).
        RELEASE=f"bench-{uuid.uuid4().hex[:12]}",
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
        self.ports = port if isinstance(port, list) else [port]
        self.cookies = {}
        self.headers = headers or {}
        self.local = threading.local()
        self.turn = iter(range(10**9))

    def connection(self):
        """This thread's connection, to one of the servers (threads take them in turn)."""
        if getattr(self.local, "conn", None) is None:
            port = self.ports[next(self.turn) % len(self.ports)]
            self.local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
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


BARE_SQL = """
import json, time
from datetime import timedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from clinic.models import User
from clinic.tenancy import viewer_for, viewer_scope
from patients import selectors
from patients.reporting import reports

with scopes_disabled():
    manager = User.objects.select_related("membership__clinic").get(
        email="manager@{clinic}.example"
    )
viewer = viewer_for(manager)
today = selectors.clinic_today(viewer.clinic)
filters = reports.Filters(date_from=today - timedelta(days=27), date_to=today)
with viewer_scope(viewer):
    with CaptureQueriesContext(connection) as captured:
        rows = reports.report_rows(manager, filters, today)
        reports.weekly_adherence(manager, filters, today)
statements = [q["sql"] for q in captured]
times = []
for _ in range({runs}):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        fetched = 0
        for sql in statements:
            cursor.execute(sql)
            fetched += len(cursor.fetchall())
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(json.dumps({{"ms": times[len(times) // 2], "statements": len(statements),
                  "rows": len(rows), "fetched": fetched}}))
"""


def bare_report_sql(env, runs=5):
    """The SQL the clinic report runs (captured from the code, so the figures are the same),
    executed bare on one connection: the floor under the report row."""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", BARE_SQL.format(clinic=CLINIC, runs=runs)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_servers(args, env):
    """--servers gunicorn servers on consecutive ports, and one task worker."""
    processes = []
    for n in range(args.servers):
        processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "clinic.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{args.port + n}",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=env,
            )
        )
    processes.append(
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    )
    return processes


def wait_until_up(ports):
    for port in ports:
        for _ in range(120):
            try:
                if Client(port).request("GET", "/health/")["status"] == 200:
                    break
            except OSError:
                time.sleep(0.5)


def main():
    args = parse_args()
    if args.redis_url != "none" and not redis_reachable(args.redis_url):
        print(f"Redis is not reachable at {args.redis_url}: measuring the database cache.")
        args.redis_url = "none"
    print(f"shared cache: {'database' if args.redis_url == 'none' else args.redis_url}")
    if args.redis_url != "none" and args.flush_redis:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        print(f"flushed {args.redis_url}")
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = server_env(args, static_root)
    prepare_database(args, env)
    ports = [args.port + n for n in range(args.servers)]
    processes = start_servers(args, env)
    try:
        wait_until_up(ports)
        patient = Client(ports).sign_in(f"patient1@{CLINIC}.example")
        therapist = Client(ports).sign_in(f"therapist1@{CLINIC}.example")
        manager = Client(ports).sign_in(f"manager@{CLINIC}.example")
        lister = token_client(ports, f"patient1@{CLINIC}.example")
        # Twenty patients other than patient1, new ones each run: a run's 1,000 sessions
        # must not pile onto the same histories run after run.
        chosen = random.sample(range(2, args.patients + 1), min(20, args.patients - 1))
        loggers = [token_client(ports, f"patient{n}@{CLINIC}.example") for n in chosen]
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
        report_name = f"clinic report, {args.patients} patients"
        plan = [
            ("baseline GET /health/", lambda: Client(ports).request("GET", "/health/"), light),
            # Not a goal: the same trivial endpoint with the patient's session cookie, so the
            # middleware signs the patient in. The floor under every signed-in page.
            ("signed-in GET /health/", lambda: patient.request("GET", "/health/"), light),
            ("patient Today", lambda: patient.request("GET", "/today/"), light),
            ("patient dashboard", lambda: patient.request("GET", "/progress/"), light),
            ("session log POST (API)", log_session, light),
            (
                "session list (API), 50 per page",
                lambda: lister.request("GET", "/api/v1/sessions/?page_size=50"),
                light,
            ),
            (
                "caseload, 500 patients",
                lambda: therapist.request("GET", "/clinic/caseload/"),
                heavy,
            ),
            (
                "caseload, 500 patients, 1 client",
                lambda: therapist.request("GET", "/clinic/caseload/"),
                max(5, heavy // 2),
                1,
            ),
            (report_name, lambda: manager.request("GET", "/clinic/reports/adherence/"), heavy),
            (
                f"CSV export, {args.patients} rows (to the last byte)",
                lambda: manager.request("GET", "/clinic/reports/adherence.csv"),
                max(5, heavy // 2),
            ),
        ]
        rows = []
        for name, call, total, *concurrency in plan:
            if args.only and name != plan[0][0] and not any(o in name for o in args.only):
                continue
            call()  # warm up this endpoint in the workers
            rows.append(
                load(name, call, total, concurrency[0] if concurrency else args.concurrency)
            )
            print(f"  measured {name}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    measured = {r["endpoint"]: r for r in rows}
    bare = bare_report_sql(env) if report_name in measured else None
    floor = measured.get("signed-in GET /health/")

    def ratio(name, key="p95_ms", against=None):
        row, base = measured.get(name), against or floor
        if row is None or base is None or not base[key]:
            return None
        return row[key] / base[key]

    ratios = {
        "today_p95_over_signed_in_floor": ratio("patient Today"),
        "dashboard_p95_over_signed_in_floor": ratio("patient dashboard"),
        "caseload_p95_over_signed_in_floor": ratio("caseload, 500 patients"),
        "session_log_rps_over_floor_rps": ratio("session log POST (API)", "throughput_rps"),
        "session_list_rps_over_floor_rps": ratio(
            "session list (API), 50 per page", "throughput_rps"
        ),
        "report_server_p50_over_bare_sql": (
            measured[report_name]["server_p50_ms"] / bare["ms"] if bare else None
        ),
    }
    single = measured.get("caseload, 500 patients, 1 client")
    goals = {
        "today_p95_within_1.5x_signed_in_floor": _within(
            ratios["today_p95_over_signed_in_floor"], 1.5
        ),
        "dashboard_p95_within_1.5x_signed_in_floor": _within(
            ratios["dashboard_p95_over_signed_in_floor"], 1.5
        ),
        "caseload_p95_within_8x_signed_in_floor": _within(
            ratios["caseload_p95_over_signed_in_floor"], 8
        ),
        "caseload_single_client_server_p50_within_100ms": None
        if single is None
        else (single["server_p50_ms"] or 1e9) <= 100,
        # A session log's count depends on what it logs (alerts raised); a CSV is streamed.
        "query_counts_constant": all(
            len(r["queries"]) == 1
            for r in rows
            if r["endpoint"] != "session log POST (API)" and "CSV" not in r["endpoint"]
        ),
        "session_log_at_most_12_queries": goal_queries(measured, "session log POST (API)", 12),
        "session_list_at_most_4_queries": goal_queries(
            measured, "session list (API), 50 per page", 4
        ),
    }
    header = (
        f"{'endpoint':44} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'srv p50':>8} "
        f"{'rps':>7} {'queries':>8}"
    )
    print(f"servers: {args.servers} x {args.workers} workers, {args.concurrency} clients")
    print(header)
    print("-" * len(header))
    for r in rows:
        server = "" if r["server_p50_ms"] is None else f"{r['server_p50_ms']:8.1f}"
        print(
            f"{r['endpoint']:44} {r['requests']:5d} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} {server:>8} {r['throughput_rps']:7.1f} "
            f"{','.join(map(str, r['queries'])):>8}  {r['statuses']}"
        )
    if bare:
        print(
            f"bare SQL of the report ({bare['statements']} statements, {bare['rows']} rows): "
            f"{bare['ms']:.1f} ms"
        )
    print("ratios measured in this run:")
    for name, value in ratios.items():
        print(f"  {name}: {'not measured' if value is None else f'{value:.2f}'}")
    for name, met in goals.items():
        print(f"{'not measured' if met is None else 'MET' if met else 'MISSED'} {name}")
    plan_text = explain_one_patient_page(env)
    print("EXPLAIN one patient's sessions:\n" + plan_text)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "args": vars(args),
                "rows": rows,
                "bare_report_sql": bare,
                "ratios": ratios,
                "goals": goals,
                "explain_one_patient": plan_text,
            },
            indent=2,
            default=str,
        )
    )
    print(f"wrote {path}")


def _within(value, limit):
    return None if value is None else value <= limit


def goal_queries(measured, name, limit):
    row = measured.get(name)
    return None if row is None else max(row["queries"]) <= limit


if __name__ == "__main__":
    main()
