import type { Child } from 'hono/jsx';
import { DASH, num, stars } from '../format';

/**
 * Building blocks shared by the pages. Review text and names only ever reach
 * the page as JSX children or attribute values, which Hono escapes; the one
 * place markup is written raw is JsonScript, and what it writes is JSON with
 * every <, > and & turned into a \u escape, so it cannot close its script tag.
 */

/** Data for a chart, read by public/dashboard.js (see there for how each field is drawn). */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Which y scale (key of ChartSpec.scales); 'y' by default. */
  scale?: string;
  dash?: number[];
  /** Points only, no line (raw averages, scatter). */
  pointsOnly?: boolean;
  bars?: boolean;
  /** An interval edge: not drawn as a line, only as the band it bounds. */
  bandEdge?: boolean;
  digits?: number;
}

export interface ChartSpec {
  /** time: x are period starts (YYYY-MM-DD); xy: x are numbers (scatter). */
  kind: 'time' | 'xy';
  x: (string | number)[];
  xLabel?: string;
  series: ChartSeries[];
  /** headroom: with only min given, the top of the scale is the data's maximum times this (1.1 by default). */
  scales?: Record<string, { min?: number; max?: number; label: string; side?: 'left' | 'right'; headroom?: number }>;
  /** Shade between two series (indexes into series). */
  bands?: { upper: number; lower: number; color: string }[];
  /** xy: a short label drawn beside each point. */
  pointLabels?: string[];
  height?: number;
}

export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function JsonScript(props: { id: string; data: unknown }) {
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: jsonForScript(props.data) }} />;
}

export function CsvLink(props: { href: string; label?: string }) {
  return (
    <a class="csv" href={props.href} download>
      {props.label ?? 'Download CSV'}
    </a>
  );
}

/**
 * A chart: uPlot draws into the div; the same numbers are in a table
 * underneath (for screen readers, for copying, and when scripts are off).
 */
export function Chart(props: {
  id: string;
  title: string;
  summary: string;
  spec: ChartSpec;
  xLabels: string[];
  csv?: string;
  note?: Child;
}) {
  const { spec } = props;
  // Interval edges are numbers worth reading too: every series gets a column.
  const shown = spec.series;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption>
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        <p class="chart-summary">{props.summary}</p>
      </figcaption>
      <div class="chart-canvas" id={props.id} data-chart={`${props.id}-data`} data-points="0" role="img" aria-label={`${props.title}. ${props.summary}`} />
      <JsonScript id={`${props.id}-data`} data={{ ...spec, xLabels: props.xLabels }} />
      {props.note}
      <details class="chart-table">
        <summary>Show the numbers</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{spec.xLabel ?? 'Period'}</th>
                {shown.map((s) => (
                  <th scope="col">{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.xLabels.map((x, i) => (
                <tr>
                  <th scope="row">{x}</th>
                  {shown.map((s) => (
                    <td class="num">{num(s.values[i] ?? null, s.digits ?? 2)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {props.csv ? <CsvLink href={props.csv} /> : null}
    </figure>
  );
}

/**
 * A shrunk rating with its 95 % interval as a whisker on the 1–5 scale, and
 * the raw average as a hollow diamond, so small samples look as uncertain as
 * they are.
 */
export function IntervalBar(props: { value: number | null; low: number | null; high: number | null; raw?: number | null }) {
  const x = (v: number) => 4 + ((Math.min(5, Math.max(1, v)) - 1) / 4) * 152;
  const { value, low, high, raw } = props;
  if (value === null) return <span class="muted">{DASH}</span>;
  const label = `Shrunk rating ${num(value)}${low !== null && high !== null ? `, 95 % interval ${num(low)} to ${num(high)}` : ''}${raw != null ? `, raw average ${num(raw)}` : ''}`;
  return (
    <svg class="whisker" viewBox="0 0 160 18" width="160" height="18" role="img" aria-label={label}>
      <title>{label}</title>
      <line class="whisker-axis" x1="4" x2="156" y1="9" y2="9" />
      {[1, 2, 3, 4, 5].map((t) => (
        <line class="whisker-tick" x1={x(t)} x2={x(t)} y1="6" y2="12" />
      ))}
      {low !== null && high !== null ? <line class="whisker-range" x1={x(low)} x2={x(high)} y1="9" y2="9" /> : null}
      {raw != null ? <rect class="whisker-raw" x={x(raw) - 3.5} y="5.5" width="7" height="7" transform={`rotate(45 ${x(raw)} 9)`} /> : null}
      <circle class="whisker-dot" cx={x(value)} cy="9" r="4" />
    </svg>
  );
}

export function Stat(props: { label: string; value: string; detail?: string; tone?: 'good' | 'bad' | 'neutral' }) {
  return (
    <div class={`stat ${props.tone ? `tone-${props.tone}` : ''}`}>
      <dt>{props.label}</dt>
      <dd>
        <span class="stat-value">{props.value}</span>
        {props.detail ? <span class="stat-detail">{props.detail}</span> : null}
      </dd>
    </div>
  );
}

export function Section(props: { id: string; title: string; children: Child; actions?: Child; intro?: Child }) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-h`} id={props.id}>
      <div class="panel-head">
        <h2 id={`${props.id}-h`}>{props.title}</h2>
        {props.actions ? <div class="panel-actions">{props.actions}</div> : null}
      </div>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

export function Empty(props: { children: Child }) {
  return <p class="empty">{props.children}</p>;
}

/** A review's text as the customer wrote it (escaped), with its rating and date. */
export function Quote(props: { text: string | null; rating?: number | null; meta?: string }) {
  return (
    <blockquote class="quote">
      <p>{props.text ?? DASH}</p>
      {props.rating !== undefined || props.meta ? (
        <footer>
          {props.rating !== undefined ? <span class="stars">{stars(props.rating)}</span> : null}
          {props.meta ? <span class="muted"> {props.meta}</span> : null}
        </footer>
      ) : null}
    </blockquote>
  );
}
