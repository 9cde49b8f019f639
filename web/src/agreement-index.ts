/** Lookups over the agreement: detections may cite a version other than the one in force. */
import type { Agreement, AgreementBody, AgreementVersion, Zone } from '../../src/api/wire.js';

export class AgreementIndex {
  private readonly zones = new Map<string, Zone>();
  /** Oldest first: versions come into force in the order of their numbers. */
  readonly versions: readonly AgreementVersion[];

  constructor(readonly body: AgreementBody) {
    // Older versions first so the newest definition of a zone id wins.
    const versions = [...body.agreement.versions].sort((a, b) => a.version - b.version);
    this.versions = versions;
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

  findVersion(version: number): AgreementVersion | undefined {
    return this.versions.find((v) => v.version === version);
  }

  /** When the next version takes over; undefined for the latest. */
  findVersionEndMs(version: number): number | undefined {
    return this.versions.find((v) => v.version > version)?.inForceFromMs;
  }

  /** `Demo Accord v2: Title`, or a plain warning when nothing is in force. */
  describeInForce(): string {
    const v = this.body.inForce;
    if (!v) return `${this.agreement.name}: no version in force`;
    return `${this.agreement.name} v${v.version}: ${v.title}`;
  }
}
