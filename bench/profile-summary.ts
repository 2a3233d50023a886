import { readdirSync, readFileSync, statSync } from 'node:fs';
import { REPO_ROOT } from './processes.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** `tsx bench/profile-summary.ts`: the top self-time functions of each profile in bench/profiles. */
const dir = `${REPO_ROOT}bench/profiles`;
const files = readdirSync(dir).flatMap((name) =>
  statSync(`${dir}/${name}`).isDirectory()
    ? readdirSync(`${dir}/${name}`).map((file) => `${name}/${file}`)
    : [name],
);
for (const file of files.filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
  };
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const where = node.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const top = [...byFunction.entries()]
    .filter(([key]) => !key.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  console.log(`\n${file} (${total} samples)`);
  for (const [key, hits] of top)
    console.log(`  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
