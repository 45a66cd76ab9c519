import { decodeText, encodingFromLabel } from './text.js';
import type { ParsedBalance, ParsedStatement, ParsedTransaction, ParseResult } from './types.js';
import { RowErrors, StatementRefusedError } from './types.js';
import { canonicalAmount, isoFrom } from './values.js';

/**
 * OFX 1.x (SGML, leaf tags left open), 2.x (XML) and Quicken's QFX, read by
 * one tolerant tag walker: a closing tag closes every open leaf above its
 * element, which is what SGML OFX means. No DTD or entity is ever expanded.
 */
interface OfxNode {
  readonly name: string;
  readonly line: number;
  value: string;
  readonly children: OfxNode[];
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|nbsp|#\d+);/g, (_m, name: string) => {
    switch (name) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      case 'nbsp': return ' ';
      default: return String.fromCodePoint(Number(name.slice(1)));
    }
  });
}

function tree(body: string, lineOffset: number): OfxNode {
  const root: OfxNode = { name: '#root', line: 0, value: '', children: [] };
  const stack: OfxNode[] = [root];
  const cleaned = body
    .replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ''))
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_c, inner: string) => inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  const token = /<(\/?)([A-Za-z0-9._]+)[^>]*>|([^<]+)/g;
  let line = lineOffset;
  for (let m = token.exec(cleaned); m !== null; m = token.exec(cleaned)) {
    const [whole, closing, name, text] = m;
    if (text !== undefined) {
      const value = text.trim();
      const top = stack[stack.length - 1];
      if (value !== '' && top && top !== root) top.value += decodeEntities(value);
    } else if (name !== undefined) {
      const upper = name.toUpperCase();
      if (closing === '/') {
        const at = stack.map((n) => n.name).lastIndexOf(upper);
        if (at > 0) stack.length = at;
      } else {
        const node: OfxNode = { name: upper, line, value: '', children: [] };
        // An open leaf (SGML) ends where the next tag starts.
        const top = stack[stack.length - 1];
        if (top && top !== root && top.value !== '' && top.children.length === 0) stack.pop();
        stack[stack.length - 1]?.children.push(node);
        stack.push(node);
      }
    }
    line += (whole.match(/\n/g) ?? []).length;
  }
  return root;
}

function find(node: OfxNode, name: string): OfxNode | undefined {
  for (const child of node.children) {
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper) return deeper;
  }
  return undefined;
}

function findAll(node: OfxNode, name: string, out: OfxNode[] = []): OfxNode[] {
  for (const child of node.children) {
    if (child.name === name) out.push(child);
    else findAll(child, name, out);
  }
  return out;
}

const leaf = (node: OfxNode, name: string): string => find(node, name)?.value.trim() ?? '';

/** "20120231", "20091224120000[0:GMT]", "20111031000000.000[-5:EST]" -> ISO date, or null. */
export function ofxDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(text.trim());
  return m ? isoFrom(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function statementOf(node: OfxNode, errors: RowErrors): ParsedStatement {
  const account = leaf(find(node, 'BANKACCTFROM') ?? find(node, 'CCACCTFROM') ?? node, 'ACCTID');
  const currency = leaf(node, 'CURDEF').toUpperCase();
  const transactions: ParsedTransaction[] = [];
  for (const trn of findAll(node, 'STMTTRN')) {
    const posted = leaf(trn, 'DTPOSTED');
    const bookingDate = ofxDate(posted);
    const rawAmount = leaf(trn, 'TRNAMT');
    const amount = canonicalAmount(rawAmount.replace(/^\+/, ''), '.') ?? canonicalAmount(rawAmount, ',');
    if (bookingDate === null) {
      errors.add(trn.line, posted === '' ? 'the transaction has no posting date (DTPOSTED).' : `'${posted}' is not a calendar date.`, posted === '' ? { code: 'no-date' } : { code: 'not-a-date', params: { value: posted } });
      continue;
    }
    if (amount === null || /[^\d.+-]/.test(rawAmount)) {
      errors.add(
        trn.line,
        rawAmount === '' ? 'the transaction has no amount (TRNAMT).' : `'${rawAmount}' is not an amount; OFX amounts are plain numbers like -12.50.`,
        rawAmount === '' ? { code: 'no-amount' } : { code: 'not-an-amount', params: { value: rawAmount } },
      );
      continue;
    }
    const name = leaf(trn, 'NAME') || leaf(find(trn, 'PAYEE') ?? trn, 'NAME');
    const fitid = leaf(trn, 'FITID');
    transactions.push({
      line: trn.line,
      bookingDate,
      valueDate: ofxDate(leaf(trn, 'DTUSER')) ?? undefined,
      amount,
      payee: name,
      text: leaf(trn, 'MEMO'),
      reference: leaf(trn, 'CHECKNUM') || leaf(trn, 'REFNUM'),
      bankId: fitid === '' ? undefined : fitid,
    });
  }
  const ledger = find(node, 'LEDGERBAL');
  const balanceAmount = ledger ? canonicalAmount(leaf(ledger, 'BALAMT'), '.') : null;
  const balanceDate = ledger ? ofxDate(leaf(ledger, 'DTASOF')) : null;
  const closing: ParsedBalance | undefined = balanceAmount !== null && balanceDate !== null ? { amount: balanceAmount, date: balanceDate } : undefined;
  return { account: account || undefined, currency: /^[A-Z]{3}$/.test(currency) ? currency : undefined, closing, transactions };
}

export function parseOfx(bytes: Uint8Array): ParseResult {
  const probe = decodeText(bytes, 'latin1');
  const start = probe.search(/<OFX>/i);
  if (start === -1) throw new StatementRefusedError('This file has no <OFX> element; it is not an OFX or QFX statement.');
  const header = probe.slice(0, start);
  const charset = /CHARSET:\s*(\S+)/i.exec(header)?.[1] ?? /encoding=["']([^"']+)/i.exec(header)?.[1];
  const text = decodeText(bytes, encodingFromLabel(charset));
  const bodyStart = text.search(/<OFX>/i);
  const lineOffset = (text.slice(0, bodyStart).match(/\r\n|\n|\r/g) ?? []).length + 1;
  const root = tree(text.slice(bodyStart).replace(/\r\n?/g, '\n'), lineOffset);
  const errors = new RowErrors();
  const responses = [...findAll(root, 'STMTRS'), ...findAll(root, 'CCSTMTRS')];
  if (responses.length === 0) {
    if (find(root, 'INVSTMTRS')) throw new StatementRefusedError('This is an investment (brokerage) statement. Sealbook imports bank and credit-card statements only.');
    const status = findAll(root, 'STATUS').find((s) => leaf(s, 'CODE') !== '0');
    if (status) {
      const message = leaf(status, 'MESSAGE');
      throw new StatementRefusedError(`The bank sent an error instead of a statement (code ${leaf(status, 'CODE')}${message ? `: ${message}` : ''}). Download the statement again.`);
    }
    throw new StatementRefusedError('This OFX file holds no bank or credit-card statement.');
  }
  const statements = responses.map((node) => statementOf(node, errors));
  return { format: 'ofx', statements, errors: errors.list };
}
