/**
 * The published JSON Schema (schema/rtc-devtools-bundle.v1.json): current with its one source
 * (core/bundle/schema.ts), and a bundle the project exports validates against the file itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../core/capture/events.js';
import { buildBundle } from '../../../core/bundle/build.js';
import { exportBundle } from '../../../core/bundle/export.js';
import type { Schema } from '../../../core/bundle/schema.js';
import { validateBundle } from '../../../core/bundle/validate.js';
import { SCHEMA_PATH, schemaFileText } from '../../../scripts/gen-schema.js';

const committed = readFileSync(resolve(SCHEMA_PATH), 'utf8');
const schema = JSON.parse(committed) as Schema;

describe('schema/rtc-devtools-bundle.v1.json', () => {
  it('is current: regenerate with `npm run gen:schema` after changing core/bundle/schema.ts', () => {
    expect(committed, 'schema file is stale: run `npm run gen:schema`').toBe(schemaFileText());
  });

  it('names itself and its dialect, so outside validators pick the right draft', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(schema.$id).not.toBe('');
    expect(schema.properties?.format).toEqual({ const: 'rtc-devtools-bundle' });
  });

  it('a bundle exported from a recorded capture validates against the file', async () => {
    for (const name of ['telnyx-drop-attach', 'signalwire-v4-ext-call', 'realtime-drop']) {
      const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded', `${name}.events.json`), 'utf8')) as CaptureEvent[];
      const bundle = buildBundle({ events, environment: { userAgent: 'vitest' } });
      const file = await exportBundle(bundle, { gzip: false, host: 'example.test' });
      const value: unknown = JSON.parse(new TextDecoder().decode(file.bytes));
      expect(validateBundle(value, schema), name).toEqual([]);
    }
  });

  it('rejects a damaged bundle at the places that are wrong', async () => {
    const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/telnyx-drop-attach.events.json'), 'utf8')) as CaptureEvent[];
    const bundle = JSON.parse(JSON.stringify(buildBundle({ events, environment: { userAgent: 'vitest' } }))) as Record<string, unknown> & {
      sockets: { frames: { dir: string }[] }[];
    };
    bundle.version = '1';
    delete bundle.createdAt;
    bundle.sockets[0]!.frames[0]!.dir = 'sideways';
    const paths = validateBundle(bundle, schema).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.version', '$.createdAt', '$.sockets[0].frames[0].dir']));
  });
});
