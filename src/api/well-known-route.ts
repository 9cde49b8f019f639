/**
 * GET /.well-known/truceline/mission-key: the mission's public signing key,
 * so that anyone can check a downloaded report (docs/signed-reports.md,
 * `truceline report verify --server URL`). Public: no account is needed to
 * verify, and any site may fetch it (CORS `*`). Cacheable for an hour: the
 * key changes only when it is rotated, and a rotated key's signatures stay
 * checkable against the key id they name.
 *
 * Only the fields of the public description are sent, whatever object the
 * deps hand over: the private key cannot reach the wire through this route.
 */
import type { FastifyInstance } from 'fastify';
import { MISSION_KEY_WELL_KNOWN_PATH } from '../incidents/mission-key.js';
import { ApiError } from './api-error.js';
import type { ApiDeps } from './server.js';
import type { MissionKeyBody } from './wire.js';

export const MISSION_KEY_PATH = MISSION_KEY_WELL_KNOWN_PATH;
const MAX_AGE_S = 3600;

export function registerWellKnownRoutes(
  app: FastifyInstance,
  deps: Pick<ApiDeps, 'missionPublicKey'>,
): void {
  app.get(
    MISSION_KEY_PATH,
    { config: { access: 'public' } },
    async (_req, reply): Promise<MissionKeyBody> => {
      const key = deps.missionPublicKey?.();
      if (key === undefined) {
        throw new ApiError(
          404,
          'no_mission_key',
          'This server runs without a mission signing key, so it signs nothing: ask the mission for its public key another way.',
        );
      }
      reply
        .header('cache-control', `public, max-age=${MAX_AGE_S}`)
        .header('access-control-allow-origin', '*');
      return {
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKeyPem: key.publicKeyPem,
        rawPublicKeyBase64Url: key.rawPublicKeyBase64Url,
        createdAt: key.createdAt,
      };
    },
  );
}
