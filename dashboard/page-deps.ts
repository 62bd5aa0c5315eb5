import type { Settings } from '../core/config/schema';
import type { InternalApi } from './internal-api';

/** What a page needs to load its data: the in-process API and the scoring settings. */
export interface PageDeps {
  api: InternalApi;
  settings: Readonly<Settings>;
}

/** A dashboard CSV link: the same API read as the page, served through /export with the session's key. */
export function exportHref(path: string, query: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  p.set('format', 'csv');
  return `/export/${path}?${p.toString()}`;
}
