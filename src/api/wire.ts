/**
 * The API's wire types: what travels as JSON between the server and its
 * clients (the web app, integrators). `web/` imports only this file and its
 * siblings for the parts of issue 6 (wire-field-reports.ts, wire-incidents.ts,
 * wire-reports.ts).
 */
import type { Capability, Role } from '../accounts/roles.js';
import type { AgreementProblem } from '../core/agreement-validate.js';
import type {
  Agreement,
  AgreementVersion,
  Detection,
  Observation,
  Track,
  Zone,
} from '../core/types.js';
import type { DetectionComparison } from '../engine/compare-detections.js';
import type { Incident } from '../incidents/incident-types.js';
import type { SourceHealth } from '../ingest/sources/index.js';

export type {
  Agreement,
  AgreementVersion,
  AltitudeBand,
  CrossDirection,
  Detection,
  DetectionType,
  Interval,
  Observation,
  PreNotification,
  Rule,
  RuleAction,
  RuleThresholds,
  Track,
  TrackKind,
  TrackList,
  Zone,
  ZoneKind,
} from '../core/types.js';
export type {
  SourceFormat,
  SourceHealth,
  SourceKind,
  SourceState,
} from '../ingest/sources/index.js';
export type { Capability, Role };

/** Every error answer: `{ "error": { "code", "message" } }`. */
/** GET /api/session: who is logged in (user null for anonymous visitors). */
export interface SessionBody {
  user: { id: string; username: string; role: Role } | null;
  /** What this session may do (src/accounts/roles.ts). */
  capabilities: Capability[];
  /** Send back as `x-csrf-token` on every POST/PUT/PATCH/DELETE; null when anonymous. */
  csrfToken: string | null;
  /** When the session ends unless renewed (UTC ms); null when anonymous. */
  expiresMs: number | null;
}

export interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

/** GET /api/health */
export interface HealthBody {
  /** `degraded` while a source is failing or silent (see `sources`). */
  status: 'ok' | 'degraded';
  version: string;
  uptimeS: number;
  serverTimeMs: number;
  store: { observations: number; tracks: number; detections: number };
  simulator: { running: boolean; seed?: number; speed?: number };
  sources: SourcesSummary;
  /** What the detection engine has judged since start (absent in API-only setups). */
  engine?: EngineSummary;
}

/** GET /api/health for those who may not see the live picture (anonymous uptime monitors). */
export type PublicHealthBody = Pick<HealthBody, 'status' | 'version'>;

/** The engine's counters, in GET /api/health: how much it judged and what it set aside. */
export interface EngineSummary {
  tracks: number;
  observations: number;
  detections: number;
  /** Older than the track's latest report: stored, not judged again. */
  outOfOrder: number;
  /** The same time and place as the track's latest: a repeat. */
  duplicates: number;
  /** Jumps faster than the kind can move: the path between was not searched. */
  implausibleJumps: number;
  /** Observed before any version of the agreement was in force. */
  beforeAgreement: number;
}

/** The sources at a glance, in GET /api/health. */
export interface SourcesSummary {
  total: number;
  /** Messages per second over all sources. */
  messagesPerS: number;
  /** Ids of the sources that had traffic and have gone quiet. */
  silent: string[];
  /** Ids of the failing sources: in error, or unable to reach their peer for 10 s. */
  failing: string[];
}

/** GET /api/sources: every source, the simulator included, by id. */
export interface SourcesBody {
  serverTimeMs: number;
  items: SourceHealth[];
}

/** GET /api/tracks */
export interface TracksBody {
  items: Track[];
}

/** GET /api/tracks/:id/observations */
export interface ObservationsBody {
  items: Observation[];
}

/** GET /api/observations: a page of every track's observations, oldest first. */
export interface ObservationScanBody {
  items: Observation[];
  /** Pass as `cursor` (with the same `to`) for the next page; null at the end. */
  next: string | null;
}

/** GET /api/agreement: the agreement and the version in force at `atMs`. */
export interface AgreementBody {
  agreement: Agreement;
  atMs: number;
  inForce: AgreementVersion | null;
}

/** GET /api/detections: newest first, `next` is the cursor of the older page. */
export interface DetectionsBody {
  items: Detection[];
  next: string | null;
}

/** One item of a POST /api/observations batch that was refused. */
export interface RejectedItem {
  index: number;
  /** Dotted path of the offending field, e.g. `lat`. */
  field: string;
  message: string;
}

