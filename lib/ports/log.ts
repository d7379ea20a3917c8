/** Where use cases say what happened, as structured lines (Powertools Logger in production). */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
