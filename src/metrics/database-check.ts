import type { Database } from '../db/database.js';
import type { ReadinessCheck } from './readiness.js';

/**
 * A readiness check that the database answers `SELECT 1`. Give it a pool of its own: a probe
 * waiting behind a busy sink's connections would report a healthy database as down.
 */
export function databaseAnswers(db: Database): ReadinessCheck {
  return async () => {
    await db.one('SELECT 1 AS ok');
    return undefined;
  };
}
