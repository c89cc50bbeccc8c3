import { expect, inject, it } from 'vitest'
import { DIALECT } from '../db/schema'

it('runs each project on the database it is named for', () => {
  expect(DIALECT).toBe(inject('testDialect'))
})
