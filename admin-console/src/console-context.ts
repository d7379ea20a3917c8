/** What every view of the console shares: the API client and the one way to report a failure. */
import type { AdminApi } from './admin-api';

export interface ConsoleContext {
  api: AdminApi;
  /** Shows a failure to the person (or sends them back to log in when the key is refused). */
  report(error: unknown): void;
}
