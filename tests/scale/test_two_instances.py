"""Two app instances behind nginx, sharing PostgreSQL, Redis and object storage (issue 23).

Everything is real: gunicorn with deploy/gunicorn.conf.py, nginx from deploy/nginx.conf.template,
deploy/rolling-restart, a PostgreSQL database of this module's own, Redis, an S3-compatible
server (moto, over HTTP) and a stand-in SMS provider over HTTPS. The instances run in production
mode; one setup serves every scenario (under a minute in all).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from PIL import Image
from sqlalchemy import create_engine, func, select, text

from bench.cluster import Cluster, free_port, has_nginx
from spelotheek import create_app
from spelotheek.auth.services import create_api_token
from spelotheek.config import normalise_database_url
from spelotheek.db import utcnow
from spelotheek.jobs.models import JobRun
from spelotheek.jobs.work import JOBS
from spelotheek.loans.models import Item, Loan, Toy
from spelotheek.messages.models import Message
from spelotheek.messages.services import set_channels
from tests.conftest import settings_for
from tests.factories import PASSWORD, PIN, make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy
from tests.messages.standin import KEY, StandIn

pytestmark = [pytest.mark.scale, pytest.mark.xdist_group("scale")]

ROOT = Path(__file__).resolve().parents[2]
SECRET = "scale-test-secret-key-on-loopback"
BUCKET = "spelotheek-scale"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("REQUIRE_SCALE") == "1":
        pytest.fail(f"REQUIRE_SCALE=1 but {reason}")
    pytest.skip(reason)


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis(socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class Browser(requests.Session):
    """A cookie jar like a browser's on http://127.0.0.1: the site's cookies are Secure (it runs
    in production mode), and a browser treats loopback as a secure origin. (requests copies the
    jar for each request, so a cookie policy would not reach it: the flag is dropped instead.)"""

    def send(self, request, **kwargs):  # type: ignore[override]
        answer = super().send(request, **kwargs)  # each hop of a redirect comes through here
        for cookie in self.cookies:
            cookie.secure = False
        return answer


def browser() -> requests.Session:
    return Browser()


def csrf_of(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


@dataclass
class Site:
    """The running cluster and what the scenarios need of its data."""

    cluster: Cluster
    url: str
    staff_email: str
    family_card: str
    guessed_card: str
    toy_label: str
    lend_cards: list[str]
    token: str
    phones: list[str]
    items: list[str]
    toy_ids: list[int]
    kill_items: list[str]
    kill_cards: list[str]
    standin: StandIn
    workers: list[subprocess.Popen]


class TlsStandIn(StandIn):
    """The stand-in provider over HTTPS: production refuses a provider over plain http."""

    def __init__(self, ca, **kwargs) -> None:
        super().__init__(**kwargs)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = self.url.replace("http://", "https://")


def _database() -> Iterator[str]:
    admin_url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    name = f"scale_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fill(url: str) -> dict:
    """The accounts, cards, toys and phones the scenarios use, written before the start."""
    app = create_app(settings_for(url))
    db = app.extensions["sessionmaker"]()
    try:
        staff = make_user(db, role="staff")
        family, card = make_family(db, "Amira", with_pin=True)
        _guessed, guessed_card = make_family(db, "Bram", with_pin=True)
        location = make_location(db)
        toy = make_toy(db, copies=1, location=location)
        lend_cards = [make_family(db, f"Gezin {n}")[1] for n in range(30)]
        phones = []
        for n in range(10):
            texted, _code = make_family(db, f"Sms {n}", phone=f"+3247000{n:04d}")
            set_channels(db, texted, {"sms"}, utcnow())
            phones.append(texted.phone)
        shelf = [make_toy(db, copies=3, location=location) for _ in range(6)]
        kill_shelf = [make_toy(db, copies=4, location=location) for _ in range(10)]
        kill_cards = [make_family(db, f"Gezin K{n}")[1] for n in range(20)]
        token = create_api_token(db, None, staff, "scale desk")
        db.commit()
        return {
            "staff_email": staff.email,
            "family_card": card,
            "guessed_card": guessed_card,
            "toy_label": item_of(toy).label,
            "lend_cards": lend_cards,
            "token": token,
            "phones": phones,
            "items": [i.label for t in shelf for i in t.items],
            "toy_ids": [t.id for t in shelf],
            "kill_items": [i.label for t in kill_shelf for i in t.items],
            "kill_cards": kill_cards,
        }
    finally:
        db.close()
        app.extensions["engine"].dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """Two instances, nginx, two workers, moto's S3 and the stand-in provider, all running."""
    if not has_nginx():
        _skip_or_fail("nginx is not installed (apt-get install nginx)")
    if not os.environ.get("TEST_DATABASE_URL"):
        _skip_or_fail("TEST_DATABASE_URL is not set (the two-instance test needs PostgreSQL)")
    if not _redis_answers():
        _skip_or_fail("Redis does not answer on 127.0.0.1:6379")
    import boto3
    import trustme
    from moto.server import ThreadedMotoServer

    folder = tmp_path_factory.mktemp("scale")
    ca = trustme.CA()
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    moto.start()
    standin = TlsStandIn(ca).start()
    databases = _database()
    url = next(databases)
    unique = uuid.uuid4().hex[:8]
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,  # the same on every instance: a session cookie works on both
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_KEY_PREFIX": f"scale-{unique}",  # this run's rate limits only, not an earlier run's
        "MESSAGE_QUEUE": f"scale-messages-{unique}",
        "JOBS_QUEUE": f"scale-jobs-{unique}",
        "MESSAGE_PROVIDER_URL": standin.url,
        "MESSAGE_PROVIDER_KEY": KEY,
        "SSL_CERT_FILE": str(ca_file),  # the workers trust the stand-in's certificate
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": f"http://127.0.0.1:{moto._port}",
        "STORAGE_S3_ACCESS_KEY": "scale-test",
        "STORAGE_S3_SECRET_KEY": "scale-test-secret",
        "LOGIN_LINK_LIMIT": "100 per hour",  # ten lost cards from one address, on purpose
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
    }
    env.pop("SPELOTHEEK_DEMO", None)
    boto3.client(
        "s3",
        endpoint_url=env["STORAGE_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id=env["STORAGE_S3_ACCESS_KEY"],
        aws_secret_access_key=env["STORAGE_S3_SECRET_KEY"],
    ).create_bucket(Bucket=BUCKET)
    cluster = Cluster(folder, env)
    workers: list[subprocess.Popen] = []
    try:
        subprocess.run(  # noqa: S603  (our own command)
            [str(Path(sys.executable).parent / "spelotheek"), "migrate"],
            env=cluster.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        data = _fill(url)
        cluster.start()
        # One worker and one scheduler per machine, as deploy/systemd starts them: each message
        # is still sent once, each job's slot still runs once.
        for n, command in enumerate(("worker", "worker", "scheduler", "scheduler")):
            with (folder / f"jobs-{command}-{n}.log").open("wb") as log:
                workers.append(
                    subprocess.Popen(  # noqa: S603  (our own command)
                        [str(Path(sys.executable).parent / "spelotheek"), "jobs", command],
                        env=cluster.env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        yield Site(cluster=cluster, url=url, standin=standin, workers=workers, **data)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
        cluster.stop()
        standin.stop()
        moto.stop()
        next(databases, None)  # drops the database
        _forget_queues(env)


def _forget_queues(env: dict[str, str]) -> None:
    import redis

    connection = redis.Redis.from_url(env["REDIS_URL"])
    for queue in (env["MESSAGE_QUEUE"], env["JOBS_QUEUE"], env["REDIS_KEY_PREFIX"]):
        for key in connection.scan_iter(f"*{queue}*"):
            connection.delete(key)


def _engine(site: Site):
    return create_engine(normalise_database_url(site.url))


def test_a_login_on_one_instance_goes_on_on_the_other(site: Site) -> None:
    a, b = site.cluster.instance(0), site.cluster.instance(1)
    staff = browser()
    token = csrf_of(staff, a + "/login")
    answer = staff.post(
        a + "/login",
        data={"csrf_token": token, "email": site.staff_email, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[-500:]
    families = staff.get(b + "/families/", allow_redirects=False, timeout=10)
    assert families.status_code == 200  # not sent to /login: B reads A's session
    family = browser()
    token = csrf_of(family, b + "/family/login")
    answer = family.post(
        b + "/family/login",
        data={"csrf_token": token, "card": site.family_card, "pin": PIN},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[-500:]
    mine = family.get(a + "/me", allow_redirects=False, timeout=10)
    assert mine.status_code == 200 and "Amira" in mine.text


def test_nginx_lets_browsers_keep_fingerprinted_files_for_good(site: Site) -> None:
    front = site.cluster.nginx
    home = requests.get(front + "/", timeout=10)
    style = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', home.text)
    assert style, "the page asks for its style sheet by fingerprint"
    kept = requests.get(front + style.group(1), timeout=10)
    assert kept.status_code == 200 and "text/css" in kept.headers["Content-Type"]
    assert kept.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    plain = requests.get(front + "/static/css/site.css", timeout=10)
    assert plain.headers["Cache-Control"] == "max-age=3600, public"  # asked again in an hour


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "teal").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_photo_uploaded_on_one_instance_shows_on_the_other(site: Site) -> None:
    a, b = site.cluster.instance(0), site.cluster.instance(1)
    staff = browser()
    token = csrf_of(staff, a + "/login")
    staff.post(
        a + "/login",
        data={"csrf_token": token, "email": site.staff_email, "password": PASSWORD},
        timeout=10,
    )
    answer = staff.post(
        a + "/toys/new",
        data={
            "csrf_token": csrf_of(staff, a + "/toys/new"),
            "name": "Xylofoon op twee machines",
            "min_age_months": "12",
            "max_age_months": "48",
            "min_players": "1",
            "max_players": "2",
        },
        files={"photo": ("xylofoon.jpg", _photo(), "image/jpeg")},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[-500:]
    engine = _engine(site)
    with engine.connect() as connection:
        photo = connection.scalar(select(Toy.photo).where(Toy.name == "Xylofoon op twee machines"))
    engine.dispose()
    assert photo, answer.headers.get("Location")
    served = requests.get(f"{b}/toys/photos/{photo}/large.jpg", timeout=10)
    assert served.status_code == 200, "B does not have the photo A stored (object storage?)"
    assert Image.open(io.BytesIO(served.content)).size == (800, 600)


def _lend(base: str, token: str, card: str, item: str) -> int:
    answer = requests.post(
        base + "/api/v1/loans",
        json={"card": card, "item": item},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    return answer.status_code


def test_thirty_parallel_lends_of_one_toy_give_one_loan(site: Site) -> None:
    bases = [site.cluster.instance(n % 2) for n in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(
            pool.map(
                lambda job: _lend(job[0], site.token, job[1], site.toy_label),
                zip(bases, site.lend_cards, strict=True),
            )
        )
    assert sorted(statuses) == [201] + [409] * 29, Counter(statuses)
    engine = _engine(site)
    with engine.connect() as connection:
        loans = connection.scalar(select(func.count(Loan.id)))
    engine.dispose()
    assert loans == 1


def _try_pin(session: requests.Session, base: str, card: str, pin: str) -> int:
    token = csrf_of(session, base + "/family/login")
    return session.post(
        base + "/family/login",
        data={"csrf_token": token, "card": card, "pin": pin},
        allow_redirects=False,
        timeout=10,
    ).status_code


def test_the_login_limit_counts_tries_on_both_instances(site: Site) -> None:
    a, b = site.cluster.instance(0), site.cluster.instance(1)
    guesser = browser()
    # Five wrong PINs per card from one client in 15 minutes (LOGIN_LIMIT_ACCOUNT): three on
    # A and two on B are five; the next try, on either, is refused before its PIN is checked.
    wrong = [_try_pin(guesser, base, site.guessed_card, "0000") for base in (a, b, a, b, a)]
    assert wrong == [400] * 5
    assert _try_pin(guesser, b, site.guessed_card, PIN) == 429
    assert _try_pin(guesser, a, site.guessed_card, PIN) == 429


def _messages_now(site: Site) -> str:
    """What the database and the job processes say, for a failure's message."""
    engine = _engine(site)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Message.id, Message.status, Message.attempts, Message.last_error)
        ).all()
    engine.dispose()
    logs = [
        f"--- {path.name}\n{path.read_text(errors='replace')[-1500:]}"
        for path in sorted(site.cluster.folder.glob("jobs-*.log"))
    ]
    return "\n".join([repr(rows), *logs])


def test_short_messages_queued_through_both_are_sent_once(site: Site) -> None:
    for n, phone in enumerate(site.phones):
        base = site.cluster.instance(n % 2)
        visitor = browser()
        token = csrf_of(visitor, base + "/family/lost")
        answer = visitor.post(
            base + "/family/lost", data={"csrf_token": token, "phone": phone}, timeout=10
        )
        assert answer.status_code == 200, answer.text[-500:]
    # A try that times out on a loaded machine is retried after a minute: allow for one.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(site.standin.accepted) < len(site.phones):
        time.sleep(0.2)
    time.sleep(1)  # a second send would come now, if any
    keys = Counter(r["key"] for r in site.standin.requests)
    assert sorted(m["to"] for m in site.standin.sent) == sorted(site.phones), _messages_now(site)
    assert set(keys.values()) == {1}, keys  # no message went to the provider twice
    engine = _engine(site)
    with engine.connect() as connection:
        statuses = connection.execute(
            select(Message.status, func.count()).group_by(Message.status)
        ).all()
    engine.dispose()
    assert dict(statuses) == {"sent": len(site.phones)}
    assert all(worker.poll() is None for worker in site.workers)


def test_two_schedulers_and_two_workers_run_each_periodic_job_once(site: Site) -> None:
    names = {job.name for job in JOBS}
    engine = _engine(site)
    deadline = time.monotonic() + 40
    finished: list[tuple[str, object]] = []
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            finished = list(
                connection.execute(
                    select(JobRun.name, JobRun.slot).where(JobRun.finished_at.is_not(None))
                ).all()
            )
        if {name for name, _slot in finished} >= names:
            break
        time.sleep(0.5)
    with engine.connect() as connection:
        starts = connection.execute(select(func.sum(JobRun.tries))).scalar_one()
        runs = connection.execute(select(func.count()).select_from(JobRun)).scalar_one()
    engine.dispose()
    assert {name for name, _slot in finished} >= names, finished
    # Two schedulers enqueued every slot and two workers listened: each slot started once.
    assert starts == runs, (starts, runs)
    assert all(worker.poll() is None for worker in site.workers)


# Answers the load run may get: pages (200), a redirect, a lend (201), or a lend refused for a
# reason the desk shows (409 already out, 422 the family's limit). Never a 5xx or no answer.
EXPECTED = {200, 201, 302, 304, 409, 422}


def _load(site: Site, stop: threading.Event, seen: Counter, failures: list[str]) -> None:
    """One client: pages and lends through nginx, a new connection for each request."""
    chooser = random.Random()
    base = site.cluster.nginx
    while not stop.is_set():
        roll = chooser.random()
        try:
            if roll < 0.3:
                status = _lend(
                    base, site.token, chooser.choice(site.lend_cards), chooser.choice(site.items)
                )
                what = "lend"
            else:
                path = chooser.choice(
                    [
                        "/",
                        "/toys",
                        f"/toys/{chooser.choice(site.toy_ids)}",
                        "/meetups",
                        "/toys?q=blok",
                        "/static/css/site.css",
                    ]
                )
                status = requests.get(
                    base + path, timeout=30, headers={"Connection": "close"}
                ).status_code
                what = path
        except requests.RequestException as error:
            failures.append(f"{type(error).__name__}: {error}")
            continue
        seen[status] += 1
        if status not in EXPECTED:
            failures.append(f"{what}: {status}")


def test_a_rolling_restart_under_load_fails_no_request(site: Site) -> None:
    cluster = site.cluster
    before = cluster.pid(0)
    stop = threading.Event()
    seen: Counter = Counter()
    failures: list[str] = []
    clients = [threading.Thread(target=_load, args=(site, stop, seen, failures)) for _ in range(6)]
    started = time.monotonic()
    for client in clients:
        client.start()
    try:
        time.sleep(2)
        restart = cluster.rolling_restart(0)  # out of nginx, drained, stopped, started, back
        time.sleep(max(0.0, 20 - (time.monotonic() - started)))
    finally:
        stop.set()
        for client in clients:
            client.join(60)
    assert restart.returncode == 0, restart.stdout + restart.stderr + cluster.logs()
    assert cluster.pid(0) != before, restart.stdout  # it really restarted
    assert not failures, (failures[:20], seen, cluster.logs())
    assert sum(seen.values()) > 200, seen  # a real load, not a handful of requests
    # The access logs name paths and statuses only: no query string (the load searched for
    # "blok"), no visitor's address (nginx names the instance it chose, not the visitor).
    instances = "".join(p.read_text() for p in cluster.folder.glob("access-*.log"))
    assert "GET /toys " in instances
    assert "127.0.0.1" not in instances and "?" not in instances and "blok" not in instances
    nginx = (cluster.folder / "access.log").read_text()
    assert "GET /toys " in nginx and "?" not in nginx and "blok" not in nginx


def _kill_instance(cluster: Cluster, n: int) -> None:
    """Kill instance n's gunicorn master and workers at once, as a machine that dies would."""
    master = cluster.pid(n)
    workers = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _parent_of(entry) == master
    ]
    for pid in (master, *workers):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    # A killed daemon may linger as a zombie until its new parent reaps it, and gunicorn refuses
    # to start over a pid file whose process still "exists". systemd (deploy/) keeps no pid file;
    # here the dead instance's file goes with it.
    (cluster.folder / f"gunicorn-{cluster.ports[n]}.pid").unlink(missing_ok=True)


def _parent_of(process: Path) -> int | None:
    try:
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_an_instance_killed_mid_request_loses_no_committed_write(site: Site) -> None:
    cluster = site.cluster
    # Forty lends, each of another copy, two per family (under every family's limit).
    pairs = iter(zip(site.kill_cards * 2, site.kill_items, strict=True))
    taking = threading.Lock()
    answered: list[int] = []  # loans the site said it made (201)
    statuses: Counter = Counter()

    def desk() -> None:
        while True:
            with taking:
                pair = next(pairs, None)
            if pair is None:
                return
            try:
                answer = requests.post(
                    cluster.nginx + "/api/v1/loans",
                    json={"card": pair[0], "item": pair[1]},
                    headers={"Authorization": f"Bearer {site.token}"},
                    timeout=30,
                )
            except requests.RequestException as error:
                statuses[type(error).__name__] += 1
                continue
            statuses[answer.status_code] += 1
            if answer.status_code == 201:
                answered.append(answer.json()["loan"])
            time.sleep(0.05)

    desks = [threading.Thread(target=desk) for _ in range(4)]
    for thread in desks:
        thread.start()
    try:
        time.sleep(0.3)
        _kill_instance(cluster, 1)
        for thread in desks:
            thread.join(120)
        engine = _engine(site)
        with engine.connect() as connection:
            kept = set(connection.scalars(select(Loan.id).where(Loan.id.in_(answered))))
            per_item = (
                connection.execute(
                    select(func.count(Loan.id))
                    .join(Item, Item.id == Loan.item_id)
                    .where(Item.label.in_(site.kill_items))
                    .group_by(Loan.item_id)
                )
                .scalars()
                .all()
            )
        engine.dispose()
    finally:
        cluster.start_instance(1)
    # Every loan the desk was told about is in the database; the other instance took over.
    assert kept == set(answered), (statuses, cluster.logs())
    assert len(answered) >= 30, statuses  # at most what was in flight on the killed one failed
    assert set(per_item) <= {1}  # and no copy was lent twice on the way
