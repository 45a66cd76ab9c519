import type { AuditRow } from '../../../src-shared/contract.js';
import { EXIT, UsageError } from '../spec.js';
import type { CommandSpec } from '../spec.js';

const PAGE = 1000;

export const auditCommands: readonly CommandSpec[] = [
  {
    name: 'audit verify',
    summary: 'Check the audit log\'s HMAC chain; exit 3 and name the first broken row when it was altered.',
    positionals: ['dir'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const verdict = await ctx.call('audit.verify', {});
      return {
        json: verdict,
        text: verdict.ok
          ? `Audit log intact: ${verdict.rows} rows.`
          : `Audit log BROKEN at row ${String(verdict.firstBadSeq)} (of ${verdict.rows}). It was changed outside Sealbook.`,
        exitCode: verdict.ok ? EXIT.ok : EXIT.verificationFailed,
      };
    },
  },
  {
    name: 'audit list',
    summary: 'Print audit log rows, oldest first.',
    positionals: ['dir'],
    options: {
      since: { type: 'string', value: 'ISO', description: 'Only rows at or after this date or date-time (UTC), e.g. 2026-11-01.' },
      action: { type: 'string', value: 'ACTION', description: 'Only this action, e.g. session.unlock.' },
      actor: { type: 'string', value: 'NAME', description: 'Only rows by this user.' },
    },
    unlocks: true,
    async run(ctx) {
      const since = ctx.optionalString('since');
      if (since !== undefined && Number.isNaN(Date.parse(since))) {
        throw new UsageError(`--since "${since}" is not an ISO date such as 2026-11-01 or 2026-11-01T08:00:00Z.`);
      }
      const sinceIso = since === undefined ? undefined : new Date(since).toISOString();
      const filter = {
        ...(sinceIso === undefined ? {} : { from: sinceIso.slice(0, 10) }),
        ...(ctx.optionalString('action') === undefined ? {} : { action: ctx.optionalString('action') }),
        ...(ctx.optionalString('actor') === undefined ? {} : { actor: ctx.optionalString('actor') }),
      };
      const rows: AuditRow[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await ctx.call('audit.list', { filter, offset, limit: PAGE });
        rows.push(...page.rows);
        if (page.rows.length < PAGE || rows.length >= page.total) break;
      }
      // The filter works on whole days; a date-time narrows it further.
      const selected = sinceIso === undefined ? rows : rows.filter((row) => row.at >= sinceIso);
      return {
        json: selected,
        text: selected.map((r) => `${String(r.seq).padStart(6)}  ${r.at}  ${r.actor}  ${r.action}  ${r.subject}`).join('\n'),
      };
    },
  },
];
