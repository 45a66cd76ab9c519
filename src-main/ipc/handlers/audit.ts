import { auditCsv, auditFacets, listAudit } from '../../core/audit/query.js';
import { verifyAudit } from '../../core/audit/verify.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import type { HandlerMap } from '../handlers.js';

export const auditHandlers: HandlerMap<'audit.list' | 'audit.facets' | 'audit.verify' | 'audit.exportCsv'> = {
  'audit.facets': (_input, ctx) => auditFacets(requireVaultSession(ctx.session).db),
  'audit.list': ({ filter, offset, limit }, ctx) => listAudit(requireVaultSession(ctx.session).db, filter, offset, limit),
  'audit.verify': async (_input, ctx) => {
    const session = requireVaultSession(ctx.session);
    const total = session.auditHead();
    // A job: progress in the tray, and the UI stays responsive on a long log.
    const { result } = ctx.app.jobs.start('jobs.auditVerify', total, (job) =>
      verifyAudit(session.db, session.vault.keys.audit, { signal: job.signal, onProgress: (done) => job.progress(done) }),
    );
    const verdict = await result;
    session.audit({ action: 'audit.verified', details: { ...verdict } });
    return verdict;
  },
  'audit.exportCsv': ({ filter }, ctx) => {
    const session = requireVaultSession(ctx.session);
    const csv = auditCsv(session.db, filter);
    session.audit({ action: 'audit.exported', details: { filter, rows: Math.max(0, csv.split('\r\n').length - 2) } });
    return { csv };
  },
};
