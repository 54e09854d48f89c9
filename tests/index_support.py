"""Shared helpers of the index tests: a real redis-server, and a corpus of paragraphs written for the tests."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

WORDS = ["harbour", "ferry", "council", "budget", "winter", "storm", "library", "branch", "suburb", "student",
         "pension", "inspection", "report", "volunteer", "rescue", "mountain", "observatory", "quarry",
         "bakery", "recipe", "apprentice", "robot", "pavement", "market", "district", "river", "bridge",
         "tunnel", "school", "teacher", "nurse", "hospital", "clinic", "orchard", "vineyard", "harvest",
         "drought", "flood", "village", "mayor", "election", "ballot", "museum", "gallery", "painter",
         "concert", "orchestra", "stadium", "season", "league", "referee", "railway", "station", "timetable",
         "tram", "cyclist", "lane", "parking", "garden", "park", "fountain", "statue", "festival", "lantern",
         "parade", "chef", "kitchen", "menu", "tax", "levy", "grant", "charity", "donor", "archive", "letter",
         "diary", "census", "survey", "forecast"]


def paragraph(rng: random.Random, serial: int) -> str:
    """Write a unique paragraph: eighteen words drawn at random, and a serial number."""
    words = rng.choices(WORDS, k=18)
    return f"{' '.join(words).capitalize()}, notice {serial}."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a real Redis: DEDUPE_TEXT_TEST_REDIS (CI) or a redis-server started here."""
    url = os.environ.get("DEDUPE_TEXT_TEST_REDIS")
    if url:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no Redis: set DEDUPE_TEXT_TEST_REDIS or install redis-server (CI provides it)")
    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


CLUSTER_BUS_OFFSET = 10000
"""A cluster node also listens on its port + 10000 (the cluster bus), which must be a free port too."""


def cluster_port() -> int:
    """Return a free port whose cluster bus port (port + 10000) is a free port as well."""
    for _ in range(200):
        port = free_port()
        if port + CLUSTER_BUS_OFFSET > 65535:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + CLUSTER_BUS_OFFSET))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for a cluster node")


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_cluster_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of one node of a real 3-master Redis Cluster: DEDUPE_TEXT_TEST_REDIS_CLUSTER (CI) or started here."""
    url = os.environ.get("DEDUPE_TEXT_TEST_REDIS_CLUSTER")
    if url:
        yield url
        return
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if server is None or cli is None:
        pytest.skip("no Redis Cluster: set DEDUPE_TEXT_TEST_REDIS_CLUSTER or install redis-server (CI provides it)")
    ports = [cluster_port() for _ in range(3)]
    procs = []
    try:
        for port in ports:
            workdir: Path = tmp_path_factory.mktemp(f"cluster{port}")
            procs.append(subprocess.Popen(
                [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--dir", str(workdir)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in ports:
            _wait_for(port)
        created = subprocess.run([cli, "--cluster", "create", *[f"127.0.0.1:{p}" for p in ports],
                                  "--cluster-replicas", "0", "--cluster-yes"], capture_output=True, text=True)
        deadline = time.monotonic() + 20
        while created.returncode == 0 and time.monotonic() < deadline:
            state = subprocess.run([cli, "-p", str(ports[0]), "cluster", "info"], capture_output=True, text=True)
            if "cluster_state:ok" in state.stdout:
                break
            time.sleep(0.1)
        else:
            last = (created.stdout + created.stderr).strip().splitlines()[-1:] or ["cluster_state never ok"]
            pytest.skip(f"no Redis Cluster: set DEDUPE_TEXT_TEST_REDIS_CLUSTER (starting one here failed: {last[0]})")
        yield f"redis://127.0.0.1:{ports[0]}/0"
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
