/** OpenAPI 3.1 description of the bot API, served at /api/v1/openapi.json. */
export const BOT_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Token Desk bot API',
    version: '1.0.0',
    description:
      'Bots fetch a current access token with a bot key bound to specific tokens. A token that is due (in the last tenth of its lifetime, at least five minutes, never more than half of it) is renewed first; while it still has a minute or more to live, the call waits at most 2 s for that renewal and otherwise answers the current value. Refresh tokens and client secrets are never returned. A token’s id is on its page in Token Desk, with a ready curl line for each of your keys bound to it. Calls refused with a known key (401, 404, 409, 429) are listed on the Bot keys page under the key, as “Recent refused calls”.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: {
      botKey: { type: 'http', scheme: 'bearer', description: 'A bot key (tdk_…)' },
    },
    schemas: {
      Access: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_at', 'scopes'],
        properties: {
          access_token: { type: 'string' },
          token_type: { type: 'string', const: 'bearer' },
          expires_at: { type: ['string', 'null'], format: 'date-time' },
          scopes: { type: 'array', items: { type: 'string' } },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
  security: [{ botKey: [] }],
  paths: {
    '/tokens/{id}/access': {
      get: {
        summary: 'Get a current access token',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'A current access token',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Access' } } },
          },
          '401': {
            description: 'Missing, unknown, expired or revoked bot key',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '404': {
            description: 'The token is not bound to this key',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '409': {
            description: 'The token was revoked or needs re-authorisation (code reauth_required)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '429': {
            description: 'Rate limit exceeded; see Retry-After',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '502': {
            description: 'The provider did not renew an expiring token',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
  },
} as const
