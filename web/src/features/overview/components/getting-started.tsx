import type { GettingStarted as Steps } from '@tokendesk/shared/schemas/overview'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { paths } from '@/config/paths'
import { useChecklistDismissal } from './checklist-dismissal'

type Step = { key: keyof Steps; title: string; href: string; how: ReactNode }

const STEPS: Step[] = [
  {
    key: 'token',
    title: 'Add a token',
    href: paths.tokens.getHref(),
    how: 'Paste a HipChat token on the Tokens page; Token Desk watches its expiry from then on.',
  },
  {
    key: 'addon',
    title: 'Register an add-on',
    href: paths.addons.getHref(),
    how: (
      <>
        Define one for HipChat to install, or{' '}
        <Link to={paths.installations.getHref()}>register an installation</Link> by hand.
      </>
    ),
  },
  {
    key: 'botKey',
    title: 'Create a bot key',
    href: paths.botKeys.getHref(),
    how: 'Lets a bot fetch a current access token over HTTP, never the refresh token.',
  },
]

/** Where to focus once the checklist is gone: the next section's heading. */
const AFTER_ID = 'overview-counts'

/**
 * A new admin's first three steps, each ticked from what they have set up. Gone once all three
 * are done, or when they hide it.
 */
export function GettingStarted({ steps }: { steps: Steps }) {
  const { dismissed, dismiss } = useChecklistDismissal()
  const done = STEPS.filter((step) => steps[step.key]).length
  if (dismissed || done === STEPS.length) return null
  return (
    <section className="card overview-section checklist" aria-labelledby="getting-started">
      <div className="overview-section-head">
        <h2 id="getting-started">Getting started</h2>
        <p className="muted">
          {done} of {STEPS.length} done
        </p>
      </div>
      <ol className="checklist-steps">
        {STEPS.map((step) => {
          const isDone = steps[step.key]
          return (
            <li key={step.key} className={isDone ? 'checklist-step is-done' : 'checklist-step'}>
              <StepMark done={isDone} />
              <div className="checklist-text">
                <p className="checklist-title">
                  <Link to={step.href}>{step.title}</Link>{' '}
                  <span className={isDone ? 'badge badge-success' : 'badge badge-neutral'}>
                    {isDone ? 'Done' : 'To do'}
                  </span>
                </p>
                <p className="muted">{step.how}</p>
              </div>
            </li>
          )
        })}
      </ol>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          dismiss()
          document.getElementById(AFTER_ID)?.focus()
        }}
      >
        Hide this checklist
      </button>
    </section>
  )
}

function StepMark({ done }: { done: boolean }) {
  return (
    <svg className="checklist-mark" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      <circle cx="10" cy="10" r="8.5" />
      {done ? <path d="M5.8 10.4l2.8 2.8 5.6-6" /> : null}
    </svg>
  )
}
