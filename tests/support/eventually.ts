/** Polls `probe` every `everyMs` (half a second by default) until it returns a value, for at most `ms`. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
