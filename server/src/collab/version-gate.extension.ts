/**
 * Only clients built for the current schemas may open a document. The client announces, in the
 * socket URL, the document schema (SCHEMA_VERSION) and the editor schema (EDITOR_SCHEMA_VERSION)
 * it was built with; a client that announces none, or an older one, is refused before it is
 * authenticated or the document is loaded (close code ClientOutdated): it would not understand —
 * and could damage — content written by newer editors. Nothing it holds locally reaches the
 * document. The client then shows "Une nouvelle version de Pilotis est disponible — recharger".
 */
import type { Extension, onConnectPayload } from '@hocuspocus/server';
import {
  CloseCodes,
  EDITOR_SCHEMA_PARAM,
  EDITOR_SCHEMA_VERSION,
  SCHEMA_VERSION,
  SCHEMA_VERSION_PARAM,
} from '@pilotis/shared';

/** The version a client announced in parameter `name`, or null when missing or malformed. */
function announced(parameters: URLSearchParams, name: string): number | null {
  const raw = parameters.get(name);
  if (raw === null || !/^\d{1,6}$/.test(raw)) return null;
  return Number(raw);
}

/** Whether a client announcing these parameters may connect (both versions present, not older). */
export function isClientCurrent(parameters: URLSearchParams): boolean {
  const schema = announced(parameters, SCHEMA_VERSION_PARAM);
  const editor = announced(parameters, EDITOR_SCHEMA_PARAM);
  return (
    schema !== null &&
    editor !== null &&
    schema >= SCHEMA_VERSION &&
    editor >= EDITOR_SCHEMA_VERSION
  );
}

export class VersionGateExtension implements Extension {
  extensionName = 'pilotis-version-gate';

  async onConnect({ requestParameters }: onConnectPayload): Promise<void> {
    if (!isClientCurrent(requestParameters)) throw { ...CloseCodes.ClientOutdated };
  }
}
