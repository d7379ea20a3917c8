/**
 * The admin API for the CLI: the console's client (admin-console/src/admin-api.ts: the admin
 * key as a bearer token, answers checked against their schemas, a failure an AdminApiError
 * with the problem's detail and reasons), plus what a terminal needs beyond a page at a time.
 */
import { adminApi, type AdminApi } from '../../admin-console/src/admin-api';
import type { InvalidInvoiceSummary } from '../../admin-console/src/admin-api-schemas';
import { NO_FILTERS, type ListFilters } from '../../admin-console/src/list-query';

export { AdminApiError } from '../../admin-console/src/admin-api';
export type { ApiClient, ApiClientWithKey, ApiReason, InvalidInvoice, InvalidInvoiceSummary } from '../../admin-console/src/admin-api-schemas';

/** The filters a command line gives; the ones left out match anything. */
export type ListFilter = Partial<ListFilters>;

/** Entries per page when the CLI follows every page (the API's maximum). */
const ALL_PAGE_SIZE = 100;

export interface CliAdminApi extends AdminApi {
  /** Every entry that matches, following the cursor to the end. */
  listAll(filter: ListFilter): Promise<InvalidInvoiceSummary[]>;
}

/**
 * @example
 * const api = cliAdminApi('http://localhost:3000', 'local-admin-key');
 * const pending = await api.listAll({ status: 'PENDING' });
 */
export function cliAdminApi(baseUrl: string, adminKey: string): CliAdminApi {
  const api = adminApi({ base: `${baseUrl.replace(/\/$/, '')}/`, key: () => adminKey });
  return {
    ...api,
    async listAll(filter) {
      const items: InvalidInvoiceSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.list(filtersOf(filter), cursor, ALL_PAGE_SIZE);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
  };
}

/** A command line's filters as the list query takes them. */
export function filtersOf(filter: ListFilter): ListFilters {
  return { ...NO_FILTERS, ...filter };
}
