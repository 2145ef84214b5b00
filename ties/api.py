"""The Python API: a store (or a SPARQL endpoint) for work in Python, Jupyter and pandas.

The examples run against a store built from the bundled sample reports (``data/reports``),
as the test suite does::

    >>> import ties
    >>> g = ties.build(["data/reports"], store=STORE)       # doctest: +SKIP
    >>> g = ties.open(STORE)

Everything here reuses what the command line uses: the named queries (``ties.queries``), the
name resolver (``ties.lookup``), the projections and metrics of ``ties metrics``
(``ties.graph.projections``, ``ties.graph.metrics``), the pages of ``ties viz``
(``ties.viz.pages``) and the exporter of ``ties export`` (``ties.graph.export``).
"""
from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from ties import frames
from ties.lookup import Match, Resolver, query_values, selector
from ties.queries import NamedQuery, Param, QueryError, load, names, open_store, parse_header, reads_summary, run

__all__ = ["KnowledgeGraph", "View", "build", "open"]

NETWORKS = ("place", "institution")


def open(source: str | Path) -> KnowledgeGraph:  # noqa: A001 — ``ties.open`` reads as ``io.open`` does
    """Open a store folder or a SPARQL endpoint for querying.

    Parameters
    ----------
    source : str or Path
        A store folder made by ``ties build`` (``.ties/store``), or the URL of a SPARQL 1.1
        endpoint (``http://127.0.0.1:7878`` for ``ties serve`` or an Oxigraph server).

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    QueryError
        The folder holds no store.

    Examples
    --------
    >>> g = ties.open(STORE)
    >>> g
    KnowledgeGraph('...store')
    >>> ties.open("no/such/folder")
    Traceback (most recent call last):
    ...
    ties.queries.QueryError: no store at no/such/folder; build one first with: ties --store no/such/folder build REPORTS
    """
    text = str(source)
    if re.match(r"https?://", text):
        return KnowledgeGraph(text)
    open_store(Path(text), needs_summary=False)  # fails now, with one line, if there is no store
    return KnowledgeGraph(Path(text))


def build(paths: str | Path | Iterable[str | Path], store: str | Path = ".ties/store", *, jobs: int | None = None,
          reason: bool = False, quiet: bool = True) -> KnowledgeGraph:
    """Read report files or folders into a store, as ``ties build`` does, and open it.

    Parameters
    ----------
    paths : path or list of paths
        Report files (DOCX, text, PDF, saved pages, sheets …) or folders of them.
    store : str or Path
        The store folder, created if missing; a report built again replaces its graph.
    jobs : int, optional
        Worker processes (default: all cores for a big corpus, else one).
    reason : bool
        Also run ``ties reason`` (HermiT, needs Java), so plain SPARQL sees the inferred
        types and ties (``?tie a ties:Tie``).
    quiet : bool
        No progress bar; errors are still printed, one line each.

    Returns
    -------
    KnowledgeGraph
        The store; ``.failures`` counts the files that could not be read.

    Examples
    --------
    >>> g = ties.build([REPORTS / "001_89ccaa44aebf448f.txt"], store=TMP / "one")
    >>> g.failures, len(g.query("reports"))
    (0, 1)
    """
    from ties.pipeline import ingest_paths

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    result = ingest_paths([str(p) for p in items], Path(store), quiet=quiet, jobs=jobs)
    if reason:
        _reason(Path(store))
    graph = open(store)
    graph.failures = result.failures
    return graph


def _reason(path: Path) -> None:
    """``ties reason`` on the store: HermiT's inferences into the inferred graph."""
    from ties.graph.reason import ReasonerError, reason
    from ties.graph.snapshots import publish
    from ties.graph.store import open_store as open_for_writing

    store = open_for_writing(path)
    outcome = reason(store)
    if not outcome.consistent:
        raise ReasonerError("the store is inconsistent: " + "; ".join(outcome.clashes[:3]))
    store.flush()
    publish(store, path)


@dataclass(repr=False)
class View:
    """A network page (``ties viz``) shown inline in Jupyter; ``.html`` is the whole page, ``.save(path)`` writes it."""

    html: str
    title: str = ""
    nodes: int = 0
    edges: int = 0
    height: int = 640

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {self.nodes} nodes, {self.edges} edges>"

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:{self.height}px;'
                'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')

    def save(self, path: str | Path) -> Path:
        Path(path).write_text(self.html, encoding="utf-8")
        return Path(path)


