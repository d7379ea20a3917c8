/**
 * The bench's last line, the one figure to remember:
 * `bench: pipeline X invoices/s = R of limit` for the best pipeline configuration.
 * Scripts grep for it, so its wording never changes.
 */

export interface BestPipeline {
  invoicesPerSecond: number;
  /** invoicesPerSecond divided by the pipeline's limit; NaN when the limit is unknown. */
  ratio: number;
}

/**
 * @example
 * finalLine({ invoicesPerSecond: 812.4, ratio: 0.4134 }) // 'bench: pipeline 812 invoices/s = 0.41 of limit'
 * finalLine(undefined)                                  // 'bench: pipeline not measured'
 */
export function finalLine(best: BestPipeline | undefined): string {
  if (!best || !Number.isFinite(best.invoicesPerSecond)) return 'bench: pipeline not measured';
  const ratio = Number.isFinite(best.ratio) ? best.ratio.toFixed(2) : 'unknown';
  return `bench: pipeline ${Math.round(best.invoicesPerSecond)} invoices/s = ${ratio} of limit`;
}
