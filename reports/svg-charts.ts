/**
 * Charts as standalone SVG strings, drawn at build time: reports open offline, with no script
 * and no library. Colours come from a fixed palette so the same series keeps its colour everywhere.
 */

export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
];

export interface Series {
  name: string;
  points: { x: number; y: number; lo?: number; hi?: number }[];
  /** Drawn thicker and dashed (the series the chart is about, on top of the others). */
  emphasis?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Logarithmic y axis (base 10). */
  logY?: boolean;
  /** x ticks with their own labels (default: round numbers). */
  xTicks?: { v: number; label: string }[];
  /** Draw the legend at the right (default); false gives its room to the plot. */
  legend?: boolean;
  /** Fixed y range (e.g. [0, 1] for shares and rates); default: the data's. */
  yRange?: [number, number];
  /** Slanted x labels, for long category names (host names): every category keeps its label. */
  slantXLabels?: boolean;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** About five round tick values covering [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1000
    ? v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : String(Number(v.toPrecision(3)));

interface Frame {
  svg: string[];
  x: (v: number) => number;
  y: (v: number) => number;
}

function frame(
  o: ChartOptions,
  xs: number[],
  ys: number[],
  xTickValues?: { v: number; label: string }[],
): Frame {
  const W = o.width ?? 640;
  const H = o.height ?? 360;
  const m = { l: 64, r: o.legend === false ? 16 : 150, t: 36, b: o.slantXLabels ? 120 : 48 };
  const tf = (v: number): number => (o.logY ? Math.log10(Math.max(v, 1e-12)) : v);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = o.yRange
    ? [tf(o.yRange[0]), tf(o.yRange[1])]
    : [Math.min(...ys.map(tf)), Math.max(...ys.map(tf))];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  if (!o.yRange) {
    if (!o.logY && y0 > 0 && y0 < (y1 - y0) * 0.5) y0 = 0;
    const pad = (y1 - y0) * 0.05;
    y0 -= pad;
    y1 += pad;
  }
  const x = (v: number): number => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const y = (v: number): number => H - m.b - ((tf(v) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${m.l}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text transform="translate(14 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}${o.logY ? ' (log)' : ''}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
  ];
  const yt = o.logY
    ? ticks(Math.floor(y0), Math.ceil(y1), Math.max(1, Math.ceil(y1) - Math.floor(y0))).map((e) => 10 ** e)
    : ticks(y0, y1);
  for (const v of yt) {
    if (tf(v) < y0 || tf(v) > y1) continue;
    svg.push(
      `<line x1="${m.l - 4}" y1="${y(v).toFixed(1)}" x2="${W - m.r}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  for (const t of xTickValues ?? ticks(x0, x1).map((v) => ({ v, label: fmt(v) }))) {
    svg.push(
      `<line x1="${x(t.v).toFixed(1)}" y1="${H - m.b}" x2="${x(t.v).toFixed(1)}" y2="${H - m.b + 4}" stroke="#333"/>`,
      o.slantXLabels
        ? `<text transform="translate(${x(t.v).toFixed(1)} ${H - m.b + 14}) rotate(-40)" text-anchor="end">${esc(t.label)}</text>`
        : `<text x="${x(t.v).toFixed(1)}" y="${H - m.b + 18}" text-anchor="middle">${esc(t.label)}</text>`,
    );
  }
  return { svg, x, y };
}

function legend(svg: string[], names: readonly string[], o: ChartOptions): void {
  if (o.legend === false) return;
  const W = o.width ?? 640;
  names.forEach((n, i) => {
    const yy = 44 + i * 18;
    svg.push(
      `<rect x="${W - 140}" y="${yy - 9}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]!}"/>`,
      `<text x="${W - 122}" y="${yy + 1}">${esc(n)}</text>`,
    );
  });
}

/** Lines with markers, and a shaded band where points carry `lo`/`hi` (e.g. min and max over seeds). */
export function lineChart(series: readonly Series[], o: ChartOptions): string {
  const pts = series.flatMap((s) => s.points);
  const ys = pts.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]);
  const f = frame(
    o,
    pts.map((p) => p.x),
    ys,
    o.xTicks,
  );
  series.forEach((s, i) => {
    const c = PALETTE[i % PALETTE.length]!;
    const withBand = s.points.filter((p) => p.lo !== undefined && p.hi !== undefined);
    if (withBand.length > 1) {
      const upper = withBand.map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.hi!).toFixed(1)}`);
      const lower = [...withBand].reverse().map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.lo!).toFixed(1)}`);
      f.svg.push(
        `<polygon points="${[...upper, ...lower].join(' ')}" fill="${c}" fill-opacity="0.15" stroke="none"/>`,
      );
    }
    const path = s.points.map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.y).toFixed(1)}`).join(' ');
    f.svg.push(
      `<polyline class="series" data-name="${esc(s.name)}" points="${path}" fill="none" stroke="${c}" stroke-width="${s.emphasis ? 3.5 : 2}"${s.emphasis ? ' stroke-dasharray="8 4"' : ''}/>`,
    );
    for (const p of s.points)
      f.svg.push(`<circle cx="${f.x(p.x).toFixed(1)}" cy="${f.y(p.y).toFixed(1)}" r="2.5" fill="${c}"/>`);
  });
  legend(
    f.svg,
    series.map((s) => s.name),
    o,
  );
  f.svg.push('</svg>');
  return f.svg.join('\n');
}

