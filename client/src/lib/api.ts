/**
 * The browser side of API.md: typed calls that throw ApiError carrying the server's French
 * message (or a network message when the server cannot be reached).
 */
import type { Role, Stage } from '@pilotis/shared';

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
  /** The caller's role in the cycle's organisation (GET /api/cycles/:id). */
  role?: Role;
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Me {
  user: User;
  organisations: (Organisation & { role: Role })[];
}

export interface Member {
  userId: string;
  name: string;
  /** Sent to pilotes only. */
  email?: string;
  role: Role;
}

export interface Invitation {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
  acceptedCount: number;
  url?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userName: string | null;
  action: string;
  details: Record<string, unknown>;
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

/** One JSON call to the API; throws ApiError with the server’s French message. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
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

const org = (id: string) => `/api/organisations/${encodeURIComponent(id)}`;

export const api = {
  me: () => request<Me>('GET', '/api/me'),
  /** `{user}` with a session at once (no SMTP), or `{status}` while a mailed link waits. */
  signUp: (body: { email: string; password: string; name: string; invitation?: string }) =>
    request<{ user: User } | { status: 'confirmation_sent' }>('POST', '/api/auth/signup', body),
  checkSignupLink: (token: string) =>
    request<{ expiresAt: string }>('POST', '/api/auth/signup/check', { token }),
  confirmSignup: (token: string, password: string) =>
    request<{ user: User; organisationId: string | null }>('POST', '/api/auth/signup/confirm', {
      token,
      password,
    }),
  signIn: (body: { email: string; password: string }) =>
    request<{ user: User }>('POST', '/api/auth/login', body),
  signOut: () => request<null>('POST', '/api/auth/logout', {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<null>('POST', '/api/auth/password', { currentPassword, newPassword }),
  resetPassword: (token: string, newPassword: string) =>
    request<null>('POST', '/api/auth/password-reset', { token, newPassword }),
  checkPasswordReset: (token: string) =>
    request<{ expiresAt: string }>('POST', '/api/auth/password-reset/check', { token }),
  requestPasswordReset: (email: string) =>
    request<{ smtp: boolean }>('POST', '/api/auth/password-reset/request', { email }),
  members: (organisationId: string) => request<Member[]>('GET', `${org(organisationId)}/members`),
  changeRole: (organisationId: string, userId: string, role: Role) =>
    request<Member>('PATCH', `${org(organisationId)}/members/${encodeURIComponent(userId)}`, {
      role,
    }),
  removeMember: (organisationId: string, userId: string) =>
    request<null>('DELETE', `${org(organisationId)}/members/${encodeURIComponent(userId)}`),
  resetLink: (organisationId: string, userId: string) =>
    request<{ url: string }>(
      'POST',
      `${org(organisationId)}/members/${encodeURIComponent(userId)}/password-reset`,
      {},
    ),
  invitations: (organisationId: string) =>
    request<Invitation[]>('GET', `${org(organisationId)}/invitations`),
  invite: (organisationId: string, role: Role, expiresInDays: number) =>
    request<Invitation & { url: string }>('POST', `${org(organisationId)}/invitations`, {
      role,
      expiresInDays,
    }),
  revokeInvitation: (organisationId: string, id: string) =>
    request<null>('DELETE', `${org(organisationId)}/invitations/${encodeURIComponent(id)}`),
  previewInvitation: (token: string) =>
    request<{ organisationName: string; role: Role; expiresAt: string }>(
      'GET',
      `/api/invitations/${encodeURIComponent(token)}`,
    ),
  acceptInvitation: (token: string) =>
    request<{ organisationId: string; role: Role }>(
      'POST',
      `/api/invitations/${encodeURIComponent(token)}/accept`,
      {},
    ),
  audit: (organisationId: string) => request<AuditEntry[]>('GET', `${org(organisationId)}/audit`),
  listOrganisations: () => request<(Organisation & { role: Role })[]>('GET', '/api/organisations'),
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
