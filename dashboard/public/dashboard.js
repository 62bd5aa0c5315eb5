// repwatch dashboard: draws each chart with uPlot from the JSON the server
// put beside it, and keeps the filter URLs tidy. No framework, no build step.
// Everything works without this script except the drawings themselves: each
// chart has its numbers in a table underneath.

const UTC = (ts) => window.uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
const charts = {};
window.repwatchCharts = charts;

function fmt(v, digits) {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

/** A scale's range: fixed when the server gave min and max, from min up to the data otherwise. */
function range(def) {
  if (def.min !== undefined && def.max !== undefined) return [def.min, def.max];
  // headroom > 1 keeps a secondary series (review counts under a rating) in the lower part of the plot.
  if (def.min !== undefined) return (_u, _lo, hi) => [def.min, hi !== null && hi > def.min ? hi * (def.headroom || 1.1) : def.min + 1];
  return (_u, lo, hi) => (lo === null ? [0, 1] : lo === hi ? [lo - 1, hi + 1] : [lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1]);
}

function seriesOptions(s) {
  const out = {
    label: s.label,
    scale: s.scale || 'y',
    stroke: s.bandEdge ? 'transparent' : s.color,
    width: s.bandEdge ? 0 : s.bars ? 1 : 2,
    spanGaps: false,
    value: (_u, v) => fmt(v, s.digits ?? 2),
    points: { show: !s.bandEdge, size: s.pointsOnly ? 8 : 5, fill: s.color, stroke: s.color },
  };
  if (s.dash) out.dash = s.dash;
  if (s.pointsOnly) out.paths = () => null;
  if (s.bars) {
    out.paths = window.uPlot.paths.bars({ size: [0.6, 48] });
    out.fill = s.color;
    out.points = { show: false };
  }
  return out;
}

/** Names beside the points of a scatter chart (uPlot draws no point labels itself). */
function labelPoints(spec) {
  return (u) => {
    const ctx = u.ctx;
    const scale = spec.series[0].scale || 'y';
    ctx.save();
    ctx.fillStyle = '#1f2933';
    ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
    spec.pointLabels.forEach((label, i) => {
      const y = u.data[1][i];
      if (y === null || y === undefined) return;
      ctx.fillText(label, u.valToPos(u.data[0][i], 'x', true) + 7 * devicePixelRatio, u.valToPos(y, scale, true) - 5 * devicePixelRatio);
    });
    ctx.restore();
  };
}

/**
 * Time axes are labelled with the server's period names ("Oct 2026", "Q3 2026",
 * "5 Oct"), one tick per period or every few periods when they would crowd.
 */
function periodAxis(spec, xs) {
  const names = new Map(xs.map((x, i) => [x, spec.xLabels[i]]));
  return {
    splits: (u) => {
      const room = Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 72));
      const step = Math.ceil(xs.length / room);
      return xs.filter((_x, i) => i % step === 0);
    },
    values: (_u, splits) => splits.map((x) => names.get(x) ?? ''),
    grid: { show: true },
  };
}

function build(el) {
  const spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  const time = spec.kind === 'time';
  const xs = time ? spec.x.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000) : spec.x;
  const data = [xs, ...spec.series.map((s) => s.values)];
  // Bars are centred on their period: half a period of room at each end keeps the first and last whole.
  const half = spec.series.some((s) => s.bars) && xs.length > 1 ? (xs[xs.length - 1] - xs[0]) / (xs.length - 1) / 2 : 0;
  const scales = { x: time ? { time: true, range: (_u, lo, hi) => [lo - half, hi + half] } : { time: false, range: (_u, lo, hi) => (lo === hi ? [lo - 10, hi + 10] : [lo - (hi - lo) * 0.15, hi + (hi - lo) * 0.25]) } };
  const axes = [time ? periodAxis(spec, xs) : { label: spec.xLabel, labelSize: 24 }];
  for (const [key, def] of Object.entries(spec.scales || { y: { label: '' } })) {
    scales[key] = { range: range(def) };
    axes.push({ scale: key, label: def.label, labelSize: 24, side: def.side === 'right' ? 1 : 3, grid: { show: def.side !== 'right' } });
  }
  const opts = {
    width: Math.max(280, el.clientWidth),
    height: spec.height || 260,
    tzDate: UTC,
    scales,
    axes,
    series: [time ? { label: 'Period', value: (_u, ts) => (ts === null ? '–' : UTC(ts).toISOString().slice(0, 10)) } : { label: spec.xLabel }, ...spec.series.map(seriesOptions)],
    bands: (spec.bands || []).map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.color })),
    legend: { live: true },
    cursor: { points: { size: 7 } },
    hooks: {
      ready: [
        (u) => {
          // Tests and people can check what was drawn: one x value per period (or per point in a scatter).
          el.dataset.points = String(u.data[0].length);
          el.dataset.series = String(u.series.length - 1);
          el.dataset.drawn = 'true';
        },
      ],
      draw: spec.pointLabels ? [labelPoints(spec)] : [],
    },
  };
  charts[el.id] = new window.uPlot(opts, data, el);
}

function drawAll() {
  if (!window.uPlot) {
    console.error('repwatch: uPlot did not load; the charts are shown as tables only.');
    return;
  }
  for (const el of document.querySelectorAll('[data-chart]')) build(el);
  const resize = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const u = charts[entry.target.id];
      const width = Math.max(280, Math.floor(entry.contentRect.width));
      if (u && Math.abs(u.width - width) > 4) u.setSize({ width, height: u.height });
    }
  });
  for (const el of document.querySelectorAll('[data-chart]')) resize.observe(el);
}

// Empty filter fields stay out of the URL, so shared links only say what was chosen.
for (const form of document.querySelectorAll('form.filters')) {
  form.addEventListener('submit', () => {
    for (const field of form.querySelectorAll('input, select')) if (!field.value) field.disabled = true;
  });
}

drawAll();
