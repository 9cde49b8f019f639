/** Lookups over the agreement: detections may cite a version other than the one in force. */
import type { Agreement, AgreementBody, Zone } from '../../src/api/wire.js';

export class AgreementIndex {
  private readonly zones = new Map<string, Zone>();

  constructor(readonly body: AgreementBody) {
    // Older versions first so the newest definition of a zone id wins.
    const versions = [...body.agreement.versions].sort((a, b) => a.version - b.version);
    for (const v of versions) for (const z of v.zones) this.zones.set(z.id, z);
    for (const z of body.inForce?.zones ?? []) this.zones.set(z.id, z);
  }

  get agreement(): Agreement {
    return this.body.agreement;
  }

  findZone(id: string): Zone | undefined {
    return this.zones.get(id);
  }

  /** The zone's name; a rule that applies anywhere has no zone (empty id). */
  describeZone(id: string): string {
    if (id === '') return 'anywhere';
    return this.zones.get(id)?.name ?? id;
  }

  /** `Demo Accord v2: Title`, or a plain warning when nothing is in force. */
  describeInForce(): string {
    const v = this.body.inForce;
    if (!v) return `${this.agreement.name}: no version in force`;
    return `${this.agreement.name} v${v.version}: ${v.title}`;
  }
}
