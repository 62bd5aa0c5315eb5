/**
 * Safe readers for Google's positional ("protobuf-as-JSON") arrays.
 *
 * Google Maps serves its data as deeply nested arrays whose meaning depends on
 * the index, and the indexes drift between releases. Every read therefore goes
 * through `at()`, which returns undefined instead of throwing, and callers try
 * several known paths before giving up.
 */

export type Path = readonly number[];

/** `at(arr, 1, 4, 5, 0)` is `arr[1][4][5][0]`, or undefined when any step is missing or not an array. */
export function at(root: unknown, ...path: number[]): unknown {
  let node: unknown = root;
  for (const index of path) {
    if (!Array.isArray(node)) return undefined;
    node = node[index];
  }
  return node;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function arr(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

/** The first of several candidate paths that yields a value accepted by `read`. */
export function firstOf<T>(root: unknown, paths: readonly Path[], read: (v: unknown) => T | null): T | null {
  for (const path of paths) {
    const value = read(at(root, ...path));
    if (value !== null) return value;
  }
  return null;
}

/** Removes Google's anti-JSON-hijacking prefix `)]}'` from an RPC body. */
export function stripXssi(text: string): string {
  return text.replace(/^\s*\)\]\}'\s*/, '');
}

/**
 * Parses an RPC body or an embedded JSON string: plain JSON, JSON behind the
 * XSSI prefix, or the chunked "length line + JSON line" framing batchexecute
 * uses. Returns every top-level value that parsed (usually one).
 */
export function parseGoogleJson(text: string): unknown[] {
  const body = stripXssi(text);
  try {
    return [JSON.parse(body)];
  } catch {
    // Chunked framing: a decimal length line, then a JSON line.
    const out: unknown[] = [];
    for (const line of body.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) continue;
      try {
        out.push(JSON.parse(trimmed));
      } catch {}
    }
    return out;
  }
}

/** Strings inside the data that are themselves JSON (APP_INITIALIZATION_STATE embeds `)]}'\n[...]` payloads). */
function looksLikeNestedJson(value: string): boolean {
  return value.length > 40 && (value.startsWith(")]}'") || value.startsWith('[[') || value.startsWith('[null'));
}

/**
 * Depth-first walk over nested arrays. `visit` returns true to claim a node
 * (its children are then not visited). Strings holding nested JSON payloads are
 * parsed and walked too, up to `nestedDepth` levels, because Google wraps whole
 * responses as JSON strings inside other responses.
 */
export function walkArrays(root: unknown, visit: (node: unknown[]) => boolean, nestedDepth = 2): void {
  const stack: { node: unknown; depth: number; nested: number }[] = [{ node: root, depth: 0, nested: 0 }];
  while (stack.length > 0) {
    const { node, depth, nested } = stack.pop()!;
    if (typeof node === 'string') {
      if (nested < nestedDepth && looksLikeNestedJson(node)) {
        for (const parsed of parseGoogleJson(node)) stack.push({ node: parsed, depth: 0, nested: nested + 1 });
      }
      continue;
    }
    if (!Array.isArray(node) || depth > 60) continue;
    if (visit(node)) continue;
    // Push in reverse so children are visited in document order.
    for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], depth: depth + 1, nested });
  }
}