/** Grouped bars: one group per category, one bar per series. */
export function barChart(
  categories: readonly string[],
  series: readonly { name: string; values: number[] }[],
  o: ChartOptions,
): string {
  const n = categories.length;
  const ys = series.flatMap((s) => s.values).concat(0);
  const f = frame(
    o,
    [-0.5, n - 0.5],
    ys,
    // At most about 12 labelled categories; the bars' titles name every one.
    categories
      .map((label, i) => ({ v: i, label }))
      .filter((_, i) => o.slantXLabels || i % Math.ceil(n / 12) === 0),
  );
  const groupWidth = f.x(1) - f.x(0);
  const bw = (groupWidth * 0.8) / Math.max(series.length, 1);
  series.forEach((s, si) => {
    const c = PALETTE[si % PALETTE.length]!;
    s.values.forEach((v, ci) => {
      const x = f.x(ci) - groupWidth * 0.4 + si * bw;
      const top = f.y(Math.max(v, 0));
      const base = f.y(0);
      f.svg.push(
        `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(bw - 1, 1).toFixed(1)}" height="${Math.max(base - top, 0).toFixed(1)}" fill="${c}"><title>${esc(`${s.name}, ${categories[ci]!}: ${fmt(v)}`)}</title></rect>`,
      );
    });
  });
  legend(
    f.svg,
    series.map((s) => s.name),
    o,
  );
  f.svg.push('</svg>');
  return f.svg.join('\n');
}

/**
 * Horizontal bars of shares that add up to 1, one row per category (every row labelled, with its
 * total), each split into the series' shares: e.g. pages per verdict per language.
 */
export function stackedShareChart(
  rows: readonly { label: string; counts: readonly number[] }[],
  seriesNames: readonly string[],
  o: Pick<ChartOptions, 'title' | 'width' | 'xLabel'>,
): string {
  const W = o.width ?? 900;
  const rowHeight = 18;
  const m = { l: 130, r: 170, t: 36, b: 44 };
  const H = m.t + m.b + rows.length * rowHeight;
  const x = (share: number): number => m.l + share * (W - m.l - m.r);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${m.l}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(o.xLabel)}</text>`,
  ];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg.push(
      `<line x1="${x(v).toFixed(1)}" y1="${m.t - 4}" x2="${x(v).toFixed(1)}" y2="${H - m.b}" stroke="#ddd"/>`,
      `<text x="${x(v).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${v * 100}%</text>`,
    );
  }
  rows.forEach((row, ri) => {
    const top = m.t + ri * rowHeight;
    const total = row.counts.reduce((a, b) => a + b, 0);
    svg.push(
      `<text x="${m.l - 6}" y="${(top + rowHeight - 5).toFixed(1)}" text-anchor="end">${esc(row.label)} (${total.toLocaleString('en-US')})</text>`,
    );
    let at = 0;
    row.counts.forEach((count, si) => {
      if (count === 0 || total === 0) return;
      const share = count / total;
      svg.push(
        `<rect class="bar" x="${x(at).toFixed(1)}" y="${(top + 2).toFixed(1)}" width="${(x(at + share) - x(at)).toFixed(1)}" height="${rowHeight - 4}" fill="${PALETTE[si % PALETTE.length]!}"><title>${esc(`${row.label}, ${seriesNames[si]!}: ${count.toLocaleString('en-US')} pages (${(share * 100).toFixed(1)}%)`)}</title></rect>`,
      );
      at += share;
    });
  });
  seriesNames.forEach((n, i) => {
    const yy = m.t + 8 + i * 18;
    svg.push(
      `<rect x="${W - m.r + 14}" y="${yy - 9}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]!}"/>`,
      `<text x="${W - m.r + 32}" y="${yy + 1}">${esc(n)}</text>`,
    );
  });
  svg.push('</svg>');
  return svg.join('\n');
}
