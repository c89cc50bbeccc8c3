import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router-dom'
import { ToastProvider } from '@/components/ui/toast-provider'
import { createQueryClient } from '@/lib/query-client'

type RenderOptions = {
  path?: string
  /** Where the router starts (defaults to `path`); may carry a query or hash. */
  url?: string
  routes?: RouteObject[]
}

/** Renders with the app's providers and a memory router; extra routes let tests observe redirects. */
export function renderWithProviders(
  ui: ReactElement,
  { path = '/', url = path, routes = [] }: RenderOptions = {},
) {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } })
  const router = createMemoryRouter([{ path, element: ui }, ...routes], { initialEntries: [url] })
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  )
  return { ...result, queryClient, router }
}
