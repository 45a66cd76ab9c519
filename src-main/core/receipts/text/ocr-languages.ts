/**
 * Tesseract language data shipped with the app (@tesseract.js-data/eng|deu|fra,
 * the LSTM "best_int" models). tesseract.js reads every language from one
 * folder (`langPath`), while each package keeps its own, so the three files are
 * copied once into a folder of ours. Copying also takes them out of an asar
 * archive, which tesseract's worker thread could not read.
 */
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UnavailableError } from '../../errors.js';

export const OCR_LANGUAGES = ['eng', 'deu', 'fra'] as const;
const MODEL = '4.0.0_best_int';

async function packagedFile(language: (typeof OCR_LANGUAGES)[number]): Promise<string> {
  // Each package's main module exports its own folder; importing it resolves node_modules for us.
  const { langPath } = await importLanguagePackage(language);
  if (typeof langPath !== 'string') throw new UnavailableError(`OCR language data for '${language}' is missing; reinstall Sealbook.`);
  return join(dirname(langPath), MODEL, `${language}.traineddata.gz`);
}

async function importLanguagePackage(language: (typeof OCR_LANGUAGES)[number]): Promise<{ readonly langPath?: unknown }> {
  switch (language) {
    case 'eng':
      return (await import('@tesseract.js-data/eng')).default;
    case 'deu':
      return (await import('@tesseract.js-data/deu')).default;
    case 'fra':
      return (await import('@tesseract.js-data/fra')).default;
    default: {
      const never: never = language;
      throw new Error(`Unknown OCR language ${String(never)}`);
    }
  }
}

let prepared: Promise<string> | undefined;

/** The folder holding eng/deu/fra `.traineddata.gz`, made once per process. */
export function languageFolder(): Promise<string> {
  prepared ??= prepareFolder().catch((error: unknown) => {
    prepared = undefined;
    throw error;
  });
  return prepared;
}

async function prepareFolder(): Promise<string> {
  const folder = join(process.env.SEALBOOK_OCR_DATA ?? join(tmpdir(), 'sealbook-ocr'), MODEL);
  await mkdir(folder, { recursive: true });
  for (const language of OCR_LANGUAGES) {
    const source = await packagedFile(language);
    const target = join(folder, `${language}.traineddata.gz`);
    const sourceSize = await sizeOf(source);
    if (sourceSize === undefined) throw new UnavailableError(`OCR language data ${source} is missing; reinstall Sealbook.`);
    if ((await sizeOf(target)) === sourceSize) continue;
    // Copy then rename, so a second process never reads a half-written file.
    const partial = `${target}.${process.pid}.partial`;
    await copyFile(source, partial);
    await rename(partial, target);
  }
  return folder;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
