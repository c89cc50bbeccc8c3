import { Component, type ErrorInfo, type ReactNode } from 'react'

type ErrorBoundaryProps = {
  children: ReactNode
  /** Changing this (e.g. the path) clears a caught error so navigation recovers. */
  resetKey?: string
}

type ErrorBoundaryState = { error: Error | null }

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  state: ErrorBoundaryState = { error: null }

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled render error', error, info.componentStack)
  }

  componentDidUpdate(previous: ErrorBoundaryProps) {
    if (this.state.error && previous.resetKey !== this.props.resetKey)
      this.setState({ error: null })
  }

  render() {
    if (!this.state.error) return this.props.children
    return (
      <main id="main" className="error-page" tabIndex={-1}>
        <h1>Something went wrong</h1>
        <p>This page hit an unexpected error. Reloading usually fixes it.</p>
        <pre className="error-detail">{this.state.error.message}</pre>
        <button type="button" className="button button-primary" onClick={() => location.reload()}>
          Reload page
        </button>
      </main>
    )
  }
}
