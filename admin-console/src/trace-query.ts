/**
 * What the message explorer looks up, from what a person types, and the query of
 * GET /admin/message-trace for it. Pure: no DOM, unit-tested; the console and the CLI share it.
 */

export type TraceQuery = { by: 'messageId' | 'correlationId'; value: string } | { by: 'invoice'; issuerTaxId: string; invoiceNumber: string };

/**
 * An invoice is written `issuer/number` (the issuer's tax id holds no '/', the number may);
 * anything else is an id, a message id unless `by` says it is a correlation id.
 *
 * @example
 * traceQueryOf('B12345678/F-2026/7')        // { by: 'invoice', issuerTaxId: 'B12345678', invoiceNumber: 'F-2026/7' }
 * traceQueryOf('abc', 'correlationId')       // { by: 'correlationId', value: 'abc' }
 * traceQueryOf('  ')                         // undefined
 */
export function traceQueryOf(text: string, by: 'messageId' | 'correlationId' = 'messageId'): TraceQuery | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const slash = value.indexOf('/');
  if (slash > 0 && slash < value.length - 1) return { by: 'invoice', issuerTaxId: value.slice(0, slash).trim(), invoiceNumber: value.slice(slash + 1).trim() };
  return { by, value };
}

/**
 * @example
 * traceSearch({ by: 'invoice', issuerTaxId: 'B1', invoiceNumber: 'F/1' }) // 'issuerTaxId=B1&invoiceNumber=F%2F1'
 */
export function traceSearch(query: TraceQuery): string {
  const params = new URLSearchParams(query.by === 'invoice' ? { issuerTaxId: query.issuerTaxId, invoiceNumber: query.invoiceNumber } : { [query.by]: query.value });
  return params.toString();
}

/** The console's address of a lookup, `#trace/<by>/<value>`, so a view can be linked to and reloaded. */
export function traceHash(query: TraceQuery): string {
  const value = query.by === 'invoice' ? `${query.issuerTaxId}/${query.invoiceNumber}` : query.value;
  return `#trace/${query.by}/${encodeURIComponent(value)}`;
}

/**
 * @example
 * traceOfHash('#trace/invoice/B1%2FF%2F1') // { by: 'invoice', issuerTaxId: 'B1', invoiceNumber: 'F/1' }
 */
export function traceOfHash(hash: string): TraceQuery | undefined {
  const match = /^#trace\/(messageId|correlationId|invoice)\/(.+)$/.exec(hash);
  if (!match?.[1] || !match[2]) return undefined;
  const value = decodeURIComponent(match[2]);
  if (match[1] === 'invoice') {
    const found = traceQueryOf(value);
    return found?.by === 'invoice' ? found : undefined;
  }
  return { by: match[1] as 'messageId' | 'correlationId', value };
}
