/* The network page's behaviour: search, filters, the year slider and the side panel.
 * All data comes from the JSON block #ties-data (see viz/page_data.py); nothing is fetched.
 * Filters work on each edge's facts [kind, event, first year, last year, sphere]: an edge shows
 * when a fact passes, drawn as the strongest kind that passes (as graph.projections.restrict does);
 * a node shows when one of its edges does. Positions never change, so playing the years keeps
 * every place where it was. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("ties-data").textContent);
  const S = data.strings;
  const byId = new Map(data.nodes.map(n => [n.id, n]));
  const edgeById = new Map(data.edges.map(e => [e.id, e]));
  const kindIndex = new Map(data.kinds.map((k, i) => [k.id, i]));
  const $ = id => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

  function edgeStyle(kind, extra) {
    const k = data.kinds[kindIndex.get(kind)] || data.kinds[0];
    return {width: k.width + extra, dashes: k.dashes, color: {color: k.color, highlight: "#000", hover: "#000"}};
  }

  window.nodes = new vis.DataSet(data.nodes.map(n => ({
    id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: "dot", title: n.title, country: n.country,
    color: {background: n.color, border: "#555", highlight: {background: n.color, border: "#000"},
            hover: {background: n.color, border: "#000"}}})));
  window.edges = new vis.DataSet(data.edges.map(e => Object.assign(
    {id: e.id, from: e.from, to: e.to, kind: e.kind}, edgeStyle(e.kind, e.extra))));

  const shownNodes = new Set(data.nodes.map(n => n.id));
  const shownEdges = new Set(data.edges.map(e => e.id));
  const nodeView = new vis.DataView(nodes, {filter: n => shownNodes.has(n.id)});
  const edgeView = new vis.DataView(edges, {filter: e => shownEdges.has(e.id)});
  const large = data.nodes.length > 1000;
  const options = {
    physics: {enabled: false},
    layout: {improvedLayout: false},
    nodes: {shape: "dot", borderWidth: 1,
            font: {size: data.fontSize, face: "sans-serif", color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {enabled: false, drawThreshold: 6}}},
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 1.5},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                  keyboard: {enabled: true, bindToWindow: false},  // else vis takes the arrow keys from the slider
                  multiselect: false},
  };
  const container = $("mynetwork");
  window.network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  // vis-network draws its first frame inside the constructor: the page is drawn and usable now.
  // vis fits the nodes, not their labels: leave room for the labels at the edges.
  network.moveTo({scale: network.getScale() * 0.94});
  if (container.querySelector("canvas")) { window.tiesDrawn = performance.now(); }

  // ------------------------------------------------------------------ filters

  const years = data.years;
  const state = {countries: null, kinds: null, sphere: -1, from: null, to: null, year: null};

  function readControls() {
    state.countries = new Set([...document.querySelectorAll(".ties-country")].filter(c => c.checked).map(c => c.value));
    state.kinds = new Set([...document.querySelectorAll(".ties-kind")].filter(c => c.checked)
      .map(c => kindIndex.get(c.value)));
    const sphere = $("ties-sphere");
    state.sphere = sphere ? Number(sphere.value) : -1;
    const slider = $("ties-year");
    state.year = slider && Number(slider.value) > 0 ? years[Number(slider.value) - 1] : null;
    state.from = $("ties-from") && $("ties-from").value ? Number($("ties-from").value) : null;
    state.to = $("ties-to") && $("ties-to").value ? Number($("ties-to").value) : null;
    if ($("ties-year-label")) { $("ties-year-label").value = state.year === null ? S.all_years : String(state.year); }
  }

  /** The index of the strongest kind among the facts the filters admit, or -1. */
  function admitted(edge) {
    const lo = state.year !== null ? state.year : state.from;
    const hi = state.year !== null ? state.year : state.to;
    let best = -1;
    for (const [kind, , first, last, sphere] of edge.facts) {
      if (!state.kinds.has(kind)) { continue; }
      if (state.sphere >= 0 && sphere !== state.sphere) { continue; }
      if (lo !== null && (first === null || first < lo)) { continue; }
      if (hi !== null && (last === null || last > hi)) { continue; }
      if (kind > best) { best = kind; }
    }
    return best;
  }

  function factAdmitted(fact) {
    return admitted({facts: [fact]}) >= 0;
  }

  function apply() {
    readControls();
    shownEdges.clear();
    shownNodes.clear();
    const restyle = [];
    for (const edge of data.edges) {
      const a = byId.get(edge.from), b = byId.get(edge.to);
      if (!state.countries.has(a.country) || !state.countries.has(b.country)) { continue; }
      const best = admitted(edge);
      if (best < 0) { continue; }
      shownEdges.add(edge.id);
      shownNodes.add(edge.from);
      shownNodes.add(edge.to);
      const kind = data.kinds[best].id;
      if (edges.get(edge.id).kind !== kind) { restyle.push(Object.assign({id: edge.id, kind}, edgeStyle(kind, edge.extra))); }
    }
    const unfiltered = state.year === null && state.from === null && state.to === null && state.sphere < 0
      && state.kinds.size === data.kinds.length;
    for (const node of data.nodes) {  // a node without ties (none in the projections) shows when nothing filters it
      if (unfiltered && state.countries.has(node.country) && network.getConnectedEdges(node.id).length === 0) {
        shownNodes.add(node.id);
      }
    }
    if (restyle.length) { edges.update(restyle); }
    nodeView.refresh();
    edgeView.refresh();
    $("ties-shown").textContent = fmt(S.shown, {nodes: shownNodes.size, edges: shownEdges.size})
      + (shownEdges.size === 0 ? " — " + S.nothing : "");
    refreshPanel();
  }

  function resetFilters() {
    document.querySelectorAll(".ties-country, .ties-kind").forEach(c => { c.checked = true; });
    for (const id of ["ties-sphere", "ties-from", "ties-to"]) { if ($(id)) { $(id).selectedIndex = 0; } }
    if ($("ties-year")) { $("ties-year").value = 0; }
    stop();
    apply();
  }

  document.querySelectorAll(".ties-country, .ties-kind, #ties-sphere, #ties-from, #ties-to")
    .forEach(c => c.addEventListener("change", apply));
  document.querySelectorAll("#ties-legend .only").forEach(button => button.addEventListener("click", () => {
    const keep = new Set([button.dataset.country, "RU"]);
    document.querySelectorAll(".ties-country").forEach(c => { c.checked = keep.has(c.value); });
    apply();
  }));
  $("ties-reset").addEventListener("click", resetFilters);

  // ------------------------------------------------------------------ the year slider

  let timer = null;
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    if ($("ties-play")) { $("ties-play").textContent = S.play; }
  }
  function step() {
    const slider = $("ties-year");
    const next = Number(slider.value) + 1;
    if (next > years.length) { stop(); return; }
    slider.value = next;
    apply();
  }
  if ($("ties-year")) {
    $("ties-year").addEventListener("input", () => { stop(); apply(); });
    $("ties-play").addEventListener("click", () => {
      if (timer !== null) { stop(); return; }
      if (Number($("ties-year").value) >= years.length) { $("ties-year").value = 0; }
      $("ties-play").textContent = S.pause;
      step();
      timer = setInterval(step, 1500);
    });
  }

  // ------------------------------------------------------------------ search

  const fold = s => s.normalize("NFKC").toLowerCase().replace(/ё/g, "е").replace(/[\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\s\-\u2010-\u2015\u2212\u00ad]+/g, " ").replace(/^[\s"'«»„“”.,;:()[\]]+|[\s"'«»„“”.,;:()[\]]+$/g, "");
  const latinOf = s => s.normalize("NFKD").toLowerCase().replace(/[^a-z]/g, "");

  /** How well a key matches: 0 the same, 1 its start, 2 a word's start, 3 inside, 4 a case form (stem); else null. */
  function rank(query, key, words) {
    if (!key) { return null; }
    if (key === query) { return 0; }
    if (key.startsWith(query)) { return 1; }
    if (words && (" " + key).includes(" " + query)) { return 2; }
    if (key.includes(query)) { return 3; }
    for (const cut of [1, 2]) {  // "Витебска", "Смоленске": the query's ending dropped
      const stem = query.slice(0, -cut);
      if (stem.length >= 4 && (words ? (" " + key).includes(" " + stem) : key.startsWith(stem))) { return 4; }
    }
    return null;
  }

  function search(text) {
    const q = fold(text);
    if (!q) { return []; }
    const latin = /[a-z]/.test(q) && !/[а-я]/.test(q) ? latinOf(q) : null;
    const found = [];
    for (const node of data.nodes) {
      let best = null;
      node.keys.forEach((key, i) => {  // the name first; an organization's place ranks after any name match
        const r = rank(q, key, true);
        if (r !== null && (best === null || r + 5 * i < best)) { best = r + 5 * i; }
      });
      if (latin) {
        for (const key of node.latin) {
          const r = rank(latin, key, false);
          if (r !== null && (best === null || r < best)) { best = r; }
        }
      }
      if (best !== null) { found.push([best, -network.getConnectedEdges(node.id).length, node.name, node]); }
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
    return found.map(f => f[3]);
  }

  let matches = [];
  function showMatches() {
    const box = $("ties-matches");
    box.replaceChildren();
    matches = search($("ties-search").value).slice(0, 8);
    if (!$("ties-search").value.trim()) { return; }
    if (!matches.length) {
      const none = document.createElement("div");
      none.className = "none";
      none.textContent = S.no_match;
      box.append(none);
      return;
    }
    matches.forEach((node, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = i === 0 ? "best" : "";
      b.textContent = node.name + (node.country ? " (" + node.country + ")" : "");
      b.addEventListener("click", () => choose(node));
      box.append(b);
    });
  }

  function choose(node) {
    if (!shownNodes.has(node.id)) {
      resetFilters();
      $("ties-shown").textContent += " · " + node.name + " " + S.hidden_match;
    }
    showNode(node.id);  // first: the panel narrows the canvas, and the view is centred in what is left
    network.selectNodes([node.id]);
    network.focus(node.id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
  }

  $("ties-search").addEventListener("input", showMatches);
  $("ties-search").addEventListener("keydown", event => {
    if (event.key === "Enter") {
      event.preventDefault();
      showMatches();
      if (matches.length) { choose(matches[0]); }
    }
  });

  // ------------------------------------------------------------------ the side panel

  const panel = $("ties-panel"), body = $("ties-panel-body");
  let current = null;  // ["node", id] or ["edge", id]

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function iriLine(iri) {
    if (!data.resourceBase) { return el("div", iri, "iri"); }
    const link = el("a", S.resource, "iri");
    link.href = data.resourceBase + (data.resourceBase.includes("?") ? "&" : "?") + "iri=" + encodeURIComponent(iri);
    link.title = iri;
    const line = el("div");
    line.append(link);
    return line;
  }

  function eventItem(event) {
    const li = el("li");
    li.append(el("div", event.when + " — " + (event.title || "—")));
    li.append(el("div", S.report + ": " + event.where + (event.sphere ? " · " + event.sphere : ""), "where"));
    if (event.quote) { li.append(el("blockquote", event.quote)); }
    if (data.resourceBase) { li.append(iriLine(event.iri)); }
    return li;
  }

  /** The events of some edges that the filters admit, in date order, and how many they leave out. */
  function eventsOf(edgeList) {
    const kept = new Set(), all = new Set();
    for (const edge of edgeList) {
      for (const fact of edge.facts) {
        if (fact[1] < 0) { continue; }
        all.add(fact[1]);
        if (factAdmitted(fact)) { kept.add(fact[1]); }
      }
    }
    const events = [...kept].map(i => data.events[i])
      .sort((a, b) => (a.start || "9999").localeCompare(b.start || "9999") || a.where.localeCompare(b.where));
    return [events, all.size - kept.size];
  }

  function eventList(edgeList) {
    const [events, left] = eventsOf(edgeList);
    const frag = document.createDocumentFragment();
    frag.append(el("h3", S.events + " (" + events.length + ")"));
    if (!events.length) { frag.append(el("div", S.no_events, "meta")); }
    const ol = el("ol");
    events.forEach(e => ol.append(eventItem(e)));
    frag.append(ol);
    if (left) { frag.append(el("div", fmt(S.more, {n: left}), "meta")); }
    return frag;
  }

  /** The name of the kind an edge is drawn as now (the filters may make it weaker). */
  const kindName = edgeId => data.kinds[kindIndex.get(edges.get(edgeId).kind)].name;

  /** Show or hide the panel; the canvas narrows or widens, and the view keeps its centre and zoom. */
  function setPanel(visible) {
    if (panel.hidden === !visible) { return; }
    const position = network.getViewPosition(), scale = network.getScale();
    panel.hidden = !visible;
    network.setSize("100%", "100%");
    network.moveTo({position, scale});
  }

  function open(kind, id) {
    current = [kind, id];
    setPanel(true);
    body.replaceChildren();
    body.scrollTop = 0;
  }

  function showNode(id) {
    const node = byId.get(id);
    open("node", id);
    body.append(el("h2", node.name));
    const country = data.legend.countries.find(c => c.code === node.country);
    body.append(el("div", (country ? country.name : node.country) + (node.place ? " · " + S.located + ": " + node.place : ""),
                   "meta"));
    if (node.lat !== null && node.lat !== undefined) { body.append(el("div", node.lat.toFixed(4) + ", " + node.lon.toFixed(4), "meta")); }
    body.append(iriLine(node.id));
    const mine = data.edges.filter(e => (e.from === id || e.to === id) && shownEdges.has(e.id));
    body.append(el("h3", S.partners + " (" + mine.length + ")"));
    const ul = el("ul");
    for (const edge of mine) {
      const other = byId.get(edge.from === id ? edge.to : edge.from);
      const li = el("li");
      const b = el("button", other.name, "partner");
      b.type = "button";
      b.addEventListener("click", () => { network.selectEdges([edge.id]); showEdge(edge.id); });
      li.append(b, el("span", " — " + kindName(edge.id), "meta"));
      ul.append(li);
    }
    body.append(ul, eventList(mine));
  }

  function showEdge(id) {
    const edge = edgeById.get(id);
    let a = byId.get(edge.from), b = byId.get(edge.to);
    if (b.country === "RU" && a.country !== "RU") { [a, b] = [b, a]; }  // the Russian side first, as reports name it
    open("edge", id);
    body.append(el("h2", a.name + " — " + b.name));
    body.append(el("div", kindName(id), "meta"));
    if (edge.reports.length) { body.append(el("div", S.report + ": " + edge.reports.join(", "), "meta")); }
    if (edge.facts.some(f => f[1] < 0 && factAdmitted(f))) { body.append(el("div", S.stated, "meta")); }
    body.append(eventList([edge]));
  }

  function refreshPanel() {
    if (!current || panel.hidden) { return; }
    const [kind, id] = current;
    if (kind === "node" && shownNodes.has(id)) { showNode(id); }
    else if (kind === "edge" && shownEdges.has(id)) { showEdge(id); }
  }

  /** An edge's tooltip: the pair, its kind, then each event with its report row. Made on the first
   * hover rather than stored in the page: on a large network the tooltips were half its size. */
  const TOOLTIP_EVENTS = 12;
  function edgeTitle(id) {
    const edge = edgeById.get(id);
    let a = byId.get(edge.from), b = byId.get(edge.to);
    if (b.country === "RU" && a.country !== "RU") { [a, b] = [b, a]; }
    const seen = [...new Set(edge.facts.map(f => f[1]).filter(i => i >= 0))].map(i => data.events[i])
      .sort((x, y) => (x.start || "9999").localeCompare(y.start || "9999") || x.where.localeCompare(y.where));
    const lines = [a.name + " — " + b.name, kindName(id) + "; " + fmt(S.events_count, {n: seen.length})];
    for (const e of seen.slice(0, TOOLTIP_EVENTS)) { lines.push("• " + e.when + ": " + (e.title || "—") + " [" + e.where + "]"); }
    if (seen.length > TOOLTIP_EVENTS) { lines.push(fmt(S.more, {n: seen.length - TOOLTIP_EVENTS})); }
    if (!seen.length && edge.reports.length) { lines.push(S.stated + ": " + edge.reports.join(", ")); }
    return lines.join("\n");
  }
  network.on("hoverEdge", params => { edges.update({id: params.edge, title: edgeTitle(params.edge)}); });

  $("ties-panel-close").addEventListener("click", () => {
    current = null;
    network.unselectAll();
    setPanel(false);
  });
  network.on("click", params => {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  window.tiesPage = {data, state, apply, resetFilters, search, choose, showNode, showEdge, edgeTitle,
                     shown: () => ({nodes: [...shownNodes], edges: [...shownEdges]})};
  apply();
})();
