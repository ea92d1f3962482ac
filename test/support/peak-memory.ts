/**
 * The most memory this process held while `run` ran, sampled every 20 ms: for hardening cases
 * whose server runs in the test process itself (the bridge, the sandbox, the web service). It
 * counts the test runner too, so it is an upper bound on what the case cost.
 */
export async function withPeakMemory<T>(run: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMiB: Math.round(peak / 1048576) };
  } finally {
    clearInterval(timer);
  }
}
