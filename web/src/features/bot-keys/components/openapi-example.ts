import type { JsonSchema } from '../api/get-bot-api-spec'

type Schemas = Record<string, JsonSchema> | undefined

function resolve(schema: JsonSchema, schemas: Schemas): JsonSchema {
  if (!schema.$ref) return schema
  const name = schema.$ref.split('/').at(-1) ?? ''
  return schemas?.[name] ?? {}
}

/** A plausible example value for a JSON schema, for the docs page's sample responses. */
export function exampleFor(schema: JsonSchema, schemas: Schemas, key = '', depth = 0): unknown {
  const s = resolve(schema, schemas)
  if (s.const !== undefined) return s.const
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  if (depth > 5) return null
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [
          k,
          exampleFor(v, schemas, k, depth + 1),
        ]),
      )
    case 'array':
      return s.items ? [exampleFor(s.items, schemas, key, depth + 1)] : []
    case 'integer':
    case 'number':
      return 60
    case 'boolean':
      return true
    case 'string':
      if (s.format === 'date-time') return '2026-01-01T12:00:00.000Z'
      if (key === 'scopes') return 'send_notification'
      if (key === 'code') return 'not_found'
      if (key === 'message') return 'A sentence saying what went wrong'
      return key ? `<${key}>` : '<string>'
    default:
      return null
  }
}

export function exampleJson(schema: JsonSchema | undefined, schemas: Schemas) {
  return schema ? JSON.stringify(exampleFor(schema, schemas), null, 2) : null
}
