/**
 * At most `maxPerDocument` open connections to one document on this instance: a runaway script
 * (or a page reloading in a loop) cannot make one cycle's broadcast cost grow without bound. The
 * connection over the limit is refused (close code 4429, reason document-full); the others keep
 * working. A meeting room is a few dozen people, far below the default.
 */
import type { Extension, onConnectPayload } from '@hocuspocus/server';
import { CloseCodes } from '@pilotis/shared';

export const DocumentFull = { code: CloseCodes.RateLimited.code, reason: 'document-full' } as const;

export class ConnectionLimitExtension implements Extension {
  extensionName = 'pilotis-connection-limit';
  private readonly maxPerDocument: number;

  constructor(maxPerDocument: number) {
    this.maxPerDocument = maxPerDocument;
  }

  async onConnect({ documentName, instance }: onConnectPayload): Promise<void> {
    const open = instance.documents.get(documentName)?.getConnectionsCount() ?? 0;
    if (open >= this.maxPerDocument) throw { ...DocumentFull };
  }
}
