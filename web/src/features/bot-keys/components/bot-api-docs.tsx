import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { formatError } from '@/lib/format-error'
import { type OpenApiDoc, useBotApiSpec } from '../api/get-bot-api-spec'
import { ApiOperation } from './api-operation'

/** A readable rendering of the bot API's OpenAPI document, fetched from the server. */
export function BotApiDocs() {
  const spec = useBotApiSpec()
  if (spec.isPending) return <Loading label="Loading the API description…" lines={4} />
  if (spec.isError) {
    return (
      <Alert tone="error" title="Could not load the API description">
        {formatError(spec.error)}
      </Alert>
    )
  }
  return <DocsBody doc={spec.data} />
}

function DocsBody({ doc }: { doc: OpenApiDoc }) {
  const base = `${window.location.origin}${doc.servers?.[0]?.url ?? ''}`
  const schemes = Object.values(doc.components?.securitySchemes ?? {})
  return (
    <>
      <section className="card stack" aria-labelledby="overview-heading">
        <h2 id="overview-heading">
          {doc.info.title} <span className="muted">v{doc.info.version}</span>
        </h2>
        {doc.info.description ? <p>{doc.info.description}</p> : null}
        <dl className="details">
          <div>
            <dt>Base URL</dt>
            <dd>
              <code>{base}</code>
            </dd>
          </div>
          <div>
            <dt>Authentication</dt>
            <dd>
              <code>Authorization: Bearer &lt;bot key&gt;</code>
              {schemes[0]?.description ? (
                <span className="cell-note">{schemes[0].description}</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Machine-readable description</dt>
            <dd>
              <a href="/api/v1/openapi.json">openapi.json</a>
            </dd>
          </div>
        </dl>
      </section>
      {Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => (
          <ApiOperation
            key={`${method} ${path}`}
            method={method}
            path={path}
            base={base}
            operation={operation}
            schemas={doc.components?.schemas}
          />
        )),
      )}
    </>
  )
}
