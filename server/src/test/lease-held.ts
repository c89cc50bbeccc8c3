/** Whether a refresh of the token is in flight right now (someone holds its lease). */
export function leaseHeld(
  t: { db: { $client: { prepare(sql: string): { get(id: string): unknown } } } },
  id: string,
) {
  const row = t.db.$client.prepare('select lease_owner as o from tokens where id = ?').get(id) as
    | { o: string | null }
    | undefined
  return Boolean(row?.o)
}
