/**
 * Two tiny hand-written SVG charts (no dependency): grouped bars and lines.
 * Plain shapes and text only, so any browser or GitHub renders them.
 */
export interface Series {
  name: string;
  values: number[];
}

export interface ChartInput {
  title: string;
  categories: string[];
  series: Series[];
  yLabel: string;
  /** Line chart only: a dashed vertical marker after this category index (e.g. "P partitions"). */
  marker?: { index: number; label: string };
}

const WIDTH = 760;
const HEIGHT = 380;
const PAD = { left: 70, right: 20, top: 40, bottom: 90 };
const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5'];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

function frame(input: ChartInput, max: number): string[] {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(input.title)}</text>`,
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(input.yLabel)}</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const y = PAD.top + plotH - (plotH * i) / 4;
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e2e8f0"/>`,
    );
    out.push(
      `<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${esc(formatTick((max * i) / 4))}</text>`,
    );
  }
  input.series.forEach((s, i) => {
    const x = PAD.left + i * 170;
    out.push(
      `<rect x="${x}" y="${HEIGHT - 22}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
    );
    out.push(`<text x="${x + 16}" y="${HEIGHT - 12}">${esc(s.name)}</text>`);
  });
  return out;
}

function formatTick(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : v.toFixed(v >= 10 ? 0 : 1);
}

export function barChart(input: ChartInput): string {
  const max = niceMax(
    Math.max(0, ...input.series.flatMap((s) => s.values.filter(Number.isFinite))),
  );
  const out = frame(input, max);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, input.categories.length);
  const barW = (groupW * 0.8) / Math.max(1, input.series.length);
  input.categories.forEach((category, c) => {
    const gx = PAD.left + c * groupW + groupW * 0.1;
    input.series.forEach((s, i) => {
      const v = s.values[c];
      if (!Number.isFinite(v)) return;
      const h = (plotH * v) / max;
      out.push(
        `<rect x="${(gx + i * barW).toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${s.name} ${category}: ${Math.round(v)}`)}</title></rect>`,
      );
    });
    out.push(
      `<text transform="translate(${(gx + groupW * 0.4).toFixed(1)} ${PAD.top + plotH + 14}) rotate(20)" font-size="11">${esc(category)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

export function lineChart(input: ChartInput): string {
  const max = niceMax(
    Math.max(0, ...input.series.flatMap((s) => s.values.filter(Number.isFinite))),
  );
  const out = frame(input, max);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const n = input.categories.length;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => PAD.top + plotH - (plotH * v) / max;
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
  input.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = s.values
      .map((v, j) => (Number.isFinite(v) ? `${x(j).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter(Boolean);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`,
    );
    s.values.forEach((v, j) => {
      if (Number.isFinite(v)) {
        out.push(
          `<circle cx="${x(j).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.name}: ${Math.round(v)}`)}</title></circle>`,
        );
      }
    });
  });
  out.push(
    `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 34}" text-anchor="middle">${esc('worker processes')}</text>`,
  );
  out.push('</svg>');
  return out.join('\n');
}
