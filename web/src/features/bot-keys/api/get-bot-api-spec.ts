import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

const schemaObject: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    $ref: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    format: z.string().optional(),
    const: z.unknown().optional(),
    required: z.array(z.string()).optional(),
    properties: z.record(z.string(), schemaObject).optional(),
    items: schemaObject.optional(),
  }),
)

export type JsonSchema = {
  $ref?: string | undefined
  type?: string | string[] | undefined
  format?: string | undefined
  const?: unknown
  required?: string[] | undefined
  properties?: Record<string, JsonSchema> | undefined
  items?: JsonSchema | undefined
}

const operationSchema = z.object({
  summary: z.string().optional(),
  description: z.string().optional(),
  parameters: z
    .array(z.object({ name: z.string(), in: z.string(), required: z.boolean().optional() }))
    .optional(),
  responses: z.record(
    z.string(),
    z.object({
      description: z.string(),
      headers: z.record(z.string(), z.unknown()).optional(),
      content: z.record(z.string(), z.object({ schema: schemaObject.optional() })).optional(),
    }),
  ),
})
export type OpenApiOperation = z.infer<typeof operationSchema>

const openApiSchema = z.object({
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.object({ url: z.string() })).optional(),
  components: z
    .object({
      securitySchemes: z
        .record(
          z.string(),
          z.object({ scheme: z.string().optional(), description: z.string().optional() }),
        )
        .optional(),
      schemas: z.record(z.string(), schemaObject).optional(),
    })
    .optional(),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
})
export type OpenApiDoc = z.infer<typeof openApiSchema>

/** The bot API's OpenAPI document, served by the server itself, checked before it is shown. */
export async function getBotApiSpec(): Promise<OpenApiDoc> {
  return openApiSchema.parse(await callApi(api.v1['openapi.json'].$get()))
}

export const botApiSpecQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.botKeys.apiSpec(),
    queryFn: getBotApiSpec,
    staleTime: Number.POSITIVE_INFINITY,
  })

export function useBotApiSpec() {
  return useQuery(botApiSpecQueryOptions())
}
