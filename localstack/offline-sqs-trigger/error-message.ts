/** One line for the log from anything thrown: the SDK's error name says more than its message alone. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
