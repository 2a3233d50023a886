import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the faults run keeps its clean references in (see clean-run.ts). */
    referenceCacheDir: string;
  }
}

/**
 * One folder under the system temp dir per faults run: the clean references computed in it are
 * shared by every fault file of the run and removed with it, so the next run computes its own.
 */
export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'market-collector-faults-'));
  project.provide('referenceCacheDir', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
