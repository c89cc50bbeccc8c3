import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TOAST_LIFETIME_MS, ToastProvider } from './toast-provider'
import { type ToastTone, useToast } from './use-toast'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function Trigger({ message, tone }: { message: string; tone?: ToastTone }) {
  const toast = useToast()
  return (
    <button type="button" onClick={() => toast.notify(message, tone)}>
      Do it
    </button>
  )
}

const renderToasts = (message = 'Saved.', tone?: ToastTone) =>
  render(
    <ToastProvider>
      <Trigger message={message} tone={tone} />
    </ToastProvider>,
  )

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms))

describe('ToastProvider', () => {
  it('announces in a polite status region that is there before any toast', () => {
    renderToasts()
    const region = screen.getByRole('status', { name: 'Notifications' })
    expect(region.getAttribute('aria-live')).toBe('polite')
    fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    expect(region.textContent).toContain('Saved.')
  })

  it('goes after four seconds, a failure after eight', async () => {
    expect(TOAST_LIFETIME_MS.success).toBe(4000)
    renderToasts()
    fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    await wait(3900)
    expect(screen.queryByText('Saved.')).not.toBeNull()
    await wait(100)
    expect(screen.queryByText('Saved.')).toBeNull()

    renderToasts('Could not save.', 'error')
    fireEvent.click(screen.getAllByRole('button', { name: 'Do it' })[1] as HTMLElement)
    await wait(4000)
    expect(screen.queryByText('Could not save.')).not.toBeNull()
    await wait(4000)
    expect(screen.queryByText('Could not save.')).toBeNull()
  })

  it('can be dismissed by hand', () => {
    renderToasts()
    fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }))
    expect(screen.queryByText('Saved.')).toBeNull()
  })

  it('stays while pointed at or focused, then gets its full time again', async () => {
    renderToasts()
    fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    const region = screen.getByRole('status', { name: 'Notifications' })
    fireEvent.mouseEnter(region)
    await wait(10_000)
    expect(screen.queryByText('Saved.')).not.toBeNull()
    fireEvent.mouseLeave(region)
    await wait(3900)
    expect(screen.queryByText('Saved.')).not.toBeNull()
    await wait(100)
    expect(screen.queryByText('Saved.')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    fireEvent.focus(screen.getByRole('button', { name: 'Dismiss notification' }))
    await wait(10_000)
    expect(screen.queryByText('Saved.')).not.toBeNull()
  })

  it('keeps at most three, dropping the oldest', () => {
    renderToasts()
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByRole('button', { name: 'Do it' }))
    expect(screen.getAllByText('Saved.')).toHaveLength(3)
  })
})
