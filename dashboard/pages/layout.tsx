import type { Child } from 'hono/jsx';
import type { Principal } from '../../api/types';
import { GRANULARITIES, GRANULARITY_LABELS, hrefWith, type Filters } from '../filters';

/**
 * The page shell: skip link, header with navigation and the signed-in key,
 * the shared filter form (a plain GET form, so filters land in the URL and
 * work without scripts), and the main landmark.
 */
export interface Assets {
  css: string;
  js: string;
  uplotJs: string;
  uplotCss: string;
}

export interface NavData {
  companyName: string;
  locations: { id: number; name: string }[];
  /** People the key may see (names for crawl targets and links). */
  people: { id: number; name: string }[];
  /** Company-wide pages (overview, leadership, all sources): not for manager keys. */
  companyWide: boolean;
}

export interface View {
  principal: Principal;
  filters: Filters;
  ignored: string[];
  /** The path of this page (the filter form posts back to it). */
  path: string;
  nav: NavData;
  assets: Assets;
}

const ROLE_LABEL: Record<Principal['role'], string> = { admin: 'Admin', leadership: 'Leadership', marketing: 'Marketing', manager: 'Manager' };

export function Document(props: { title: string; assets: Assets; children: Child; bodyClass?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        {/* No favicon request: nothing to load, nothing to 404 in the console. */}
        <link rel="icon" href="data:," />
        <title>{`${props.title} · repwatch`}</title>
        <link rel="stylesheet" href={props.assets.uplotCss} />
        <link rel="stylesheet" href={props.assets.css} />
        <script src={props.assets.uplotJs} defer />
        <script type="module" src={props.assets.js} />
      </head>
      <body class={props.bodyClass}>{props.children}</body>
    </html>
  );
}

