import PostalMime from 'postal-mime';
import type { RejectCode } from '../../../src-shared/contract-receipts.js';
import type { ContentKind } from './kinds.js';
import { classify } from './sniff.js';

/**
 * From one dropped file to the documents it holds (issue 7 item 2): a
 * receipt file is one content; an `.eml` mail gives one content per PDF or
 * image attachment, the mail itself being the original of each.
 */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface Content {
  /** What the person sees: the file name, or "mail.eml › invoice.pdf". */
  readonly name: string;
  readonly kind: ContentKind;
  readonly bytes: Uint8Array;
  /** Index among the mail's attachments; null for a plain file. */
  readonly partIndex: number | null;
}

export interface Rejection {
  readonly file: string;
  readonly code: RejectCode;
  readonly message: string;
}

export interface Expanded {
  readonly contents: readonly Content[];
  readonly rejected: readonly Rejection[];
  /** Set for a mail: its bytes are the original of every content. */
  readonly mail: boolean;
  /** A mail's attachments that are e-invoices: received as supplier invoices, not archived as receipts. */
  readonly einvoices: readonly MailPart[];
}

export interface MailPart {
  /** "mail.eml › invoice.xml". */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Asked of each mail attachment before it is taken as a receipt (the e-invoice route, issue 10). */
export type EInvoiceTest = (bytes: Uint8Array) => Promise<boolean>;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** Refusals that need only the size; checked before a file is read whole. */
export function sizeRejection(file: string, size: number): Rejection | null {
  if (size === 0) return { file, code: 'EMPTY', message: `${file} is empty (0 bytes). Scan or export it again, then drop the new file.` };
  if (size > MAX_FILE_BYTES) {
    return { file, code: 'TOO_LARGE', message: `${file} is ${megabytes(size)} MB; the limit is 50 MB per file. Scan at a lower resolution or split the file.` };
  }
  return null;
}

export async function expandFile(file: string, bytes: Uint8Array, isEInvoice: EInvoiceTest = () => Promise.resolve(false)): Promise<Expanded> {
  const bySize = sizeRejection(file, bytes.byteLength);
  if (bySize) return { contents: [], rejected: [bySize], mail: false, einvoices: [] };
  const found = classify(bytes);
  switch (found.kind) {
    case 'refused':
      return { contents: [], rejected: [unsupported(file, found.type)], mail: false, einvoices: [] };
    case 'eml':
      return expandMail(file, bytes, isEInvoice);
    default:
      return { contents: [{ name: file, kind: found.kind, bytes, partIndex: null }], rejected: [], mail: false, einvoices: [] };
  }
}

function unsupported(file: string, type: string): Rejection {
  return {
    file,
    code: 'UNSUPPORTED_TYPE',
    message: `${file} is ${type}, not a receipt Sealbook can take. Use JPG, PNG, PDF, HEIC, WebP, TIFF or an .eml mail with such attachments.`,
  };
}

async function expandMail(file: string, bytes: Uint8Array, isEInvoice: EInvoiceTest): Promise<Expanded> {
  let attachments: { name: string; bytes: Uint8Array }[];
  try {
    attachments = await mailAttachments(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { contents: [], rejected: [{ file, code: 'DAMAGED', message: `${file} looks like a mail but cannot be read (${reason}). Save the mail again from your mail program.` }], mail: true, einvoices: [] };
  }
  const contents: Content[] = [];
  const rejected: Rejection[] = [];
  const einvoices: MailPart[] = [];
  for (const [index, attachment] of attachments.entries()) {
    const name = `${file} › ${attachment.name}`;
    const found = classify(attachment.bytes);
    const bySize = sizeRejection(name, attachment.bytes.byteLength);
    if (bySize) rejected.push(bySize);
    else if (await isEInvoice(attachment.bytes)) einvoices.push({ name, bytes: attachment.bytes });
    else if (found.kind === 'refused' || found.kind === 'eml') rejected.push(unsupported(name, found.kind === 'eml' ? 'a forwarded mail' : found.type));
    else contents.push({ name, kind: found.kind, bytes: attachment.bytes, partIndex: index });
  }
  if (contents.length === 0 && rejected.length === 0 && einvoices.length === 0) {
    rejected.push({ file, code: 'NO_ATTACHMENT', message: `${file} is a mail without a PDF, image or e-invoice attachment: there is nothing in it to archive.` });
  }
  return { contents, rejected, mail: true, einvoices };
}

/** The mail's attachments in order (the index is how a receipt finds its part again). */
export async function mailAttachments(bytes: Uint8Array): Promise<{ name: string; bytes: Uint8Array }[]> {
  const email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  return email.attachments.map((attachment, index) => {
    const content = attachment.content;
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
    return { name: attachment.filename ?? `attachment-${index + 1}`, bytes: data };
  });
}
