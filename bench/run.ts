/**
 * `npm run bench`: every performance figure, each measured side by side with its baseline in this
 * one run (these machines are noisy: absolute times drift, ratios hold). Prints a table and writes
 * bench-results/latest.json keyed by figure id. `--smoke` runs tiny sizes (part of npm test) so the
 * benchmark cannot rot; `--only P1,P7` picks figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Figure, FigureResult } from './types.js';
import { figures } from './figures/index.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1] ?? '').split(',') : [];
const dist = resolve(process.env.RTC_DIST ?? 'dist');

function fmt(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

async function main(): Promise<number> {
  const chosen: Figure[] = figures.filter((f) => only.length === 0 || only.includes(f.id));
  const results: Record<string, FigureResult & { error?: string; seconds: number }> = {};
  let failures = 0;
  for (const f of chosen) {
    const started = Date.now();
    process.stdout.write(`${f.id} ${f.title} ... `);
    try {
      const r = await f.run({ smoke, dist });
      results[f.id] = { ...r, seconds: (Date.now() - started) / 1000 };
      process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failures++;
      const message = err instanceof Error ? err.message : String(err);
      results[f.id] = { id: f.id, title: f.title, values: {}, error: message, seconds: (Date.now() - started) / 1000 };
      process.stdout.write(`FAILED: ${message}\n`);
    }
  }

  console.log('');
  for (const r of Object.values(results)) {
    const head = `${r.id}  ${r.title}${r.ratio !== undefined ? `  ratio ${r.ratio.toFixed(3)}×` : ''}${r.target ? `  [target ${r.target}: ${r.met ? 'met' : 'NOT met'}]` : ''}`;
    console.log(head);
    if (r.error) console.log(`    error: ${r.error}`);
    for (const [k, v] of Object.entries(r.values)) console.log(`    ${k.padEnd(44)} ${fmt(v)}`);
    for (const n of r.notes ?? []) console.log(`    note: ${n}`);
  }

  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
  if (!smoke) {
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(join('bench-results', 'latest.json'), `${JSON.stringify({ createdAt: new Date().toISOString(), machine, figures: results }, null, 2)}\n`);
    console.log('\nwrote bench-results/latest.json');
  }
  return failures ? 1 : 0;
}

process.exitCode = await main();
