/**
 * A URL's userinfo (`scheme://user:password@host`) in any text: a log line, an error message
 * quoting the URL it failed on (Node's fetch does), a value stored in `job_run`. Greedy up to
 * the last `@` before the path, so a password holding `@` is covered too.
 */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'\\]*@/gi;

const SECRET_PARAM = /key|token|secret|sig|auth|pass/i;

/** The text with every URL's `user:password@` replaced by `[redacted]@`. */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1[redacted]@');
}

/** A URL as it may be printed: userinfo dropped, secret-looking query values replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactCredentials(url);
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'redacted');
  }
  return parsed.toString();
}
