import type { KeyboardEvent } from 'react'
import { createContext, useContext } from 'react'
import type { TimelineStore } from './timeline-store'

type TimelineContextValue = {
  store: TimelineStore
  onKeyDown: (event: KeyboardEvent<Element>, id: string) => void
  open: (id: string) => void
}

export const TimelineContext = createContext<TimelineContextValue | null>(null)

export function useTimelineContext() {
  const value = useContext(TimelineContext)
  if (!value) throw new Error('Timeline marks render inside <TimelineChart>')
  return value
}
