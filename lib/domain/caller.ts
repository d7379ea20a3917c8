/**
 * Who made a request, as the key check established it. Admins see everything; a client sees
 * only its own messages and invoices and submits only for its own issuers.
 */
export type Caller =
  | { role: 'admin'; name: string }
  | { role: 'client'; clientId: string; name: string; issuers: string[] };

/** The client id a caller acts for: none for an admin. */
export function clientIdOf(caller: Caller): string | undefined {
  return caller.role === 'client' ? caller.clientId : undefined;
}

/**
 * True when the caller may see something that belongs to `ownerClientId` (undefined: a record
 * no client sent, straight to the topic): admins see everything, a client only its own.
 */
export function maySee(caller: Caller, ownerClientId: string | undefined): boolean {
  return caller.role === 'admin' || (ownerClientId !== undefined && ownerClientId === caller.clientId);
}
