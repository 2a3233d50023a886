/**
 * The Kafka error types an ACL-protected cluster answers with when the client's principal lacks
 * a permission (TOPIC_AUTHORIZATION_FAILED 29, GROUP_ 30, CLUSTER_ 31, ...). kafkajs reports a
 * CreateTopics refusal as an aggregate of one error per topic, so the nested errors and causes
 * are searched too. Returns the first such type, or undefined for any other failure.
 */
export function kafkaAuthorizationFailure(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { type, errors, cause } = error as { type?: unknown; errors?: unknown; cause?: unknown };
  if (typeof type === 'string' && type.endsWith('_AUTHORIZATION_FAILED')) return type;
  for (const nested of Array.isArray(errors) ? errors : []) {
    const found = kafkaAuthorizationFailure(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return kafkaAuthorizationFailure(cause, depth + 1);
}

/** HTTP answers of a registry that knows the caller but does not let it write (or read). */
export function isForbiddenStatus(status: number | undefined): boolean {
  return status === 401 || status === 403;
}
