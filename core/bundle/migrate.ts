/**
 * Upgrading older bundles. `migrations[n]` turns a version-n bundle into version n+1; the importer
 * runs them in a chain up to BUNDLE_VERSION, then validates. Version 1 is the first format, so
 * the table is empty: when version 2 changes a shape, add `1: (b) => ...` here and bump BUNDLE_VERSION.
 */
import { BUNDLE_VERSION } from './types.js';

export type Migration = (bundle: Record<string, unknown>) => Record<string, unknown>;

export const migrations: Record<number, Migration> = {};

export type Migrated = { ok: true; value: Record<string, unknown>; from: number } | { ok: false; error: string };

export function migrate(bundle: Record<string, unknown>, table: Record<number, Migration> = migrations, target: number = BUNDLE_VERSION): Migrated {
  const from = bundle.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, error: `its format version (${JSON.stringify(from ?? null)}) is not a valid version number` };
  }
  if (from > target) {
    return {
      ok: false,
      error: `it was made by a newer RTC DevTools (bundle format version ${from}; this one reads up to ${target}). Update RTC DevTools to open it`,
    };
  }
  let cur = bundle;
  for (let v = from; v < target; v++) {
    const step = table[v];
    if (!step) return { ok: false, error: `bundle format version ${from} can no longer be read (no upgrade from version ${v})` };
    cur = { ...step(cur), version: v + 1 };
  }
  return { ok: true, value: cur, from };
}
