/**
 * Submit-to-outcome latency against offered load, as SVG text with no dependency: one line
 * per way in (ours through the HTTP API and from the topic, at each batching window, and the
 * seed's design), p99 solid and p50 dashed, on a log scale (tens of ms to tens of seconds).
 */
import type { LatencyResult, LatencyRun } from './results';

const WIDTH = 820;
const HEIGHT = 420;
const PLOT = { left: 70, right: 230, top: 50, bottom: 50 };
const COLORS = ['#2563eb', '#0891b2', '#7c3aed', '#16a34a', '#9ca3af'];

interface Series {
  label: string;
  color: string;
  points: Array<{ rate: number; p50: number; p99: number }>;
}

/** The lines of the chart, from the runs: one per path and window. */
export function latencySeries(result: LatencyResult): Series[] {
  const keys = [...new Set(result.runs.map((run) => `${run.path}|${run.windowSeconds}`))];
  return keys.map((key, index) => {
    const [path, window] = key.split('|') as [LatencyRun['path'], string];
    const runs = result.runs.filter((run) => run.path === path && String(run.windowSeconds) === window).sort((a, b) => a.rate - b.rate);
    const label = path === 'baseline' ? "seed 001's consumer" : `ours, ${path === 'http' ? 'POST /invoices' : 'from the topic'}, window ${window} s`;
    return {
      label,
      color: path === 'baseline' ? (COLORS[4] as string) : (COLORS[index % 4] as string),
      points: runs.filter((run) => Number.isFinite(run.latency.p99)).map((run) => ({ rate: run.rate, p50: run.latency.p50, p99: run.latency.p99 })),
    };
  });
}

/**
 * @example
 * writeFileSync('latency.svg', buildLatencyChart(result, 'quick run 2026-12-01'));
 */
export function buildLatencyChart(result: LatencyResult, subtitle: string): string {
  const series = latencySeries(result);
  const rates = [...new Set(result.runs.map((run) => run.rate))].sort((a, b) => a - b);
  const values = series.flatMap((line) => line.points.flatMap((point) => [point.p50, point.p99])).filter((value) => value > 0);
  const low = Math.pow(10, Math.floor(Math.log10(Math.max(1, Math.min(...values, 10)))));
  const high = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 100))));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (rate: number) => PLOT.left + (rates.length < 2 ? plotWidth / 2 : (rates.indexOf(rate) / (rates.length - 1)) * plotWidth);
  const y = (ms: number) => PLOT.top + plotHeight - ((Math.log10(Math.max(ms, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PLOT.left}" y="20" font-size="15" font-weight="bold">Submit to outcome: latency against offered load (open loop, ${result.seconds} s per rate)</text>`,
    `<text x="${PLOT.left}" y="36" fill="#555">${escape(subtitle)}; p99 solid, p50 dashed; log scale</text>`,
  ];
  for (let decade = low; decade <= high; decade *= 10) {
    parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotWidth}" y1="${y(decade)}" y2="${y(decade)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(decade) + 4}" text-anchor="end">${decade >= 1000 ? `${decade / 1000} s` : `${decade} ms`}</text>`);
  }
  for (const rate of rates) parts.push(`<text x="${x(rate)}" y="${PLOT.top + plotHeight + 18}" text-anchor="middle">${rate}/s</text>`);
  parts.push(`<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle" fill="#555">invoices offered per second</text>`);
  series.forEach((line, index) => {
    const path = (pick: 'p50' | 'p99') => line.points.map((point, at) => `${at === 0 ? 'M' : 'L'}${x(point.rate).toFixed(1)},${y(point[pick]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path('p99')}" fill="none" stroke="${line.color}" stroke-width="2.5"/>`);
    parts.push(`<path d="${path('p50')}" fill="none" stroke="${line.color}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    for (const point of line.points) parts.push(`<circle cx="${x(point.rate).toFixed(1)}" cy="${y(point.p99).toFixed(1)}" r="3.5" fill="${line.color}"/>`);
    const legendY = PLOT.top + 10 + index * 20;
    parts.push(`<line x1="${WIDTH - PLOT.right + 16}" x2="${WIDTH - PLOT.right + 40}" y1="${legendY}" y2="${legendY}" stroke="${line.color}" stroke-width="2.5"/>`);
    parts.push(`<text x="${WIDTH - PLOT.right + 46}" y="${legendY + 4}">${escape(line.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
