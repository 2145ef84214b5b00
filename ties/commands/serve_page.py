"""The query page of ``ties serve``: plain HTML with inline CSS and JS and the named queries as examples."""
from __future__ import annotations

import json

def _examples() -> dict[str, str]:
    """Each named query with its required example values bound in a VALUES block, for the page's menu."""
    from ties.queries import QueryError, bind, catalogue, with_values
    examples = {}
    for query in catalogue():
        values = {p.name: p.example for p in query.params if p.required and p.example is not None}
        try:
            examples[query.name] = with_values(query.text, bind(query, values))
        except QueryError:
            examples[query.name] = query.text
    return examples


def page() -> str:
    """The query page: plain HTML with inline CSS and JS, so it works with no internet."""
    data = json.dumps(_examples(), ensure_ascii=False).replace("</", "<\\/")
    return PAGE.replace("__EXAMPLES__", data)


PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>ties — SPARQL</title>
<style>
 body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
 textarea{width:100%;height:18em;font:13px/1.35 ui-monospace,monospace;box-sizing:border-box}
 table{border-collapse:collapse;margin-top:1em;font-size:13px}
 th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left;max-width:40em}
 th{background:#f3f3f3;position:sticky;top:0} tr:nth-child(even) td{background:#fafafa}
 #status{margin-left:1em;color:#555} .error{color:#b00;white-space:pre-wrap} pre{white-space:pre-wrap}
 button,select{font-size:14px;margin-right:.5em}
</style></head><body>
<h1>ties — SPARQL endpoint</h1>
<p>Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only; the default graph is the merge of the
report graphs). Ctrl+Enter runs the query.</p>
<p><select id="named"><option value="">— named queries —</option></select>
<button id="run">Run</button><button id="csv">Download CSV</button><span id="status"></span></p>
<textarea id="query" spellcheck="false">PREFIX ties: <https://w3id.org/ties/ontology#>
SELECT ?document ?reporter ?layout WHERE { ?r a ties:Report ; ties:document ?document ; ties:layout ?layout .
  OPTIONAL { ?r ties:reporter ?reporter } } ORDER BY ?document</textarea>
<div id="out"></div>
<script>
const EXAMPLES = __EXAMPLES__;
const $ = id => document.getElementById(id);
for (const name of Object.keys(EXAMPLES).sort()) {
  const o = document.createElement('option'); o.value = o.textContent = name; $('named').appendChild(o);
}
$('named').onchange = () => { if ($('named').value) $('query').value = EXAMPLES[$('named').value]; };
async function ask(accept) {
  const t0 = performance.now();
  $('status').textContent = 'running…';
  const r = await fetch('sparql', {method: 'POST', body: $('query').value,
    headers: {'Content-Type': 'application/sparql-query', 'Accept': accept}});
  const ms = Math.round(performance.now() - t0);
  const cut = r.headers.get('X-Ties-Truncated');
  $('status').textContent = r.status + ' in ' + ms + ' ms' + (cut ? ' — cut to ' + cut + ' rows' : '');
  return r;
}
function cell(b) {
  if (!b) return '';
  if (b.type === 'uri') return b.value;
  if (b.type === 'triple') return '<< ' + [b.value.subject, b.value.predicate, b.value.object].map(cell).join(' ') + ' >>';
  return b.value + (b['xml:lang'] ? '@' + b['xml:lang'] : '');
}
function show(data) {
  const out = $('out'); out.textContent = '';
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const tr = table.insertRow();
    for (const v of data.head.vars) tr.insertCell().textContent = cell(b[v]);
  }
  out.appendChild(table);
  $('status').textContent += ' — ' + data.results.bindings.length + ' rows';
}
async function run() {
  const out = $('out');
  try {
    const r = await ask('application/sparql-results+json, text/turtle;q=0.9');
    const text = await r.text();
    if (!r.ok) { out.innerHTML = ''; const p = document.createElement('p'); p.className = 'error';
                 p.textContent = text; out.appendChild(p); return; }
    if ((r.headers.get('Content-Type') || '').includes('json')) show(JSON.parse(text));
    else { out.innerHTML = ''; const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre); }
  } catch (e) { out.textContent = String(e); }
}
async function csv() {
  const r = await ask('text/csv');
  if (!r.ok) { $('out').textContent = await r.text(); return; }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await r.blob()); a.download = 'ties-query.csv'; a.click();
}
$('run').onclick = run; $('csv').onclick = csv;
const given = new URLSearchParams(location.search).get('query');  // a shared link: /?query=…
if (given) { $('query').value = given; run(); }
$('query').addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
</script></body></html>
"""
