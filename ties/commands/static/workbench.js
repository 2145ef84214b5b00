// The query workbench of `ties serve`: YASGUI, set up to need nothing but this server.
// Completions come from the ontology data the page carries (not prefix.cc or LOV),
// IRIs in results open this server's resource page, literals show their language apart.
(function () {
  "use strict";
  const CONFIG = JSON.parse(document.getElementById("ties-config").textContent);
  const ENDPOINT = new URL(CONFIG.endpoint, location.href).href;
  const RESOURCE = new URL("resource", location.href).href;
  const Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;

  // -- completion from local data ----------------------------------------------------
  const prefixLines = Object.entries(CONFIG.prefixes).map(([p, iri]) => p + ": <" + iri + ">").sort();
  Yasqe.forkAutocompleter("prefixes", {name: "ties-prefixes", persistenceId: null, get: () => prefixLines}, false);
  Yasqe.forkAutocompleter("class", {name: "ties-classes", bulk: true, persistenceId: null,
                                    get: () => CONFIG.classes}, false);
  Yasqe.forkAutocompleter("property", {name: "ties-properties", bulk: true, persistenceId: null,
                                       get: () => CONFIG.properties}, false);
  Yasqe.defaults.autocompleters = ["ties-prefixes", "ties-classes", "ties-properties", "variables"];
  const header = ["ties", "rdfs", "skos"].filter(p => CONFIG.prefixes[p])
    .map(p => "PREFIX " + p + ": <" + CONFIG.prefixes[p] + ">").join("\n");
  Yasqe.defaults.value = header + "\n\nSELECT ?report ?reporter ?layout WHERE {\n" +
    "  ?r a ties:Report ; ties:document ?report ; ties:layout ?layout .\n" +
    "  OPTIONAL { ?r ties:reporter ?reporter }\n} ORDER BY ?report\n";

  // -- result cells ------------------------------------------------------------------
  const escape = s => String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                                                          '"': "&quot;", "'": "&#39;"}[c]));
  function short(iri, prefixes) {
    for (const [p, ns] of Object.entries(prefixes || {})) if (ns && iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
    for (const [p, ns] of Object.entries(CONFIG.prefixes)) if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
    return iri;
  }
  const Table = Yasr.plugins.table;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const iri = binding.value;
    return "<a class='iri' target='_blank' title='" + escape(iri) + "' href='" + escape(RESOURCE + "?iri=" +
      encodeURIComponent(iri)) + "'>" + escape(short(iri, prefixes)) + "</a>";
  };
  Table.prototype.formatLiteral = function (binding, prefixes) {
    const text = escape(binding.value);
    if (binding["xml:lang"]) return text + "<span class='ties-lang' title='language'>" + escape(binding["xml:lang"]) + "</span>";
    if (binding.datatype && !/#(string|integer|decimal|date|boolean)$/.test(binding.datatype))
      return text + "<span class='ties-type'>" + escape(short(binding.datatype, prefixes)) + "</span>";
    return text;
  };

  // Whole cells by default (YASGUI cuts them to one line); its "Ellipse" switch still does.
  const draw = Table.prototype.draw;
  Table.prototype.draw = function (settings) {
    const given = Object.assign({}, settings);
    if (given.isEllipsed === undefined) given.isEllipsed = false;
    return draw.call(this, given);
  };

  // -- the workbench -----------------------------------------------------------------
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: ENDPOINT, method: "POST"},
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: {getData: () => [{endpoint: ENDPOINT}], keys: []},
    // A shared link (#query=… or ?query=…) runs here, whatever endpoint it names.
    populateFromUrl: options => { options.requestConfig.endpoint = ENDPOINT; return options; },
    yasr: {prefixes: CONFIG.prefixes},
  });
  window.tiesWorkbench = yasgui;

  async function namedQuery(form) {
    const params = new URLSearchParams({name: form.dataset.name});
    for (const input of form.querySelectorAll("input")) if (input.value.trim()) params.set(input.name, input.value);
    const status = document.getElementById("status");
    const response = await fetch("named-query?" + params);
    const text = await response.text();
    if (!response.ok) { status.textContent = text; return; }
    status.textContent = "";
    const tab = yasgui.addTab(true, {name: form.dataset.name, requestConfig: {endpoint: ENDPOINT}});
    tab.setQuery(text);
    tab.query();
  }
  for (const form of document.querySelectorAll("form.example")) {
    form.addEventListener("submit", event => { event.preventDefault(); namedQuery(form); });
  }

  async function download(accept, extension) {
    const status = document.getElementById("status");
    const query = yasgui.getTab().getQuery();
    status.textContent = "downloading…";
    const response = await fetch(ENDPOINT, {method: "POST", body: query,
      headers: {"Content-Type": "application/sparql-query", "Accept": accept}});
    if (!response.ok) { status.textContent = await response.text(); return; }
    const media = (response.headers.get("Content-Type") || "").split(";")[0];
    const cut = response.headers.get("X-Ties-Truncated");
    status.textContent = cut ? "cut to " + cut + " rows by the server's limits" : "";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "ties-query." + ({"text/turtle": "ttl", "application/ld+json": "jsonld"}[media] || extension);
    link.click();
  }
  document.getElementById("csv").onclick = () => download("text/csv, text/turtle;q=0.5", "csv");
  document.getElementById("json").onclick = () => download("application/sparql-results+json, application/ld+json;q=0.9", "json");
})();
