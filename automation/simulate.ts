/**
 * Arming a network or SDK fault in a tab (the Simulate issue, 18), for `rtc.simulate` and the MCP tool
 * `simulate_fault`. Until that plumbing is in this build, both say so plainly instead of pretending.
 */
import type { ExtensionLink } from './link.js';

export const SIMULATE_UNAVAILABLE = 'fault simulation is not available in this build yet (it arrives with the Simulate issue, 18)';

export async function simulateFault(_link: ExtensionLink, _tabId: number, _fault: unknown): Promise<never> {
  throw new Error(SIMULATE_UNAVAILABLE);
}
