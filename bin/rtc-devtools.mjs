#!/usr/bin/env node
// Entry point of `npx rtc-devtools`. The CLI is TypeScript; tsx compiles it on the fly so the
// command works straight from a checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
