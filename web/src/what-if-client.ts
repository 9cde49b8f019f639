/** POST /api/what-if, with the server's refusal kept as data (code, problems) for the panel. */
import type {
  AgreementProblem,
  WhatIfBody,
  WhatIfErrorBody,
  WhatIfRequest,
} from '../../src/api/wire.js';
import { CSRF_HEADER, loadSession } from './session-client.js';

/** A refusal of the server, or a network failure (`status` 0). */
export class WhatIfRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly AgreementProblem[] = [],
  ) {
    super(message);
    this.name = 'WhatIfRequestError';
  }
}

export async function postWhatIf(
  request: WhatIfRequest,
  signal?: AbortSignal,
): Promise<WhatIfBody> {
  let res: Response;
  try {
    const { csrfToken } = await loadSession();
    res = await fetch('/api/what-if', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(csrfToken === null ? {} : { [CSRF_HEADER]: csrfToken }),
      },
      body: JSON.stringify(request),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new WhatIfRequestError(0, 'network', `The server could not be reached (${String(err)})`);
  }
  if (res.ok) return (await res.json()) as WhatIfBody;
  const body = (await res.json().catch(() => null)) as WhatIfErrorBody | null;
  if (!body?.error)
    throw new WhatIfRequestError(res.status, 'http', `${res.status} ${res.statusText}`);
  const { code, message, problems } = body.error;
  throw new WhatIfRequestError(res.status, code, message, problems ?? []);
}
