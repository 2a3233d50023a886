import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const TOKEN_COOKIE = 'market_collector_web_token';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (over digests, so lengths may differ). */
function sameToken(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * A Fastify onRequest hook requiring WEB_TOKEN on every request: `Authorization: Bearer <token>`
 * (scripts, dashboards), the cookie it sets, or `?token=<token>` once in a browser, which sets
 * that cookie (HttpOnly, SameSite=Strict) and redirects to the same URL without the token.
 */
export function requireToken(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && sameToken(bearer, token)) return;
    const cookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
    if (cookie !== undefined && sameToken(cookie, token)) return;
    const url = new URL(request.url, 'http://web.invalid');
    const query = url.searchParams.get('token');
    if (query !== null && sameToken(query, token)) {
      url.searchParams.delete('token');
      reply
        .header(
          'set-cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        )
        .redirect(`${url.pathname}${url.search}`, 303);
      return reply;
    }
    reply
      .code(401)
      .type('text/plain; charset=utf-8')
      .send(
        'a valid WEB_TOKEN is required: send Authorization: Bearer <token> or open /?token=<token>\n',
      );
    return reply;
  };
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
