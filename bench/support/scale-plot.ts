/**
 * The plot of bench/scale.ts: one validator's presign share, sign work and their sum (seconds,
 * linear axis) against the committee size n (log2 axis), with the target (the sum at the
 * smallest n times the target ratio) as a dashed line. Hand-written SVG: no plotting dependency.
 * @module
 */

export interface PlotPoint {
  readonly n: number;
  readonly presignMs: number;
  readonly signMs: number;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 190, top: 40, bottom: 50 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A "nice" axis step (1, 2 or 5 times a power of ten) giving about `ticks` intervals up to `max`. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function scaleSvg(points: readonly PlotPoint[], options: { targetRatio: number; title: string }): string {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  const series = [
    { name: 'presign share / presign', color: '#1f77b4', value: (p: PlotPoint) => p.presignMs / 1000 },
    { name: 'sign', color: '#ff7f0e', value: (p: PlotPoint) => p.signMs / 1000 },
    { name: 'per signature (sum)', color: '#2ca02c', value: (p: PlotPoint) => (p.presignMs + p.signMs) / 1000 },
  ];
  const first = sorted[0];
  const target = first === undefined ? undefined : (options.targetRatio * (first.presignMs + first.signMs)) / 1000;
  const maxValue = Math.max(1e-3, target ?? 0, ...sorted.flatMap((p) => series.map((s) => s.value(p))));
  const step = niceStep(maxValue, 6);
  const yMax = Math.ceil(maxValue / step) * step;
  const logs = sorted.map((p) => Math.log2(p.n));
  const xMin = Math.min(...logs, 2);
  const xMax = Math.max(...logs, xMin + 1);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number) => MARGIN.left + ((Math.log2(n) - xMin) / (xMax - xMin)) * plotWidth;
  const y = (seconds: number) => MARGIN.top + plotHeight - (seconds / yMax) * plotHeight;
  const f = (v: number) => v.toFixed(1);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(options.title)}</text>`);
  for (let v = 0; v <= yMax + step / 2; v += step) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${Number(v.toPrecision(6))}</text>`);
  }
  for (const p of sorted) {
    out.push(`<line x1="${f(x(p.n))}" x2="${f(x(p.n))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#eee"/>`);
    out.push(`<text x="${f(x(p.n))}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${p.n}</text>`);
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">validators n (weight 1 each, t = ⌊2n/3⌋ + 1; log scale)</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">seconds of one validator</text>`,
  );
  if (target !== undefined) {
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${f(y(target))}" y2="${f(y(target))}" stroke="#d62728" stroke-dasharray="6 4"/>`,
    );
  }
  series.forEach((s, i) => {
    const path = sorted.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(x(p.n))} ${f(y(s.value(p)))}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of sorted) out.push(`<circle cx="${f(x(p.n))}" cy="${f(y(s.value(p)))}" r="3" fill="${s.color}"/>`);
    const ly = MARGIN.top + 10 + i * 20;
    out.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" x2="${WIDTH - MARGIN.right + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${WIDTH - MARGIN.right + 46}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  if (target !== undefined && first !== undefined) {
    const ly = MARGIN.top + 10 + series.length * 20;
    out.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" x2="${WIDTH - MARGIN.right + 40}" y1="${ly}" y2="${ly}" stroke="#d62728" stroke-dasharray="6 4"/>`,
      `<text x="${WIDTH - MARGIN.right + 46}" y="${ly + 4}">target: ${options.targetRatio}× sum at n = ${first.n}</text>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
