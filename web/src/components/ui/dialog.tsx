import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react'
import { ConfirmDialog } from './confirm-dialog'
import { openerOf, returnFocus } from './focus-return'

/**
 * For a dialog that shows a secret once: while `when` is true, Escape or a close button asks
 * first ("Have you copied it?"), and closes only on yes.
 */
export type CloseGuard = {
  when: boolean
  question?: string
  detail?: ReactNode
  confirmLabel?: string
  backLabel?: string
}

type DialogProps = {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  /** Wider layout for forms and code samples. */
  size?: 'normal' | 'wide'
  guard?: CloseGuard
  /** Where focus goes on close when the element that opened the dialog is gone. */
  fallbackFocus?: () => HTMLElement | null
}

const RequestClose = createContext<(() => void) | null>(null)

/** Closes the dialog around it as Escape would: through its guard, if it has one. */
export function useDialogClose() {
  const close = useContext(RequestClose)
  if (!close) throw new Error('useDialogClose must be used inside <Dialog>')
  return close
}

/** A "Close" button that asks first when the dialog's guard says so. */
export function DialogCloseButton({ children = 'Close' }: { children?: ReactNode }) {
  const close = useDialogClose()
  return (
    <button type="button" className="button button-secondary" onClick={close}>
      {children}
    </button>
  )
}

/**
 * A modal on <dialog>: showModal() traps focus and makes the page inert, Escape closes it (or
 * asks first, see `guard`), and focus goes back to whatever opened it.
 */
export function Dialog(props: DialogProps) {
  const { open, title, onClose, children, size = 'normal', guard, fallbackFocus } = props
  const ref = useRef<HTMLDialogElement>(null)
  const opener = useRef<Element | null>(null)
  const fallback = useRef(fallbackFocus)
  fallback.current = fallbackFocus
  const titleId = useId()
  const [asking, setAsking] = useState(false)
  const guarded = guard?.when === true

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      opener.current = openerOf(document)
      dialog.showModal()
    }
    if (!open && dialog.open) {
      dialog.close()
      setAsking(false)
      returnFocus(opener.current, fallback.current)
    }
  }, [open])

  const requestClose = useCallback(() => {
    if (guarded) setAsking(true)
    else onClose()
  }, [guarded, onClose])

  return (
    <dialog
      ref={ref}
      className={size === 'wide' ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        // A dialog opened from inside this one (password, "have you copied it?") handles its own.
        if (event.target !== event.currentTarget) return
        requestClose()
      }}
    >
      {open ? (
        <RequestClose.Provider value={requestClose}>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {children}
          <ConfirmDialog
            open={asking}
            title={guard?.question ?? 'Have you copied it?'}
            confirmLabel={guard?.confirmLabel ?? 'Yes, close'}
            cancelLabel={guard?.backLabel ?? 'Go back'}
            onConfirm={() => {
              setAsking(false)
              onClose()
            }}
            onCancel={() => setAsking(false)}
          >
            {guard?.detail ?? (
              <p>It is shown only this once: after closing, nobody can see it again.</p>
            )}
          </ConfirmDialog>
        </RequestClose.Provider>
      ) : null}
    </dialog>
  )
}
