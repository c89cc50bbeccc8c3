import type { ReactNode } from 'react'

type AlertProps = {
  tone?: 'error' | 'info' | 'success' | 'warning'
  title?: string
  children: ReactNode
  action?: ReactNode
}

/** Errors interrupt screen readers (role=alert); other tones are read politely. */
export function Alert({ tone = 'info', title, children, action }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="alert-body">
        {title ? <p className="alert-title">{title}</p> : null}
        <div>{children}</div>
      </div>
      {action ? <div className="alert-action">{action}</div> : null}
    </div>
  )
}
