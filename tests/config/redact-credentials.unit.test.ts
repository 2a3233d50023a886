import { describe, expect, it } from 'vitest';
import { redactCredentials, redactUrl } from '../../src/logging/redact-credentials.js';

describe('redactCredentials', () => {
  it('replaces the userinfo of every URL in a text', () => {
    const text =
      'Request cannot be constructed from a URL that includes credentials: http://user:SeCrEt123@127.0.0.1:18701/v8?x=1, then https://a:b@c.example';
    expect(redactCredentials(text)).toBe(
      'Request cannot be constructed from a URL that includes credentials: http://[redacted]@127.0.0.1:18701/v8?x=1, then https://[redacted]@c.example',
    );
  });

  it('covers a password holding @ and a URL inside JSON', () => {
    expect(redactCredentials('{"u":"postgres://me:p@ss@db:5432/market"}')).toBe(
      '{"u":"postgres://[redacted]@db:5432/market"}',
    );
  });

  it('leaves URLs without userinfo and e-mail-like text alone', () => {
    const text = 'GET https://api.upbit.com/v1/candles/days?to=2026-02-01 for ops@example.com';
    expect(redactCredentials(text)).toBe(text);
  });
});

describe('redactUrl', () => {
  it('drops userinfo and secret-looking query values', () => {
    expect(redactUrl('http://u:pw@host:1/a?symbol=X&apiKey=k')).toBe(
      'http://host:1/a?symbol=X&apiKey=redacted',
    );
  });
});
