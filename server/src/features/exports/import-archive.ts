/**
 * The archive guard of an import: an .xlsx is a zip, and a zip's declared sizes are whatever the
 * sender wrote (a 2.9 MB upload declaring 1,000 bytes inflated to 1 GB). So the archive is really
 * inflated, as a stream (fflate), counting the bytes that come out and stopping at a hard cap; the
 * entries are then re-packed, stored without compression, so that the spreadsheet library reads
 * exactly the bytes that were counted and nothing else.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, zipSync, type Zippable } from 'fflate';

/** Uploads above this are refused before anything is inflated. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** What the archive may inflate to: a steering table is a few megabytes, a zip bomb is not. */
export const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/** Entries in a workbook: a few dozen; thousands are not a steering table. */
const MAX_ENTRIES = 2000;

export type ImportErrorCode = 'not_xlsx' | 'too_large' | 'no_header' | 'empty';

/** A file the importer cannot use, with a French message to show as is. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}

export const NOT_XLSX = 'Ce fichier n’est pas un classeur Excel (.xlsx) lisible.';
export const TOO_LARGE = `Ce fichier est trop volumineux : ${MAX_IMPORT_BYTES / 1024 / 1024} Mo au plus.`;
export const INFLATES_TOO_MUCH =
  'Ce classeur se décompresse en plus de ' +
  `${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} Mo : ce n’est pas un tableau de pilotage. ` +
  'Enregistrez-le à nouveau depuis Excel ou LibreOffice, sans les feuilles inutiles.';

/**
 * Inflate `data` with a hard byte cap and return the same workbook re-packed without compression.
 * Throws ImportError: `too_large` for an upload over MAX_IMPORT_BYTES or an archive inflating
 * beyond MAX_UNCOMPRESSED_BYTES (stops as soon as the cap is crossed), `not_xlsx` for anything
 * that is not a readable zip holding a workbook.
 */
export function guardArchive(
  data: Uint8Array,
  maxUncompressed = MAX_UNCOMPRESSED_BYTES,
): Uint8Array {
  if (data.byteLength > MAX_IMPORT_BYTES) throw new ImportError('too_large', TOO_LARGE);
  if (data.length < 22 || data[0] !== 0x50 || data[1] !== 0x4b) {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  const files: Record<string, Uint8Array[]> = {};
  const complete = new Set<string>();
  let total = 0;
  let entries = 0;
  let failure: ImportError | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > MAX_ENTRIES) {
      failure = new ImportError('too_large', INFLATES_TOO_MUCH);
      return;
    }
    const chunks: Uint8Array[] = [];
    files[file.name] = chunks;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new ImportError('not_xlsx', NOT_XLSX);
        return;
      }
      total += chunk.length;
      if (total > maxUncompressed) {
        failure = new ImportError('too_large', INFLATES_TOO_MUCH);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) complete.add(file.name);
    };
    try {
      file.start();
    } catch {
      failure = new ImportError('not_xlsx', NOT_XLSX);
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  // Push in slices: a bomb is stopped after at most one slice's worth of inflation past the cap.
  const SLICE = 64 * 1024;
  try {
    for (let offset = 0; offset < data.length && !failure; offset += SLICE) {
      const end = Math.min(data.length, offset + SLICE);
      unzip.push(data.subarray(offset, end), end === data.length);
    }
  } catch {
    failure ??= new ImportError('not_xlsx', NOT_XLSX);
  }
  if (failure) throw failure;
  const names = Object.keys(files);
  if (
    !names.includes('[Content_Types].xml') ||
    !names.includes('xl/workbook.xml') ||
    names.some((name) => !complete.has(name) && files[name]!.length > 0)
  ) {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  const repacked: Zippable = {};
  for (const name of names) {
    if (name.endsWith('/')) continue;
    const chunks = files[name]!;
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const joined = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    repacked[name] = [joined, { level: 0 }];
  }
  return zipSync(repacked, { level: 0 });
}
