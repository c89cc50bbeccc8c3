import type { ReactNode } from 'react'
import { useDocumentTitle } from '@/hooks/use-document-title'

type PageHeaderProps = { title: string; description?: ReactNode; actions?: ReactNode }

/** The page's single h1; also names the browser tab. */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  useDocumentTitle(title)
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  )
}
