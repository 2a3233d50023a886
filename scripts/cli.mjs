#!/usr/bin/env node
/**
 * Runs a command from `src/cli/<name>.ts` as plain JavaScript: `node scripts/cli.mjs produce ...`.
 *
 * Why: under tsx every start pays a loader thread that resolves and transpiles each module, ~1-2 s
 * of CPU per command on this project's two shared cores (see docs/performance.md). Here the
 * sources are transpiled with esbuild (no type check: `npm run typecheck` does that) into
 * `.run/`, once per change: a signature of every file's path, size and mtime under `src/` is
 * compared with the one the last build recorded, so an edited source is always what runs, and an
 * unchanged tree starts at plain node speed. The command then runs in this same process, so
 * signals sent to it (SIGTERM from npm, systemd, a test) reach the command's own handlers.
 *
 * `.run/` sits at the repository root like `src/`, so the modules' `../../schemas` and
 * `../../migrations` paths resolve the same from both.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = join(ROOT, 'src');
const OUT = join(ROOT, '.run');
const STAMP = '.signature';

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : [path];
  });
}

function signatureOf(files) {
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(SOURCES, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/**
 * Transpiles every source into a fresh folder and swaps it in, so a command started meanwhile
 * never sees a half-written tree.
 */
async function build(files, signature) {
  const { build: esbuild } = await import('esbuild');
  const staging = `${OUT}.tmp-${process.pid}`;
  await esbuild({
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outdir: staging,
    outbase: SOURCES,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  // Files that are not TypeScript (the web server's CSS and chart script) are read next to the
  // modules that serve them, so they travel into the build as they are.
  for (const file of files.filter((file) => !file.endsWith('.ts'))) {
    const target = join(staging, relative(SOURCES, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  writeFileSync(join(staging, STAMP), signature);
  rmSync(OUT, { recursive: true, force: true });
  try {
    renameSync(staging, OUT);
  } catch (error) {
    // Another command built the same tree at the same moment: keep its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(OUT, STAMP))) throw error;
  }
}

const [name, ...args] = process.argv.slice(2);
if (
  name === undefined ||
  !/^[a-z-]+$/.test(name) ||
  !existsSync(join(SOURCES, 'cli', `${name}.ts`))
) {
  console.error(
    `cli: unknown command "${name ?? ''}"; the commands are the files of src/cli/, e.g. produce`,
  );
  process.exit(2);
}
const files = sourceFiles(SOURCES);
const signature = signatureOf(files);
const stamp = join(OUT, STAMP);
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== signature) await build(files, signature);
// The command reads its arguments from process.argv, as it does when started directly.
process.argv = [process.argv[0], join(OUT, 'cli', `${name}.js`), ...args];
await import(pathToFileURL(join(OUT, 'cli', `${name}.js`)).href);
