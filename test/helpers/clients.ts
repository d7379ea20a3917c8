/** Registers clients of the running local API through its admin route, as an admin would. */
import { ADMIN_KEY, callApi } from './local-api';
import { uniqueName } from './wait-for';

export interface TestClient {
  clientId: string;
  apiKey: string;
  issuers: string[];
}

/** A new client for these issuers (a unique name each time). */
export async function registerTestClient(issuers: string[], tier?: string): Promise<TestClient> {
  const response = await callApi<{ clientId: string; apiKey: string; issuers: string[] }>('POST', '/admin/clients', {
    key: ADMIN_KEY,
    body: JSON.stringify({ name: uniqueName('client'), issuers, ...(tier ? { tier } : {}) }),
  });
  if (response.status !== 201) throw new Error(`registering a client answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { clientId: response.body.clientId, apiKey: response.body.apiKey, issuers: response.body.issuers };
}
