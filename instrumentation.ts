/**
 * Run once by each web process at its start (Next's instrumentation hook). Next's own complaints
 * (a request that failed, with the reference the error page shows) go to the service's log as JSON
 * lines, like everything else it writes (lib/log.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { routeConsoleToLog } = await import('@/lib/log');
  routeConsoleToLog();
}
