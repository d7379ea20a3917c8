/**
 * A small horizontal bar chart as SVG text, with no dependency: one panel per measure,
 * each on its own linear scale (broker limits and validation run 100x faster than the
 * pipeline, and a shared axis would flatten what matters). Limits are grey, ours blue.
 */

export interface ChartBar {
  label: string;
  value: number;
  kind: 'limit' | 'ours';
}

export interface ChartPanel {
  title: string;
  unit: string;
  bars: ChartBar[];
}

const WIDTH = 820;
const LABEL_WIDTH = 300;
const BAR_AREA = 380;
const BAR_HEIGHT = 16;
const ROW_HEIGHT = 22;
const PANEL_TITLE_HEIGHT = 26;
const PANEL_GAP = 14;
const HEADER_HEIGHT = 44;
const COLORS = { limit: '#9ca3af', ours: '#2563eb' } as const;

/**
 * @example
 * buildBarChart('Invoice pipeline bench', 'quick run, 2 cores', [
 *   { title: 'Pipeline vs limits', unit: 'invoices/s', bars: [{ label: 'broker consume (kcat)', value: 90000, kind: 'limit' }] },
 * ]) // '<svg xmlns=...'
 */
export function buildBarChart(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const parts: string[] = [];
  let y = HEADER_HEIGHT;
  for (const panel of panels) {
    parts.push(panelSvg(panel, y));
    y += PANEL_TITLE_HEIGHT + panel.bars.length * ROW_HEIGHT + PANEL_GAP;
  }
  const height = y + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="36" fill="#4b5563">${escapeXml(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function panelSvg(panel: ChartPanel, top: number): string {
  const finite = panel.bars.map((bar) => bar.value).filter((value) => Number.isFinite(value) && value > 0);
  const max = finite.length > 0 ? Math.max(...finite) : 1;
  const rows = panel.bars.map((bar, index) => {
    const y = top + PANEL_TITLE_HEIGHT + index * ROW_HEIGHT;
    const measured = Number.isFinite(bar.value) && bar.value > 0;
    const width = measured ? Math.max(1, (bar.value / max) * BAR_AREA) : 0;
    const text = measured ? formatValue(bar.value) : 'not measured';
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 12}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[bar.kind]}"/>`,
      `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 12}" fill="#111827">${escapeXml(text)}</text>`,
    ].join('');
  });
  return [`<text x="12" y="${top + 16}" font-weight="bold">${escapeXml(`${panel.title} (${panel.unit})`)}</text>`, ...rows].join('\n');
}

/** 1234.5 -> "1,235"; 12.34 -> "12.3"; 0.123 -> "0.12": enough digits to read, no more. */
export function formatValue(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
