/**
 * A request's body as text, read no further than `maxBytes`: null when it is longer (whatever its
 * Content-Length says, or without one). For route handlers that take a body from outside the
 * browser (a provider's webhook): Next reads a route handler's body whole, however large.
 */
export async function readTextUpTo(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
