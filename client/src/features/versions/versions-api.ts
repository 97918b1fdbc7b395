/**
 * The versions routes of API.md as typed calls: freeze, list, read the frozen state, compare,
 * restore, public links and meeting records.
 */
import * as Y from 'yjs';
import {
  readCycle,
  type CycleModel,
  type MeetingRecord,
  type RestoreScope,
  type Stage,
  type VersionComparison,
} from '@pilotis/shared';
import { ApiError, request } from '../../lib/api.ts';

export type VersionKind = 'named' | 'safety' | 'checkpoint';

export interface Version {
  id: string;
  cycleId: string;
  label: string;
  stage: Stage;
  kind: VersionKind;
  createdAt: string;
  hash: string;
  xlsxHash: string;
  pdfHash: string;
  createdBy: string | null;
  publicLink: boolean;
  /** Issue 19: an editable DOCX dossier is stored with the version. */
  docx?: boolean;
  /** The workbook and PDF are stored in it; else rendered from its document when downloaded. */
  filesStored: boolean;
}

export interface PublicLink {
  id: string;
  versionId: string;
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  openCount: number;
  lastOpenedAt: string | null;
}

export interface PublicVersion {
  label: string;
  stage: Stage;
  createdAt: string;
  organisationName: string;
  year: number;
  hash: string;
  xlsxHash: string;
  pdfHash: string;
  filesStored: boolean;
}

export interface RecordReply {
  record: MeetingRecord | null;
  applicable: boolean;
  frozen: { versionId: string; versionLabel: string; stage: Stage; record: MeetingRecord }[];
}

const v = (id: string) => `/api/versions/${encodeURIComponent(id)}`;
import type { Thread } from '../comments/comments-api.ts';

const c = (id: string) => `/api/cycles/${encodeURIComponent(id)}`;

/** The frozen document of a version (or of a public link) as a read-only Y.Doc and its model. */
async function loadState(path: string): Promise<{ doc: Y.Doc; model: CycleModel }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: string;
      message?: string;
    } | null;
    throw new ApiError(response.status, body?.error ?? 'unknown', body?.message ?? '');
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return { doc, model: readCycle(doc) };
}

export const versionsApi = {
  list: (cycleId: string, checkpoints = false) =>
    request<Version[]>('GET', `${c(cycleId)}/versions${checkpoints ? '?checkpoints=1' : ''}`),
  freeze: (cycleId: string, label: string, stage: Stage) =>
    request<Version>('POST', `${c(cycleId)}/versions`, { label, stage }),
  moveStage: (cycleId: string, stage: Stage) =>
    request<null>('POST', `${c(cycleId)}/stage`, { stage }),
  get: (versionId: string) => request<Version>('GET', v(versionId)),
  state: (versionId: string) => loadState(`${v(versionId)}/state`),
  compare: (versionId: string, other: string) =>
    request<VersionComparison>('GET', `${v(versionId)}/compare?with=${encodeURIComponent(other)}`),
  restore: (versionId: string, scope: RestoreScope = { kind: 'all' }) =>
    request<{ safetyVersionId: string }>('POST', `${v(versionId)}/restore`, { scope }),
  links: (versionId: string) => request<PublicLink[]>('GET', `${v(versionId)}/links`),
  createLink: (versionId: string, expiresAt?: string) =>
    request<PublicLink & { token: string; url: string }>(
      'POST',
      `${v(versionId)}/links`,
      expiresAt ? { expiresAt } : {},
    ),
  revokeLink: (linkId: string) =>
    request<null>('DELETE', `/api/links/${encodeURIComponent(linkId)}`),
  record: (versionId: string) => request<RecordReply>('GET', `${v(versionId)}/record`),
  saveRecord: (versionId: string, record: MeetingRecord) =>
    request<MeetingRecord>('PUT', `${v(versionId)}/record`, record),
  publicVersion: (token: string) =>
    request<PublicVersion>('GET', `/api/public/${encodeURIComponent(token)}`),
  publicState: (token: string) => loadState(`/api/public/${encodeURIComponent(token)}/state`),
  /** The threads stored with the version when it was frozen. */
  threads: (versionId: string) =>
    request<{ versionId: string; frozenAt: string; threads: Thread[] }>(
      'GET',
      `${v(versionId)}/threads`,
    ),
};

/** Download paths of a version's stored files. */
export const versionFile = (versionId: string, part: 'xlsx' | 'pdf' | 'docx') =>
  `${v(versionId)}/export.${part}`;
export const publicFile = (token: string, part: 'xlsx' | 'pdf') =>
  `/api/public/${encodeURIComponent(token)}/export.${part}`;
export const changesFile = (versionId: string, other: string, part: 'xlsx' | 'pdf') =>
  `${v(versionId)}/changes.${part}?with=${encodeURIComponent(other)}`;

/** The first characters of a fingerprint, grouped for reading aloud ("3f9a 1c0b 77de"). */
export const shortHash = (hash: string) => hash.slice(0, 12).replace(/(.{4})(?=.)/g, '$1 ');