class KnowledgeGraph:
    """A ``ties`` store or SPARQL endpoint: named queries as DataFrames, name look-ups, networks, views, export.

    Each call reads the store anew (read-only), so a ``ties build`` in between is seen and a
    notebook never locks the store.
    """

    def __init__(self, source: Path | str) -> None:
        self.source = source
        self.failures = 0

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.source)!r})"

    @property
    def endpoint(self) -> str | None:
        return self.source if isinstance(self.source, str) else None

    def _store(self, needs_summary: bool = False) -> Any:
        return None if self.endpoint else open_store(self.source, needs_summary=needs_summary)

    def _resolver(self) -> Resolver:
        return Resolver(selector(self.endpoint or self._store()))

    # -- queries ------------------------------------------------------------------

    def query(self, name_or_sparql: str, **params: Any) -> pd.DataFrame | bool:
        """Run a named query (``ties query --list``), a ``.rq`` file or SPARQL text.

        Parameters
        ----------
        name_or_sparql : str
            A query name (``"partners"``), a path to a ``.rq`` file, or the text of a query.
        **params
            The query's parameters. Places and countries are looked up as :meth:`places` and
            :meth:`countries` do, so ``place="Смоленска"`` or ``country="Belarus"`` work. In SPARQL
            text, each parameter binds the variable of its name (an ``int`` as ``xsd:integer``).

        Returns
        -------
        pandas.DataFrame or bool
            The rows of a SELECT with typed columns (see ``ties.frames``), the triples of a
            CONSTRUCT as subject/predicate/object, the answer of an ASK.

        Raises
        ------
        ties.lookup.NotFound
            A place or country that matches nothing; the message names the closest names.
        ties.queries.QueryError
            An unknown query or parameter, a bad value, a query the store cannot answer.

        Examples
        --------
        >>> df = g.query("partners", place="Смоленска")
        >>> "Витебск" in set(df["partner"])
        True
        >>> df.dtypes[["partner", "events", "first"]].astype(str).tolist()
        ['string', 'Int64', 'datetime64[us]']
        >>> g.query("ties-between", place="Smolensk", other="Vitebsk")[["row", "report"]].head(3)
           row                    report
        0    6  001_89ccaa44aebf448f.txt
        1    9  001_89ccaa44aebf448f.txt
        2   14  001_89ccaa44aebf448f.txt
        >>> g.query("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/ties/ontology#Report> }")["n"][0]
        np.int64(5)
        >>> g.query("partners", place="Смаленск")
        Traceback (most recent call last):
        ...
        ties.lookup.NotFound: no place named 'Смаленск' in the store; closest: Смоленск, Минск
        """
        query = self._named(name_or_sparql, params)
        values = {k: str(v) for k, v in params.items() if v is not None}
        if query.name in names():
            values = query_values(self._resolver(), values)
        if self.endpoint:
            result = run(query, values, endpoint=self.endpoint)
        else:
            result = run(query, values, store=self._store(needs_summary=reads_summary(query)))
        if result.boolean is not None:
            return result.boolean
        if result.triples is not None:
            return frames.triples_frame(result.triples)
        return frames.frame(result.columns, result.rows)

    @staticmethod
    def _named(name_or_sparql: str, params: dict[str, Any]) -> NamedQuery:
        text = name_or_sparql.strip()
        if re.fullmatch(r"[\w-]+", text) or text.endswith(".rq"):
            return load(text)
        query = parse_header("sparql", text)
        if query.params:
            return query
        declared = tuple(Param(k, "integer" if isinstance(v, int) and not isinstance(v, bool) else "string",
                               required=False) for k, v in params.items())
        return NamedQuery("sparql", text, params=declared)

    def queries(self) -> pd.DataFrame:
        """The named queries: name, title, parameters (``ties query --list``).

        Examples
        --------
        >>> g.queries().set_index("name").loc["partners", "params"]
        'place'
        """
        from ties.queries import catalogue
        return pd.DataFrame([{"name": q.name, "title": q.title, "params": ", ".join(p.name for p in q.params),
                              "question": q.question} for q in catalogue()])

    # -- names --------------------------------------------------------------------

    def _lookup(self, kind: str, name: str) -> pd.DataFrame:
        found: list[Match] = self._resolver().resolve(kind, name)
        return pd.DataFrame([m.__dict__ for m in found], columns=["label", "country", "iri", "how"]).astype("string")

    def places(self, name: str) -> pd.DataFrame:
        """Places (towns, districts, regions) a name means: any case form, ё/е, Latin spelling.

        Returns
        -------
        pandas.DataFrame
            label, country (ISO code), iri, and how the name matched (name, case form, latin, part).

        Raises
        ------
        ties.lookup.NotFound
            Nothing matches; the message names the closest names.

        Examples
        --------
        >>> g.places("Smolensk")
              label country                                            iri   how
        0  Смоленск      RU  https://w3id.org/ties/resource/place/ru/smolensk  latin
        >>> g.places("витебске")[["label", "country", "how"]]
             label country        how
        0  Витебск      BY  case form
        """
        return self._lookup("place", name)

    def institutions(self, name: str) -> pd.DataFrame:
        """Institutions a name, or a part of one, means, in any case form.

        Examples
        --------
        >>> g.institutions("СШ № 8")["label"].tolist()
        ['МБОУ «СШ № 8 с углубленным изучением иностранных языков»']
        """
        return self._lookup("institution", name)

    def countries(self, name: str) -> pd.DataFrame:
        """Countries of the store by ISO code, Russian name in any case form, or English name.

        Examples
        --------
        >>> g.countries("BY")[["label", "country"]]
              label country
        0  Беларусь      BY
        >>> g.countries("Белоруссии")["country"][0], g.countries("Belarus")["country"][0]
        ('BY', 'BY')
        """
        return self._lookup("country", name)

    # -- networks -----------------------------------------------------------------

    def network(self, kind: str = "place", since: str | date | None = None, until: str | date | None = None,
                sphere: str | None = None) -> nx.Graph:
        """The place or institution network, cut as ``ties metrics --since --until --sphere`` cuts it.

        Parameters
        ----------
        kind : {"place", "institution"}
        since, until : str or date, optional
            First and last day kept: ``2023-05-17``, ``2023``, ``2023-Q2``.
        sphere : str, optional
            Only events of this sphere (``culture``, ``education`` …).

        Examples
        --------
        >>> net = g.network("place")
        >>> smolensk, vitebsk = g.places("Смоленск")["iri"][0], g.places("Витебск")["iri"][0]
        >>> net.has_edge(smolensk, vitebsk)
        True
        >>> g.network("place", since="2030").number_of_edges()
        0
        """
        from ties.viz.pages import NETWORKS as BUILDERS
        if kind not in NETWORKS:
            raise ValueError(f"unknown network {kind!r}; expected one of {', '.join(NETWORKS)}")
        return BUILDERS[kind](self.endpoint or self._store(), since=since, until=until, sphere=sphere)

    def centralities(self, kind: str = "place", **cut: Any) -> pd.DataFrame:
        """Every node's degree, weighted degree, betweenness, PageRank, community and component
        (the tables of ``ties metrics``), most central first.

        Examples
        --------
        >>> g.centralities("place").head(3)[["label", "country", "degree", "betweenness"]]
               label country  degree  betweenness
        0  Хабаровск      RU      17     0.566596
        1   Смоленск      RU      16     0.719873
        2    Витебск      BY       3     0.125793
        """
        from ties.graph.metrics import node_table
        table = pd.DataFrame(node_table(self.network(kind, **cut)))
        return table[[c for c in table.columns if c != "node"] + ["node"]]  # the label first, the IRI last

    def ties_over_time(self, kind: str = "place", freq: str = "year", **cut: Any) -> pd.DataFrame:
        """Per year (``freq="year"``) or quarter (``"quarter"``): the ties with events then, their events,
        the places or institutions they join, who covered the period, and the ties gained, lost, not
        reported (no report of their reporter covers the period) and first reported (the "Per year"
        table of ``ties metrics``).

        Examples
        --------
        >>> g.ties_over_time("place")[["period", "ties", "events", "gained", "lost", "not_reported"]]
          period  ties  events  gained  lost  not_reported
        0   2020     0       0       0     0             0
        1   2021    17      17       0     0             0
        2   2022     1       1       0     0            17
        3   2023    25      29       0     0             0
        """
        from ties.graph.change import ties_over_time
        return pd.DataFrame(ties_over_time(self.network(kind, **cut), freq))

    def show(self, kind: str = "place", focus: str | None = None, radius: int = 2, country: str | None = None,
             since: str | date | None = None, until: str | date | None = None, sphere: str | None = None) -> View:
        """The network as the interactive page of ``ties viz``, shown inline in Jupyter.

        ``focus`` keeps the neighbourhood of one place (any name :meth:`places` understands)
        within ``radius`` steps; ``country`` only ties touching that country.

        Examples
        --------
        >>> view = g.show("place", focus="Смоленска", radius=1)
        >>> view
        <View 'Сеть населённых пунктов: Смоленск': 17 nodes, 16 edges>
        >>> "vis-network" in view.html, view._repr_html_().startswith("<iframe")
        (True, True)
        """
        from ties.viz.pages import TITLES, describe, page_graph, render_page
        if focus and kind == "place":
            focus = self.places(focus)["label"][0]
        if country:
            country = self.countries(country)["country"][0]
        graph = page_graph(self.endpoint or self._store(), kind, focus, radius, country, sphere, since, until)
        title = TITLES[kind] + (f": {focus}" if focus else "")
        return View(render_page(graph, title, describe(graph, focus, radius, country)), title,
                    graph.number_of_nodes(), graph.number_of_edges())

    # -- export -------------------------------------------------------------------

    def export(self, path: str | Path | None = None, format: str = "trig",  # noqa: A002 — as ties export --format
               graph: str | None = None) -> bytes | int:
        """The store as TriG, N-Quads, Turtle or JSON-LD (``ties export``), with the ontology's prefixes.

        Returns the bytes when ``path`` is None, else writes the file and returns the statements written.

        Examples
        --------
        >>> g.export(format="turtle", graph="001_89ccaa44aebf448f").startswith(b"@prefix")
        True
        """
        from ties.graph.export import export
        if self.endpoint:
            raise QueryError("export reads an embedded store; from an endpoint use its Graph Store Protocol")
        store = self._store()
        if path is not None:
            return export(store, Path(path), format, graph)
        out = io.BytesIO()
        export(store, out, format, graph)
        return out.getvalue()
