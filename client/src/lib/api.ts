/**
 * The browser side of API.md: typed calls that throw ApiError carrying the server's French
 * message (or a network message when the server cannot be reached).
 */
import type { Stage } from '@pilotis/shared';

export interface Organisation {
  id: string;
  name: string;
}

export interface Cycle {
  id: string;
  organisationId: string;
  year: number;
  stage: Stage;
  documentName: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload as { error?: string; message?: string } | null;
    throw new ApiError(response.status, error?.error ?? 'unknown', error?.message ?? '');
  }
  return payload as T;
}

export const api = {
  listOrganisations: () => request<Organisation[]>('GET', '/api/organisations'),
  createOrganisation: (name: string) =>
    request<Organisation>('POST', '/api/organisations', { name }),
  listCycles: (organisationId: string) =>
    request<Cycle[]>('GET', `/api/organisations/${encodeURIComponent(organisationId)}/cycles`),
  createCycle: (organisationId: string, year: number, from?: string) =>
    request<Cycle>('POST', `/api/organisations/${encodeURIComponent(organisationId)}/cycles`, {
      year,
      ...(from ? { from } : {}),
    }),
  getCycle: (cycleId: string) =>
    request<Cycle>('GET', `/api/cycles/${encodeURIComponent(cycleId)}`),
};
