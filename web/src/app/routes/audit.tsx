import { PageHeader } from '@/components/ui/page-header'
import { AuditList } from '@/features/audit/components/audit-list'
import { useCurrentUser } from '@/features/auth/api/get-me'

export function AuditRoute() {
  const user = useCurrentUser()
  return (
    <>
      <PageHeader
        title="Audit"
        description={
          user.role === 'admin'
            ? 'Every sign-in, reveal, refresh, share and revocation, by anyone.'
            : 'What happened to your account and your tokens. Secret values are never recorded.'
        }
      />
      <section className="card stack" aria-label="Audit events">
        <AuditList />
      </section>
    </>
  )
}
