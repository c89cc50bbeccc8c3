import { QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { ToastProvider } from '@/components/ui/toast-provider'
import { meQueryOptions } from '@/features/auth/api/get-me'
import { createQueryClient } from '@/lib/query-client'

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() =>
    createQueryClient({
      // An expired session anywhere signs the tab out; the route guard then asks to sign in.
      onUnauthenticated: (client) => client.setQueryData(meQueryOptions().queryKey, null),
    }),
  )
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  )
}
