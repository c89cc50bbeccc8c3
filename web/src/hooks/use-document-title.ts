import { useEffect } from 'react'

const PRODUCT = 'Token Desk'

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT}` : PRODUCT
  }, [title])
}
