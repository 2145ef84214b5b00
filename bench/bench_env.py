"""What a benchmark's figures depend on, printed beside them: the machine, and how busy it was.

Two machines of one kind gave ingest figures 4× apart (``bench/RESULTS.md``). A figure alone cannot
say whether the code or the machine was slow, so the bench prints the CPU (model, cores this process
may use, clock now and at most, steal time), the BLAS library and its threads (slovnet's NER
multiplies matrices with it), free memory and disk, and for each timed run the load: the load
average and the share of the cores other processes took meanwhile (``Load``). ``profile`` says
where one worker's ingest time goes, by library.
"""
from __future__ import annotations

import cProfile
import os
import platform
import pstats
import time
from collections import defaultdict
from pathlib import Path

import psutil


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas() -> str:
    import numpy  # noqa: F401 — loads the BLAS library threadpoolctl then reports
    from threadpoolctl import threadpool_info
    libs = [f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer', '?')}, "
            f"{i.get('num_threads')} threads)" for i in threadpool_info()]
    return "; ".join(libs) or "none found"


def environment(work: Path) -> list[tuple[str, str]]:
    """(what, value) rows: the machine as it is when the bench starts."""
    from ties.pipeline import usable_cores
    freq = psutil.cpu_freq()
    usable = usable_cores()
    times = psutil.cpu_times_percent(interval=1.0)
    disk = psutil.disk_usage(str(work))
    fs = max((p for p in psutil.disk_partitions(all=True) if str(work.resolve()).startswith(p.mountpoint)),
             key=lambda p: len(p.mountpoint), default=None)
    mem = psutil.virtual_memory()
    return [
        ("CPU", f"{_cpu_model()}; {os.cpu_count()} logical cores, {usable} usable by this process "
                "(affinity and cgroup quota: what ingest starts workers for)"),
        ("clock", (f"{freq.current:,.0f} MHz now" + (f", {freq.max:,.0f} MHz at most" if freq.max else
                                                     " (no maximum reported: a virtual machine)")) if freq else "not reported"),
        ("BLAS (threadpoolctl)", _blas()),
        ("BLAS threads asked for", ", ".join(f"{v}={os.environ[v]}" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                                              "MKL_NUM_THREADS") if v in os.environ)
         or "none in the environment (ingest workers set one each)"),
        ("memory", f"{mem.total / 1e9:.1f} GB, {mem.available / 1e9:.1f} GB available"),
        ("disk", f"{work}: {disk.free / 1e9:.0f} GB free of {disk.total / 1e9:.0f} GB"
                 + (f", {fs.fstype} on {fs.device}" if fs else "")),
        ("load average (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("CPU in the last second", f"{100 - times.idle:.0f}% busy, steal {getattr(times, 'steal', 0):.0f}%, "
                                   f"iowait {getattr(times, 'iowait', 0):.0f}%"),
        ("busiest other processes", _others()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
    ]


def _others(top: int = 4) -> str:
    """The processes (not this one's tree) that took most CPU over the last second."""
    mine = {os.getpid(), *(c.pid for c in psutil.Process().children(recursive=True))}
    procs = [p for p in psutil.process_iter(["name"]) if p.pid not in mine]
    for p in procs:
        try:
            p.cpu_percent(None)
        except psutil.Error:
            pass
    time.sleep(1.0)
    busy = []
    for p in procs:
        try:
            busy.append((p.cpu_percent(None), p.info["name"]))
        except psutil.Error:
            pass
    busy.sort(reverse=True)
    return ", ".join(f"{name} {cpu:.0f}%" for cpu, name in busy[:top] if cpu >= 1) or "none above 1%"


class Load:
    """The machine's load while a run lasts: load average at start and end, and the share of all
    cores that processes other than this one and its children used meanwhile."""

    def __init__(self) -> None:
        self.others = self.mine = 0.0

    @staticmethod
    def _tree_cpu() -> float:
        """CPU seconds of this process and of its children it has waited for (theirs included):
        read when the run's processes have ended."""
        t = psutil.Process().cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    def __enter__(self) -> "Load":
        self.load0, self.t0 = os.getloadavg()[0], time.perf_counter()
        self.sys0, self.mine0 = psutil.cpu_times(), self._tree_cpu()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.perf_counter() - self.t0
        sys1 = psutil.cpu_times()
        busy = (sum(sys1) - sys1.idle - getattr(sys1, "iowait", 0)) - \
               (sum(self.sys0) - self.sys0.idle - getattr(self.sys0, "iowait", 0))
        mine = self._tree_cpu() - self.mine0
        cores = os.cpu_count() or 1
        self.others = max(0.0, busy - mine) / max(wall * cores, 1e-9)
        self.mine = mine / max(wall * cores, 1e-9)
        self.load1 = os.getloadavg()[0]

    def __str__(self) -> str:
        return (f"load {self.load0:.1f}→{self.load1:.1f}, others {self.others:.0%} / "
                f"this run {self.mine:.0%} of {os.cpu_count()} cores")


#: Where a profiled function's file lies → the part of the work it is.
_PARTS = (("slovnet", "NER (slovnet)"), ("navec", "NER (slovnet)"), ("numpy", "NER (slovnet)"),
          ("pymorphy", "morphology (pymorphy3)"), ("dawg", "morphology (pymorphy3)"),
          ("pyshacl", "SHACL"), ("rdflib", "SHACL"), ("/graph/validate", "SHACL"),
          ("docx", "reading DOCX"), ("lxml", "reading DOCX"), ("/ingest/orgs", "institutions"),
          ("/ingest/places", "places"), ("/ingest/gazetteer", "places"), ("/ingest/table", "table rows"),
          ("/ingest/prose", "prose"), ("/ingest/news", "prose"), ("/graph/writer", "graph writing"),
          ("/graph/store", "store writes"), ("/graph/summary", "summary"), ("pyoxigraph", "store writes"),
          ("/graph/snapshots", "snapshots"), ("<frozen", "loading code"), ("/ingest/", "other extraction"),
          ("/ties/pipeline", "pipeline"))


def _part(filename: str) -> str:
    path = filename.replace("\\", "/")
    if path.startswith("~"):  # built-ins: charged below to their caller's part
        return ""
    return next((part for key, part in _PARTS if key in path), "other")


def profile(files: list[Path], store: Path) -> list[tuple[str, float, float]]:
    """Ingest ``files`` in this process (one worker) under cProfile: (part, seconds, share), biggest first.
    Time in built-ins (a regex, a store call) counts for the part of the function that called them."""
    from ties.pipeline import ingest_paths
    prof = cProfile.Profile()
    prof.enable()
    ingest_paths([str(f) for f in files], store, quiet=True, jobs=1)
    prof.disable()
    stats = pstats.Stats(prof).stats
    parts: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, callers) in stats.items():
        part = _part(filename)
        if not part:  # a built-in: split its time over its callers' parts
            total = sum(c[2] for c in callers.values()) or 1.0
            for (cf, _, _), c in callers.items():
                parts[_part(cf) or "other"] += tottime * c[2] / total
        else:
            parts[part] += tottime
    whole = sum(parts.values()) or 1.0
    return sorted(((p, s, s / whole) for p, s in parts.items()), key=lambda r: -r[1])