/** POST /api/observations answer (HTTP 200 even if some items were refused). */
export interface IngestBody {
  accepted: number;
  rejected: RejectedItem[];
  /** A resend of a batchId already stored: nothing was stored, this is the first answer. */
  duplicate?: true;
}

/** Messages pushed by the server on the WebSocket `/api/live`. */
export type LiveMessage =
  /** First message: the current picture. */
  | { type: 'snapshot'; serverTimeMs: number; tracks: Track[]; detections: Detection[] }
  /** Tracks that changed since the last message, keyed by id (upserts). */
  | { type: 'tracks'; tracks: Track[] }
  /** Tracks no longer on the live picture (silent too long). */
  | { type: 'tracks_removed'; ids: string[] }
  /** New detections, oldest first. */
  | { type: 'detections'; detections: Detection[] }
  /** Health of every source: after the snapshot, then every few seconds. */
  | { type: 'sources'; serverTimeMs: number; sources: SourceHealth[] }
  /**
   * Incidents created or changed, as they now are (upserts by id, without
   * their history): only to principals with `incident:read`. After any
   * snapshot, read the queue again: incidents may have changed meanwhile.
   */
  | { type: 'incidents'; items: Incident[] };

export type { AgreementProblem } from '../core/agreement-validate.js';
export type {
  DetectionComparison,
  DetectionPoint,
  MatchKeyField,
  PairCount,
  TrackDifference,
  UnmatchedKey,
  Variant,
  VariantDescription,
} from '../engine/compare-detections.js';

/**
 * POST /api/what-if: a draft agreement judged against recorded traffic.
 * The period is [fromMs, toMs], both inclusive; by default it ends at the
 * newest stored observation and lasts `durationMs` (default 24 h, at most 7
 * days); give `fromMs` or `durationMs`, not both.
 */
export interface WhatIfRequest {
  /** The draft, as an agreement file (`truceline-agreement/1`). */
  draft: unknown;
  fromMs?: number;
  toMs?: number;
  durationMs?: number;
  /** The draft's version to judge by (every observation). Default: its highest. */
  draftVersion?: number;
  /** Pin the agreement in force to this version. Default: the version in force at each time. */
  currentVersion?: number;
}

/** POST /api/what-if answer: variant `a` is the agreement in force, `b` the draft. */
export interface WhatIfBody {
  comparison: DetectionComparison;
  /** The zones of the draft's version used, to draw over the current ones. */
  draftZones: Zone[];
  draftVersion: number;
  currentVersion: number | null;
  /** The period judged: `toMs` is earlier than asked when `truncated`. */
  period: { fromMs: number; toMs: number };
  requestedPeriod: { fromMs: number; toMs: number };
  observations: number;
  /** The observation cap (`maxObservations`) cut the period short. */
  truncated: boolean;
  maxObservations: number;
  /** Observations stored with a time older than one already judged (see docs/what-if.md). */
  late: number;
}

/** POST /api/what-if error: 422 `invalid_draft` lists every problem of the draft. */
export interface WhatIfErrorBody {
  error: ErrorBody['error'] & {
    problems?: AgreementProblem[];
  };
}

/**
 * RFC 8785 canonical JSON, the text a signature covers (docs/signed-reports.md):
 * shared, not copied, so that the web app's verifier rebuilds exactly the bytes
 * the server signed. canonical-json.ts imports nothing, so it runs in browsers.
 */
export { canonicalJson } from '../incidents/canonical-json.js';
/**
 * GET /.well-known/truceline/mission-key: the public key that signs what the
 * mission publishes (docs/signed-reports.md). Public and cacheable.
 */
export type { MissionKeyDescription as MissionKeyBody } from '../incidents/mission-key.js';
export type {
  DetachedSignature,
  PayloadEncoding,
  SignatureFailure,
  SignedDocument,
} from '../incidents/report-signing.js';
/**
 * The signed forms' checks and verdicts, shared the same way: the web app's
 * verifier (web/src/verify-signature.ts) and the server's (report-signing.ts)
 * check a document with the same code and answer in the same words; each
 * hashes and verifies with its own crypto. signature-format.ts imports only
 * canonical-json.ts.
 */
export {
  BASE64,
  checkDetachedFields,
  checkEnvelopeFields,
  refuseBadSignature,
  refuseFileChanged,
  refuseMalformed,
  refusePayloadChanged,
  refuseUnknownKey,
  type SignatureRefusal,
  signedText,
} from '../incidents/signature-format.js';
