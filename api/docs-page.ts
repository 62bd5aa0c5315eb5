/**
 * /docs: a readable HTML page rendered on the server from the OpenAPI
 * document itself (no CDN, no script: repwatch runs offline). Operations are
 * grouped by tag; each shows its parameters, request body and responses, and
 * named schemas are listed at the end with their fields.
 */
type Json = Record<string, unknown>;

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const refName = (ref: string) => ref.split('/').pop() ?? ref;

function typeOf(schema: unknown, depth = 0): string {
  const s = (schema ?? {}) as Json;
  if (typeof s.$ref === 'string') return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  if (Array.isArray(s.enum)) return s.enum.map((e) => `<code>${esc(JSON.stringify(e))}</code>`).join(' | ');
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(s[k])) return (s[k] as unknown[]).map((x) => typeOf(x, depth + 1)).join(k === 'allOf' ? ' &amp; ' : ' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type as string | undefined);
  if (type === 'array') return `${typeOf(s.items, depth + 1)}[]`;
  if (type === 'object' && s.properties && depth < 1)
    return `{ ${Object.keys(s.properties as Json).map(esc).join(', ')} }`;
  const bits = [type ?? 'any'];
  if (s.format) bits.push(`(${esc(s.format)})`);
  if (s.minimum !== undefined || s.maximum !== undefined) bits.push(`[${esc(s.minimum ?? '')}..${esc(s.maximum ?? '')}]`);
  return esc(bits.join(' '));
}

function fieldsTable(schema: Json): string {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(props).map(
    ([name, p]) =>
      `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(p)}</td><td>${esc(p.description ?? '')}</td></tr>`,
  );
  return rows.length ? `<table><tr><th>field</th><th>type</th><th>description</th></tr>${rows.join('')}</table>` : '';
}

const opId = (method: string, path: string) => `op-${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`;

function operation(method: string, path: string, op: Json): string {
  const id = opId(method, path);
  const params = ((op.parameters as Json[] | undefined) ?? []).map(
    (p) =>
      `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema)}</td><td>${esc(p.description ?? (p.schema as Json | undefined)?.description ?? '')}</td></tr>`,
  );
  const body = op.requestBody as Json | undefined;
  const bodyHtml = body
    ? Object.entries((body.content ?? {}) as Record<string, Json>)
        .map(([type, media]) => `<p>Body <code>${esc(type)}</code>: ${typeOf(media.schema)}</p>${fieldsTable((media.schema ?? {}) as Json)}`)
        .join('')
    : '';
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
    const types = Object.entries((r.content ?? {}) as Record<string, Json>)
      .map(([type, media]) => `<code>${esc(type)}</code> ${typeOf(media.schema)}`)
      .join('<br>');
    return `<tr><td><b>${esc(status)}</b></td><td>${esc(r.description ?? '')}</td><td>${types}</td></tr>`;
  });
  return `<section class="op" id="${esc(id)}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
${op.summary ? `<p class="sum">${esc(op.summary)}</p>` : ''}${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params.length ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>${params.join('')}</table>` : ''}
${bodyHtml ? `<h4>Request body</h4>${bodyHtml}` : ''}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>content</th></tr>${responses.join('')}</table>
</section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const groups = new Map<string, string[]>();
  const index = new Map<string, string[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const tag = ((op as Json).tags as string[] | undefined)?.[0] ?? 'other';
      groups.set(tag, [...(groups.get(tag) ?? []), operation(method, path, op as Json)]);
      index.set(tag, [...(index.get(tag) ?? []), `<li><a href="#${esc(opId(method, path))}"><code>${esc(method.toUpperCase())} ${esc(path)}</code></a> ${esc((op as Json).summary ?? '')}</li>`]);
    }
  }
  const tagInfo = new Map(((doc.tags as Json[] | undefined) ?? []).map((t) => [String(t.name), String(t.description ?? '')]));
  const schemas = Object.entries(((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>).map(
    ([name, s]) => `<section class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${fieldsTable(s) || `<p>${typeOf(s)}</p>`}</section>`,
  );
  const toc = [...index].map(([tag, ops]) => `<li><a href="#tag-${esc(tag)}">${esc(tag)}</a><ul>${ops.join('')}</ul></li>`).join('');
  const body = [...groups]
    .map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${tagInfo.get(tag) ? `<p>${esc(tagInfo.get(tag))}</p>` : ''}${ops.join('')}`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1rem 2rem;color:#1d232a}
code{font:13px ui-monospace,monospace;background:#f1f3f5;padding:0 .2em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.3rem 0 .8rem}td,th{border:1px solid #dde1e5;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f7f8f9}.op{border:1px solid #dde1e5;border-radius:6px;padding:.2rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.2em;text-align:center;color:#fff;border-radius:4px;font-size:13px;padding:.1em .4em}
.m-get{background:#2b6cb0}.m-post{background:#2f855a}.m-patch{background:#b7791f}.m-put{background:#6b46c1}.m-delete{background:#c53030}
.req{color:#c53030;font-size:12px}.sum{font-weight:600}h2{border-bottom:2px solid #dde1e5;margin-top:2rem}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
<nav><ul>${toc}<li><a href="#schemas">schemas</a></li></ul></nav>
${body}
<h2 id="schemas">Schemas</h2>${schemas.join('')}
</body></html>`;
}
