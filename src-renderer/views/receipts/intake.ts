import type { SealbookBridge } from '../../../src-shared/events.js';
import type { Result } from '../../../src-shared/result.js';
import { call } from '../../lib/api.js';
import { droppedFileTree } from '../../lib/drop.js';

/**
 * Getting dropped files to main. In Electron the preload turns each File
 * into its path (webUtils.getPathForFile) and main reads the files itself,
 * folders included. In the browser host the bytes travel: each file in
 * base64 chunks far below the host's 64 MiB body limit, one call at a time,
 * so a drop of hundreds of files streams instead of piling up in memory.
 */
export interface Started {
  readonly importId: string;
  readonly jobId: string;
}

type PathBridge = SealbookBridge & { pathForFile?: (file: unknown) => string };

function pathsOf(files: readonly File[]): string[] | null {
  const bridge = (window as Window & { sealbook?: PathBridge }).sealbook;
  if (bridge?.pathForFile === undefined) return null;
  const paths = files.map((file) => bridge.pathForFile?.(file) ?? '');
  return paths.every((path) => path !== '') ? paths : null;
}

/** Files of a drop: in Electron main reads dropped folders itself (from their paths); the browser walks them here. */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  if (pathsOf([...transfer.files]) !== null) return [...transfer.files];
  return droppedFileTree(transfer);
}

export async function sendFiles(files: readonly File[], onSent: (done: number) => void): Promise<Result<Started>> {
  const paths = pathsOf(files);
  if (paths !== null) {
    const started = await call('receipts.import', { paths });
    return started.ok ? { ok: true, value: { importId: started.value.importId, jobId: started.value.jobId } } : started;
  }
  const begun = await call('receipts.uploadBegin', { count: files.length });
  if (!begun.ok) return begun;
  const { uploadId, chunkBytes } = begun.value;
  for (const [index, file] of files.entries()) {
    const sent = await sendOne(uploadId, index, file, chunkBytes);
    if (!sent.ok) return sent;
    onSent(index + 1);
  }
  return { ok: true, value: { importId: begun.value.importId, jobId: begun.value.jobId } };
}

async function sendOne(uploadId: string, index: number, file: File, chunkBytes: number): Promise<Result<null>> {
  const name = file.name || `file-${index + 1}`;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return call('receipts.uploadSkip', { uploadId, index, name, message: 'the browser could not read this file; check that it still exists.' });
  }
  // A zero-byte file still goes, once: main refuses it with the reason.
  for (let offset = 0; offset === 0 || offset < bytes.length; offset += chunkBytes) {
    const last = offset + chunkBytes >= bytes.length;
    const sent = await call('receipts.uploadChunk', { uploadId, index, name, dataBase64: toBase64(bytes.subarray(offset, offset + chunkBytes)), last });
    if (!sent.ok) return sent;
    if (last) break;
  }
  return { ok: true, value: null };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
