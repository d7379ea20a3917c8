/** Stops what global-setup started, newest first. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__LOCAL_STACK__ ?? [];
  for (const service of [...started].reverse()) await service.stop();
}
