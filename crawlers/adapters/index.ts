import { AppError } from '../../core/errors';
import type { BuiltInSource, SourceAdapter } from '../types';
import { dealerraterAdapter } from './dealerrater';
import { createDeclarativeAdapter, declarativeSiteSchema } from './declarative';
import { googleBusinessAdapter } from './google-business';
import { googleMapsAdapter } from './google-maps';
import { lendingtreeAdapter } from './lendingtree';
import { schemaOrgAdapter } from './schema-org';
import { trustpilotAdapter } from './trustpilot';
import { yelpAdapter } from './yelp';
import { zillowAdapter } from './zillow';

/**
 * The adapter registry: built-in sources by name, user-declared sites as
 * `custom:<key>`, and "which adapter handles this URL" for targets and
 * `repwatch extract` that name none.
 */
export interface SourceInfo {
  name: BuiltInSource;
  label: string;
  needsBrowser: boolean;
}

const builtIn: Record<BuiltInSource, SourceAdapter> = {
  'schema-org': schemaOrgAdapter,
  trustpilot: trustpilotAdapter,
  dealerrater: dealerraterAdapter,
  'google-maps': googleMapsAdapter,
  'google-business': googleBusinessAdapter,
  yelp: yelpAdapter,
  lendingtree: lendingtreeAdapter,
  zillow: zillowAdapter,
};

/** The built-in sources with their labels, for the sources table, the CLI and the dashboard. */
export const builtInSources: readonly SourceInfo[] = Object.values(builtIn).map((a) => ({
  name: a.name as BuiltInSource,
  label: a.label,
  needsBrowser: a.needsBrowser,
}));

export function isBuiltInSource(name: string): name is BuiltInSource {
  return Object.hasOwn(builtIn, name);
}

type Site = Readonly<Record<string, unknown>>;
const declared = new WeakMap<Site, SourceAdapter>();

function siteKey(site: Site): string | null {
  return typeof site.key === 'string' ? site.key : null;
}

function declarativeAdapter(site: Site): SourceAdapter {
  let adapter = declared.get(site);
  if (!adapter) {
    const parsed = declarativeSiteSchema.safeParse(site);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError('CONFIG_INVALID', `Site "${siteKey(site) ?? '?'}" is invalid: ${issue.path.join('.') || 'site'} ${issue.message}.`, {
        param: `sites.${siteKey(site) ?? '?'}.${issue.path.join('.')}`,
      });
    }
    adapter = createDeclarativeAdapter(parsed.data);
    declared.set(site, adapter);
  }
  return adapter;
}

/** The adapter for a source name: a built-in one, or `custom:<key>` from the config's `sites`. */
export function getAdapter(name: string, sites: readonly Site[] = []): SourceAdapter {
  if (isBuiltInSource(name)) return builtIn[name];
  if (name.startsWith('custom:')) {
    const key = name.slice('custom:'.length);
    const site = sites.find((s) => siteKey(s) === key);
    if (site) return declarativeAdapter(site);
    throw new AppError('BAD_REQUEST', `Unknown source "${name}": no site with key "${key}" in the config's sites.`, { param: 'source' });
  }
  const custom = sites.map(siteKey).filter((k): k is string => k !== null).map((k) => `custom:${k}`);
  throw new AppError('BAD_REQUEST', `Unknown source "${name}". Known sources: ${[...Object.keys(builtIn), ...custom].join(', ')}.`, { param: 'source' });
}

/**
 * The adapter whose `matches` accepts the URL: declared sites first (a user
 * who describes a site means it), then the site-specific built-ins; schema.org
 * is the fallback only when asked for explicitly, so this returns null for an
 * unknown site.
 */
export function adapterForUrl(url: string | URL, sites: readonly Site[] = []): SourceAdapter | null {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  for (const site of sites) {
    const adapter = declarativeAdapter(site);
    if (adapter.matches(u)) return adapter;
  }
  for (const adapter of Object.values(builtIn)) {
    if (adapter === schemaOrgAdapter) continue;
    if (adapter.matches(u)) return adapter;
  }
  return null;
}