function NavLink(props: { href: string; current: boolean; children: Child }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

function NavMenu(props: { label: string; items: { href: string; name: string; current: boolean }[] }) {
  return (
    <li>
      <details class="menu">
        <summary>{props.label}</summary>
        <ul>
          {props.items.map((i) => (
            <NavLink href={i.href} current={i.current}>
              {i.name}
            </NavLink>
          ))}
        </ul>
      </details>
    </li>
  );
}

export function Layout(props: { view: View; title: string; heading?: Child; children: Child; filterForm?: Child }) {
  const { view } = props;
  const f = view.filters;
  const here = (p: string) => view.path === p || view.path.startsWith(`${p}/`);
  return (
    <Document title={props.title} assets={view.assets}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          repwatch <span class="brand-company">{view.nav.companyName}</span>
        </a>
        <nav aria-label="Main">
          <ul>
            {view.nav.companyWide ? (
              <NavLink href={hrefWith('/overview', f)} current={here('/overview')}>
                Overview
              </NavLink>
            ) : null}
            {/* Both pages need a location or the company: a team lead's key has neither. */}
            {view.nav.companyWide || view.nav.locations.length ? (
              <>
                <NavLink href={hrefWith('/leadership', f, {}, ['granularity', 'from', 'to', 'entity'])} current={here('/leadership')}>
                  Reputation vs CX
                </NavLink>
                <NavLink href={hrefWith('/sources', f, {}, ['entity'])} current={here('/sources')}>
                  Sources
                </NavLink>
              </>
            ) : null}
            {view.nav.locations.length ? (
              <NavMenu label="Locations" items={view.nav.locations.map((l) => ({ href: hrefWith(`/locations/${l.id}`, f), name: l.name, current: view.path === `/locations/${l.id}` }))} />
            ) : null}
            {/* Managers also get their people here; everyone else reaches people through a location. */}
            {!view.nav.companyWide && view.nav.people.length ? (
              <NavMenu label="People" items={view.nav.people.map((x) => ({ href: hrefWith(`/people/${x.id}`, f), name: x.name, current: view.path === `/people/${x.id}` }))} />
            ) : null}
          </ul>
        </nav>
        <div class="who">
          <span>
            {view.principal.name} <span class="role">{ROLE_LABEL[view.principal.role]}</span>
          </span>
          <form method="post" action="/logout">
            <button type="submit" class="link-button">
              Log out
            </button>
          </form>
        </div>
      </header>
      <main id="main" tabindex={-1}>
        <h1>{props.heading ?? props.title}</h1>
        {view.ignored.length ? (
          <p class="notice" role="status">
            Ignored in the address: {view.ignored.join(', ')}. Showing the defaults instead.
          </p>
        ) : null}
        {props.filterForm}
        {props.children}
      </main>
      <footer class="foot">
        <p>
          Ratings are on a 1–5 scale. “Shrunk” ratings are pulled toward the parent’s average in proportion to how few reviews there are, so
          small samples do not top or bottom a list on luck; the bar shows their 95 % interval. <a href="/docs">API documentation</a>
        </p>
      </footer>
    </Document>
  );
}

/** A labelled form control (label and control tied by id, so the control's name is just the label). */
export function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** The shared filters. `sources` lists the review sites to offer; `level` adds the comparison choice. */
export function FilterForm(props: {
  view: View;
  sources?: string[];
  extra?: Child;
  granularities?: readonly Filters['granularity'][];
}) {
  const f = props.view.filters;
  const grains = props.granularities ?? GRANULARITIES;
  return (
    <form class="filters" method="get" action={props.view.path} aria-label="Filters">
      <Field id="f-granularity" label="Period">
        <select id="f-granularity" name="granularity">
          {grains.map((g) => (
            <option value={g} selected={f.granularity === g}>
              {GRANULARITY_LABELS[g]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-from" label="From">
        <input id="f-from" type="date" name="from" value={f.from ?? ''} />
      </Field>
      <Field id="f-to" label="To">
        <input id="f-to" type="date" name="to" value={f.to ?? ''} />
      </Field>
      {props.sources ? (
        <Field id="f-source" label="Source">
          <select id="f-source" name="source">
            <option value="" selected={!f.source}>
              All sources
            </option>
            {props.sources.map((s) => (
              <option value={s} selected={f.source === s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {props.extra}
      <button type="submit">Apply</button>
      <a class="reset" href={props.view.path}>
        Reset
      </a>
    </form>
  );
}

export function ErrorPage(props: { view: View | null; assets: Assets; status: number; title: string; message: string; links?: { href: string; label: string }[] }) {
  const body = (
    <>
      <p class="error-message">{props.message}</p>
      {props.links?.length ? (
        <ul class="links">
          {props.links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
  if (props.view) return <Layout view={props.view} title={props.title}>{body}</Layout>;
  return (
    <Document title={props.title} assets={props.assets} bodyClass="bare">
      <main id="main" class="narrow">
        <h1>{props.title}</h1>
        {body}
      </main>
    </Document>
  );
}

export function LoginPage(props: { assets: Assets; next: string; error?: string; status?: string }) {
  return (
    <Document title="Sign in" assets={props.assets} bodyClass="bare">
      <main id="main" class="narrow login">
        <h1>repwatch</h1>
        <p>Sign in with your API key. Your role and scope are the key’s: a manager key shows only its locations and people.</p>
        {props.error ? (
          <p class="error-message" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        {props.status ? <p role="status">{props.status}</p> : null}
        <form method="post" action="/login" class="login-form">
          <input type="hidden" name="next" value={props.next} />
          <label for="key">API key</label>
          <input
            id="key"
            name="key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            aria-describedby={props.error ? 'login-error key-help' : 'key-help'}
          />
          <p id="key-help" class="muted">
            Keys start with <code>rw_</code>. An admin creates them with <code>repwatch keys create</code>. The key is not stored in your browser.
          </p>
          <button type="submit">Sign in</button>
        </form>
      </main>
    </Document>
  );
}
