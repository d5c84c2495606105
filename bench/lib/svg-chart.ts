/**
 * Two tiny hand-written SVG charts (no dependency): grouped bars and lines.
 * Plain shapes and text only, so any browser or GitHub renders them.
 */
export interface Series {
  name: string;
  values: number[];
  /** A fixed colour (default: the palette, in order). */
  color?: string;
  /** Line chart only: drawn dashed (e.g. a p99 beside its p50 in the same colour). */
  dashed?: boolean;
}

export interface ChartInput {
  title: string;
  categories: string[];
  series: Series[];
  yLabel: string;
  /** Line chart only: a dashed vertical marker after this category index (e.g. "P partitions"). */
  marker?: { index: number; label: string };
  /** A smaller line under the title (run conditions, how to read one category). */
  subtitle?: string;
  /** Line chart only: the x axis's name. */
  xLabel?: string;
  /** Line chart only: `log` for values spanning decades (values ≤ 0 are then not drawn). */
  yScale?: 'linear' | 'log';
  /** Line chart only: labelled horizontal lines (e.g. a deadline). */
  thresholds?: Array<{ value: number; label: string }>;
}

const WIDTH = 760;
const HEIGHT = 380;
const PAD = { left: 70, right: 20, top: 40, bottom: 90 };
const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5'];
const LEGEND_PER_ROW = 4;
const LEGEND_ROW_H = 18;
const THRESHOLD_COLOR = '#c53030';
const SUBTITLE_H = 18;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

interface Tick {
  value: number;
  label: string;
}

/** Legend rows past the first, and a subtitle, make the picture taller; the plot keeps its size. */
function chartHeight(input: ChartInput): number {
  const legendRows = Math.max(1, Math.ceil(input.series.length / LEGEND_PER_ROW));
  return HEIGHT + (legendRows - 1) * LEGEND_ROW_H + subtitleOffset(input);
}

/** Everything below the title moves down this much to make room for the subtitle. */
function subtitleOffset(input: ChartInput): number {
  return input.subtitle ? SUBTITLE_H : 0;
}

function close(input: ChartInput): string {
  return input.subtitle ? '</g>\n</svg>' : '</svg>';
}

function frame(input: ChartInput, ticks: Tick[], y: (v: number) => number): string[] {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const height = chartHeight(input);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(input.title)}</text>`,
  ];
  if (input.subtitle) {
    out.push(
      `<text x="${WIDTH / 2}" y="40" text-anchor="middle" font-size="11" fill="#4a5568">${esc(input.subtitle)}</text>`,
      `<g transform="translate(0 ${subtitleOffset(input)})">`,
    );
  }
  out.push(
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(input.yLabel)}</text>`,
  );
  for (const tick of ticks) {
    const ty = y(tick.value);
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ty}" y2="${ty}" stroke="#e2e8f0"/>`,
    );
    out.push(`<text x="${PAD.left - 6}" y="${ty + 4}" text-anchor="end">${esc(tick.label)}</text>`);
  }
  input.series.forEach((s, i) => {
    const x = PAD.left + (i % LEGEND_PER_ROW) * 170;
    const ly = HEIGHT - 22 + Math.floor(i / LEGEND_PER_ROW) * LEGEND_ROW_H;
    const color = seriesColor(s, i);
    if (s.dashed) {
      out.push(
        `<line x1="${x}" x2="${x + 12}" y1="${ly + 6}" y2="${ly + 6}" stroke="${color}" stroke-width="2" stroke-dasharray="4 2"/>`,
      );
    } else {
      out.push(`<rect x="${x}" y="${ly}" width="12" height="12" fill="${color}"/>`);
    }
    out.push(`<text x="${x + 16}" y="${ly + 10}">${esc(s.name)}</text>`);
  });
  return out;
}

function seriesColor(series: Series, index: number): string {
  return series.color ?? COLORS[index % COLORS.length];
}

/** Five evenly spaced ticks from 0 to a round maximum. */
function linearAxis(input: ChartInput): { ticks: Tick[]; scale: (v: number) => number } {
  const max = niceMax(
    Math.max(0, ...input.series.flatMap((s) => s.values.filter(Number.isFinite))),
  );
  const ticks = [0, 1, 2, 3, 4].map((i) => ({
    value: (max * i) / 4,
    label: formatTick((max * i) / 4),
  }));
  return { ticks, scale: (v) => v / max };
}

