/** The audit filter as `audit.list` takes it: empty fields are left out. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function cleanFilter(raw: { actor: string; action: string; from: string; to: string }): AuditFilter {
  const filter: AuditFilter = {};
  if (raw.actor.trim() !== '') filter.actor = raw.actor.trim();
  if (raw.action.trim() !== '') filter.action = raw.action.trim();
  if (raw.from !== '') filter.from = raw.from;
  if (raw.to !== '') filter.to = raw.to;
  return filter;
}
