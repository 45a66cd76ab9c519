import type { RuleFinding } from '../../../src-shared/einvoice.js';
import { MAIN_SCHEMA, schemaFiles } from './rules.js';
import { BrokenXmlError } from './xml-tree.js';
import { DOCUMENT_NAME, XmllintSession } from './xsd-session.js';
import type { XmllintReply } from './xsd-session.js';

/**
 * XSD validation and the well-formedness check with libxml2 (xmllint-wasm),
 * each in one long-lived xmllint that has its schemas loaded
 * (xsd-session.ts), so a warm check only parses the invoice.
 */
export type SchemaName = keyof typeof MAIN_SCHEMA;

const sessions = new Map<SchemaName | 'well-formed', XmllintSession>();

function session(name: SchemaName | 'well-formed'): XmllintSession {
  let found = sessions.get(name);
  if (!found) {
    found =
      name === 'well-formed'
        ? new XmllintSession(['--noout', '--nonet'], [])
        : new XmllintSession(['--schema', MAIN_SCHEMA[name], '--noout', '--nonet'], schemaFiles(name === 'cii' ? 'cii' : 'ubl'));
    sessions.set(name, found);
  }
  return found;
}

const MESSAGE_LINE = new RegExp(`^${DOCUMENT_NAME.replace('.', '\\.')}:(\\d+):\\s*(.*)$`);

function failure(reply: XmllintReply): Error {
  return new Error(`The XSD validator failed (exit ${reply.exitCode}): ${reply.stderr.slice(0, 300)}`);
}

/** Schema errors of one XML file as findings (rule id "XSD"); empty when it validates. */
export async function validateAgainstXsd(xml: string, schema: SchemaName): Promise<RuleFinding[]> {
  const reply = await session(schema).check(xml);
  if (reply.exitCode !== 0) throw failure(reply);
  if (reply.stderr.includes(`${DOCUMENT_NAME} validates`)) return [];
  const findings = reply.stderr
    .split('\n')
    .map((line) => MESSAGE_LINE.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ ruleId: 'XSD', severity: 'error' as const, message: (match[2] ?? '').replace(/^element\s+/, 'Element '), location: `line ${match[1] ?? '?'}` }));
  return findings.length > 0 ? findings : [{ ruleId: 'XSD', severity: 'error', message: reply.stderr.trim().slice(0, 500), location: '' }];
}

/** libxml2's own parser (no schema, no DTD: refused before): throws BrokenXmlError naming the line. */
export async function checkWellFormed(xml: string, fileName: string): Promise<void> {
  const reply = await session('well-formed').check(xml);
  if (reply.exitCode !== 0) throw failure(reply);
  if (reply.stderr.trim() === '') return;
  const first = MESSAGE_LINE.exec(reply.stderr.split('\n').find((line) => MESSAGE_LINE.test(line.trim()))?.trim() ?? '');
  const where = first ? `line ${first[1] ?? '?'}: ${first[2] ?? ''}` : reply.stderr.trim().slice(0, 200);
  throw new BrokenXmlError(`${fileName} is not well-formed XML (${where}); ask the sender for a corrected file.`);
}

/** Stops the validator threads (tests, app shutdown). */
export async function stopXsdWorker(): Promise<void> {
  const running = [...sessions.values()];
  sessions.clear();
  await Promise.all(running.map((s) => s.stop()));
}