/** One tick per power of ten, from the one below the smallest value to the one above the largest. */
function logAxis(input: ChartInput): { ticks: Tick[]; scale: (v: number) => number } {
  const values = [
    ...input.series.flatMap((s) => s.values),
    ...(input.thresholds ?? []).map((t) => t.value),
  ].filter((v) => Number.isFinite(v) && v > 0);
  const low = Math.floor(Math.log10(values.length > 0 ? Math.min(...values) : 1));
  const high = Math.max(
    low + 1,
    Math.ceil(Math.log10(values.length > 0 ? Math.max(...values) : 10)),
  );
  const ticks: Tick[] = [];
  for (let e = low; e <= high; e += 1)
    ticks.push({ value: 10 ** e, label: formatLogTick(10 ** e) });
  return { ticks, scale: (v) => (Math.log10(v) - low) / (high - low) };
}

function formatLogTick(v: number): string {
  if (v >= 1000) return `${v / 1000}k`;
  return v >= 1 ? String(v) : String(Number(v.toPrecision(1)));
}

function formatTick(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : v.toFixed(v >= 10 ? 0 : 1);
}

export function barChart(input: ChartInput): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const axis = linearAxis(input);
  const max = axis.ticks[axis.ticks.length - 1].value;
  const out = frame(input, axis.ticks, (v) => PAD.top + plotH - plotH * axis.scale(v));
  const groupW = plotW / Math.max(1, input.categories.length);
  const barW = (groupW * 0.8) / Math.max(1, input.series.length);
  input.categories.forEach((category, c) => {
    const gx = PAD.left + c * groupW + groupW * 0.1;
    input.series.forEach((s, i) => {
      const v = s.values[c];
      if (!Number.isFinite(v)) return;
      const h = (plotH * v) / max;
      out.push(
        `<rect x="${(gx + i * barW).toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${seriesColor(s, i)}"><title>${esc(`${s.name} ${category}: ${Math.round(v)}`)}</title></rect>`,
      );
    });
    out.push(
      `<text transform="translate(${(gx + groupW * 0.4).toFixed(1)} ${PAD.top + plotH + 14}) rotate(20)" font-size="11">${esc(category)}</text>`,
    );
  });
  out.push(close(input));
  return out.join('\n');
}

export function lineChart(input: ChartInput): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const log = input.yScale === 'log';
  const axis = log ? logAxis(input) : linearAxis(input);
  const y = (v: number) => PAD.top + plotH - plotH * axis.scale(v);
  const drawable = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const out = frame(input, axis.ticks, y);
  const n = input.categories.length;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  input.categories.forEach((category, i) => {
    out.push(
      `<text x="${x(i).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${esc(category)}</text>`,
    );
  });
  if (input.marker) {
    const mx = x(input.marker.index);
    out.push(
      `<line x1="${mx}" x2="${mx}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#718096" stroke-dasharray="4 4"/>`,
    );
    out.push(
      `<text x="${mx + 4}" y="${PAD.top + 12}" fill="#4a5568">${esc(input.marker.label)}</text>`,
    );
  }
  for (const t of input.thresholds ?? []) {
    if (!drawable(t.value)) continue;
    const ty = y(t.value).toFixed(1);
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ty}" y2="${ty}" stroke="${THRESHOLD_COLOR}" stroke-width="1.5" stroke-dasharray="8 4"/>`,
    );
    out.push(
      `<text x="${PAD.left + 4}" y="${Number(ty) - 5}" fill="${THRESHOLD_COLOR}">${esc(t.label)}</text>`,
    );
  }
  input.series.forEach((s, i) => {
    const color = seriesColor(s, i);
    const points = s.values
      .map((v, j) => (drawable(v) ? `${x(j).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter(Boolean);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points.join(' ')}"/>`,
    );
    s.values.forEach((v, j) => {
      if (drawable(v)) {
        out.push(
          `<circle cx="${x(j).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.name}: ${Math.round(v)}`)}</title></circle>`,
        );
      }
    });
  });
  if (input.xLabel) {
    out.push(
      `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 34}" text-anchor="middle">${esc(input.xLabel)}</text>`,
    );
  }
  out.push(close(input));
  return out.join('\n');
}
