import { AppError } from '../../../errors.js';

/**
 * A response body as text, read chunk by chunk and abandoned as soon as it passes `maxBytes`:
 * a hostile or broken source cannot make the process hold a body of any size. A declared
 * Content-Length over the cap is refused before anything is read. Final (not retried): the same
 * source would send the same body again.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError(
      'SOURCE_BAD_RESPONSE',
      `response larger than ${maxBytes} bytes; refused (raise FETCH_MAX_RESPONSE_BYTES if the source is trusted)`,
      { retryable: false },
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return '';
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
