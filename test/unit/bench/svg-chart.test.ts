import { buildBarChart, escapeXml, formatValue } from '../../../bench/report/svg-chart';

const barWidths = (svg: string) => [...svg.matchAll(/<rect x="300" y="\d+" width="([\d.]+)"/g)].map((match) => Number(match[1]));

describe('buildBarChart', () => {
  it('draws one bar per figure, the largest of a panel full width and the others to scale', () => {
    // Prepare
    const panels = [{ title: 'Pipeline', unit: 'invoices/s', bars: [{ label: 'limit', value: 2000, kind: 'limit' as const }, { label: 'ours', value: 500, kind: 'ours' as const }] }];

    // Act
    const svg = buildBarChart('Bench', 'quick', panels);

    // Assess
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(barWidths(svg)).toEqual([380, 95]);
    expect(svg).toContain('2,000');
  });

  it('scales each panel on its own', () => {
    const svg = buildBarChart('Bench', '', [
      { title: 'A', unit: 'x', bars: [{ label: 'a', value: 10, kind: 'ours' }] },
      { title: 'B', unit: 'y', bars: [{ label: 'b', value: 100_000, kind: 'ours' }] },
    ]);

    expect(barWidths(svg)).toEqual([380, 380]);
  });

  it('shows a figure that was not measured as text, with no bar', () => {
    const svg = buildBarChart('Bench', '', [{ title: 'A', unit: 'x', bars: [{ label: 'kcat', value: Number.NaN, kind: 'limit' }] }]);

    expect(barWidths(svg)).toEqual([0]);
    expect(svg).toContain('not measured');
  });

  it('escapes labels, so a label cannot break the document', () => {
    const svg = buildBarChart('A & B', '<sub>', [{ title: 'T', unit: 'u', bars: [{ label: 'c=1 <"x">', value: 1, kind: 'ours' }] }]);

    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('c=1 &lt;&quot;x&quot;&gt;');
    expect(svg).not.toContain('<sub>');
  });
});

describe('formatValue', () => {
  it.each([
    [123456.7, '123,457'],
    [12.34, '12.3'],
    [0.123, '0.12'],
  ])('writes %d as %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('escapes the five XML specials it needs', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
