/** The query forms every audit route of the isolation matrices is tried with: none, paging and each filter. */
export const auditQueryForms = [
  '',
  '?limit=1',
  '?action=home.created',
  '?deviceId=d-1',
  '?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
  '?cursor=999999999',
] as const;
