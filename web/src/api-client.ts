/** The REST side of the API. Paths are same-origin: the API serves this app. */
import type {
  AgreementBody,
  DetectionsBody,
  ErrorBody,
  HealthBody,
  SourcesBody,
} from '../../src/api/wire.js';

async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    // The API answers errors as ErrorBody; anything else (a proxy page) is reported by status.
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    const reason = body?.error ? `${body.error.code}: ${body.error.message}` : res.statusText;
    throw new Error(`GET ${path} failed (${res.status} ${reason})`);
  }
  return (await res.json()) as T;
}

export function fetchAgreement(signal?: AbortSignal): Promise<AgreementBody> {
  return fetchJson<AgreementBody>('/api/agreement', signal);
}

export function fetchDetections(limit: number, signal?: AbortSignal): Promise<DetectionsBody> {
  return fetchJson<DetectionsBody>(`/api/detections?limit=${limit}`, signal);
}

export function fetchHealth(signal?: AbortSignal): Promise<HealthBody> {
  return fetchJson<HealthBody>('/api/health', signal);
}

export function fetchSources(signal?: AbortSignal): Promise<SourcesBody> {
  return fetchJson<SourcesBody>('/api/sources', signal);
}

/** ws: or wss: to match the page, so the socket passes the same TLS proxy as the page. */
export function resolveLiveUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/live`;
}
