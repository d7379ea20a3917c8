/**
 * Where a client's request rate is held: the API's usage plans. Deployed, API Gateway's (one
 * API key per client, in the usage plan of its tier); locally, the emulator in the HTTP stack.
 */
export interface UsagePlans {
  /** Puts the client under its tier's plan; resolves with the usage key the key check hands API Gateway. */
  enrol(client: { clientId: string; tier: string }): Promise<string>;
}
