import { useId } from 'react'
import type { JsonSchema, OpenApiOperation } from '../api/get-bot-api-spec'
import { exampleJson } from './openapi-example'

type ApiOperationProps = {
  method: string
  path: string
  base: string
  operation: OpenApiOperation
  schemas: Record<string, JsonSchema> | undefined
}

export function ApiOperation({ method, path, base, operation, schemas }: ApiOperationProps) {
  const headingId = useId()
  const verb = method.toUpperCase()
  const url = `${base}${path.replace(/\{(\w+)\}/g, '<$1>')}`
  const ok = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))
  const okExample = exampleJson(ok?.[1].content?.['application/json']?.schema, schemas)
  const failure = Object.entries(operation.responses).find(([status]) => !status.startsWith('2'))
  const errorExample = exampleJson(failure?.[1].content?.['application/json']?.schema, schemas)
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="http-method">{verb}</span> <code>{path}</code>
      </h2>
      {operation.summary ? <p>{operation.summary}</p> : null}
      {operation.parameters?.length ? (
        <>
          <h3>Parameters</h3>
          <ul>
            {operation.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code>{p.name}</code> in {p.in}
                {p.required ? ' (required)' : ''}
                {p.name === 'id' ? ': the token id, shown on the token’s page and bot key' : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Example request</h3>
      <pre className="code-block">{`curl -H "Authorization: Bearer <bot key>" \\\n  ${url}`}</pre>
      {okExample ? (
        <>
          <h3>Example answer ({ok?.[0]})</h3>
          <pre className="code-block">{okExample}</pre>
        </>
      ) : null}
      {errorExample ? (
        <>
          <h3>Error answers</h3>
          <p>
            Every error has the same shape; branch on <code>code</code>, not on the message.
          </p>
          <pre className="code-block">{errorExample}</pre>
        </>
      ) : null}
      <h3>Responses</h3>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">
            Responses of {verb} {path}
          </caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(operation.responses).map(([status, response]) => (
              <tr key={status}>
                <th scope="row">{status}</th>
                <td>
                  {response.description}
                  {response.headers ? (
                    <span className="cell-note">
                      Headers: {Object.keys(response.headers).join(', ')}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
