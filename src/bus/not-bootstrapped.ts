import { AppError } from '../errors.js';

export interface MissingParts {
  /** Topic names that do not exist. */
  topics?: readonly string[];
  /** Registry subjects (`<topic>-value`) without the schema of this version. */
  subjects?: readonly string[];
}

/**
 * The one line a command stops with when the cluster lacks its topics or schemas and refuses to
 * let this identity create them: what is missing, who refused and why, and the command that
 * fixes it.
 */
export function busNotBootstrapped(
  missing: MissingParts,
  refusal: string,
  cause?: unknown,
): AppError {
  const parts = [
    ...(missing.topics?.length ? [`topics ${missing.topics.join(', ')}`] : []),
    ...(missing.subjects?.length ? [`schemas ${missing.subjects.join(', ')}`] : []),
  ];
  return new AppError(
    'BUS_NOT_BOOTSTRAPPED',
    `missing ${parts.join(' and ') || 'topics or schemas'} and creating them was refused (${refusal}); run npm run bootstrap as a user allowed to create topics and register schemas, then start this command again`,
    cause === undefined ? {} : { cause },
  );
}
