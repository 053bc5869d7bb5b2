/** Stops the servers global-setup started (those it found running are left alone). */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as Record<string, unknown>).__eduaidStopServers as (() => Promise<void>) | undefined;
  await stop?.();
}
