import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { pinnedLookup } from './address-guard.js';

/**
 * Keep-alive agents per host and checked addresses, whose lookup answers those addresses only, so
 * a request connects where the address guard looked, not where a second lookup points
 * (got-scraping ignores got's dnsLookup, so the pin goes through the agents).
 */
export class PinnedAgents {
  private readonly agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();

  /** The agents for `host` pinned to `addresses`, or undefined when no pin is needed (an IP literal). */
  agentsFor(host: string, addresses: readonly string[]): { http: HttpAgent; https: HttpsAgent } | undefined {
    const lookup = pinnedLookup(host, addresses);
    if (!lookup) return undefined;
    const key = `${host} ${addresses.join(' ')}`;
    let agents = this.agents.get(key);
    if (!agents) {
      agents = {
        http: new HttpAgent({ lookup, keepAlive: true }),
        https: new HttpsAgent({ lookup, keepAlive: true }),
      };
      this.agents.set(key, agents);
    }
    return agents;
  }

  destroy(): void {
    for (const agents of this.agents.values()) {
      agents.http.destroy();
      agents.https.destroy();
    }
    this.agents.clear();
  }
}
