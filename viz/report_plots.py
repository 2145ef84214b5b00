"""The metrics report's plots, from its tables' rows.

matplotlib's object API (``Figure`` on the Agg canvas): no display needed, and no
global pyplot state touched, so plots can be drawn from threads or a notebook.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from matplotlib import dates as mdates
from matplotlib.figure import Figure

TOP = 20


def _figure(width: float = 8, height: float = 4) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig, fig.add_subplot()


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path


def plot_ties_over_time(yearly: list[dict], quarterly: list[dict], path: Path) -> Path:
    """Ties and events per period, and what changed; periods no reporter fully covers are shaded."""
    fig = Figure(figsize=(10.5, 7), dpi=110, layout="constrained")
    for ax, rows, what in ((fig.add_subplot(2, 1, 1), yearly, "year"), (fig.add_subplot(2, 1, 2), quarterly, "quarter")):
        labels = [r["period"] for r in rows]
        xs = list(range(len(rows)))
        uncovered = [x for x, row in zip(xs, rows) if not row["covered_by"]]
        for x in uncovered:
            ax.axvspan(x - 0.5, x + 0.5, color="#eeeeee", zorder=0,
                       label="no reporter covers it whole" if x == uncovered[0] else None)
        ax.bar([x - 0.2 for x in xs], [r["ties"] for r in rows], width=0.4, label="ties", color="#4c72b0")
        ax.bar([x + 0.2 for x in xs], [r["events"] for r in rows], width=0.4, label="events behind ties",
               color="#dd8452")
        ax.plot(xs, [r["gained"] for r in rows], "o-", color="#2ca02c", label="gained")
        ax.plot(xs, [r["lost"] for r in rows], "x-", color="#d62728", label="lost")
        ax.plot(xs, [r["not_reported"] for r in rows], "s:", color="#7f7f7f", label="not reported")
        ax.plot(xs, [r["first_reported"] for r in rows], "d:", color="#8172b3", label="first reported")
        ax.set_xticks(xs, labels, rotation=45 if what == "quarter" else 0, ha="right" if what == "quarter" else "center")
        ax.set_xlim(-0.5, len(rows) - 0.5)
        ax.set_title(f"Ties per {what}")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(fig, path)


def plot_coverage(rows: list[dict], path: Path) -> Path:
    """The period of every report, one line per reporter: where a line has gaps, nothing is known."""
    reporters = sorted({r["reporter"] for r in rows})
    fig, ax = _figure(9, max(2.2, 0.55 * len(reporters) + 1.2))
    colours = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")
    for y, reporter in enumerate(reporters):
        for report in (r for r in rows if r["reporter"] == reporter and r["from"] and r["to"]):
            start, end = mdates.date2num(report["from"]), mdates.date2num(report["to"] + timedelta(days=1))
            ax.broken_barh([(start, end - start)], (y - 0.3, 0.6), color=colours[y % len(colours)], alpha=0.85)
            ax.text(start + (end - start) / 2, y, report["period"], ha="center", va="center", fontsize=7,
                    color="white", clip_on=True)
    ax.set_yticks(range(len(reporters)), reporters)
    ax.set_ylim(-0.6, len(reporters) - 0.4)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", which="both", color="#dddddd")
    ax.set_axisbelow(True)
    ax.set_title("Periods each reporter's reports cover")
    return _save(fig, path)


def plot_bars(rows: list[dict], label: str, value: str, title: str, path: Path, top: int = TOP) -> Path:
    rows = rows[:top]
    fig, ax = _figure(8, max(2.5, 0.32 * len(rows) + 1))
    ax.barh([str(r[label]) for r in rows][::-1], [r[value] for r in rows][::-1], color="#4c72b0")
    ax.set_title(title)
    ax.set_xlabel(value)
    return _save(fig, path)


def plot_degrees(rows: list[dict], path: Path) -> Path:
    fig, ax = _figure(7, 4)
    ax.bar([r["degree"] for r in rows], [r["nodes"] for r in rows], color="#4c72b0")
    ax.set_xlabel("degree (partners)")
    ax.set_ylabel("places")
    ax.set_title("Degree distribution of the place network")
    if rows and max(r["nodes"] for r in rows) > 50:
        ax.set_yscale("log")
    return _save(fig, path)
