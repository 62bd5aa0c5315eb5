/**
 * Pulls `window.APP_INITIALIZATION_STATE=[...]` out of a Google Maps HTML page.
 * The value is a JS array literal that happens to be valid JSON; it is cut out
 * by bracket matching (respecting string literals) rather than by a regex,
 * because it routinely contains `];` inside strings.
 */

/** Returns the text of the balanced `[...]`/`{...}` literal starting at `start`, or null. */
export function sliceBalanced(text: string, start: number): string | null {
  const open = text[start];
  if (open !== '[' && open !== '{') return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

/** Every parsed APP_INITIALIZATION_STATE value in the page (normally one). */
export function extractAppInitializationState(html: string): unknown[] {
  const out: unknown[] = [];
  const marker = /APP_INITIALIZATION_STATE\s*=\s*/g;
  let m: RegExpExecArray | null;
  while ((m = marker.exec(html))) {
    const literal = sliceBalanced(html, m.index + m[0].length);
    if (!literal) continue;
    try {
      out.push(JSON.parse(literal));
    } catch {}
  }
  return out;
}
