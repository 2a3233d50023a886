import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { escapeHtml, html, jsonBlock } from '../../src/web/html.js';
import { createWebServer } from '../../src/web/server.js';
import { testLogger } from '../support/integration.js';

// Routes that touch no table: the database is never asked.
const noDatabase = {} as Database;
const TOKEN = 'a-long-enough-web-token';

type WebServer = Awaited<ReturnType<typeof createWebServer>>;

/** A server on `host` with `token` (no database), closed once `use` is done with it. */
async function withWebServer(
  host: string,
  token: string | undefined,
  use: (app: WebServer) => Promise<void>,
): Promise<void> {
  const app = await createWebServer({ db: noDatabase, logger: testLogger(), host, token });
  try {
    await use(app);
  } finally {
    await app.close();
  }
}

describe('web server access', () => {
  it('refuses to start off loopback without WEB_TOKEN, in one line naming the fix', async () => {
    await expect(
      createWebServer({ db: noDatabase, logger: testLogger(), host: '0.0.0.0', token: undefined }),
    ).rejects.toThrow(/^WEB_HOST 0\.0\.0\.0 .*WEB_TOKEN is unset; set WEB_TOKEN/);
  });

  it('with a token, every request must carry it: header, or query once then cookie', async () => {
    await withWebServer('0.0.0.0', TOKEN, async (app) => {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/static/app.css' })).statusCode).toBe(401);
      const wrong = await app.inject({
        url: '/healthz',
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.statusCode).toBe(401);
      const bearer = await app.inject({
        url: '/healthz',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(bearer.json()).toEqual({ status: 'ok' });
      const first = await app.inject({ url: `/healthz?token=${TOKEN}&x=1` });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe('/healthz?x=1');
      const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
      expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await app.inject({ url: '/healthz', headers: { cookie } })).statusCode).toBe(200);
    });
  });

  it('serves the chart library from its npm package and a CSP allowing only its own origin', async () => {
    await withWebServer('127.0.0.1', undefined, async (app) => {
      const library = await app.inject({ url: '/static/lightweight-charts.js' });
      expect(library.statusCode).toBe(200);
      expect(library.body).toContain('LightweightCharts');
      const csp = String(library.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const missing = await app.inject({ url: '/nope' });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('no page /nope');
    });
  });
});

describe('html escaping', () => {
  it('escapes interpolated text, never markup built by html', () => {
    const name = '<img src=x onerror=alert(1)> & "quoted"';
    expect(String(html`<td title="${name}">${name}</td>`)).toBe(
      `<td title="${escapeHtml(name)}">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;</td>`,
    );
    expect(String(html`<p>${html`<b>${'<i>'}</b>`}</p>`)).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('keeps JSON blocks from closing their script element', () => {
    const block = String(jsonBlock('x', { text: '</script><script>alert(1)</script>' }));
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(block.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({
      text: '</script><script>alert(1)</script>',
    });
  });
});
