import { describe, expect, it } from 'vitest';
import {
  type AvroSchema,
  loadNamedSchemas,
  resolveSchema,
} from '../../src/contracts/avro-schemas.js';

describe('resolveSchema', () => {
  it('inlines a type from another file at its first use and refers to it by name after', () => {
    const schema = resolveSchema('market.events.IngestJobEvent');
    const text = JSON.stringify(schema);
    // UnitWarning is used by UnitValidated only; JobStarted carries PlannedUnit inline.
    expect(text.match(/"name":"UnitWarning"/g)).toHaveLength(1);
    expect(text).toContain('"name":"PlannedUnit"');
    const validated = resolveSchema('market.events.ValidatedUnit');
    const warnings = (validated.fields as AvroSchema[]).find((field) => field.name === 'warnings');
    expect(JSON.stringify(warnings)).toContain('"name":"UnitWarning"');
  });

  it('reports a reference to a type that no file defines', () => {
    const named = loadNamedSchemas();
    named.set('market.events.Broken', {
      type: 'record',
      name: 'Broken',
      namespace: 'market.events',
      fields: [{ name: 'x', type: 'market.events.Nowhere' }],
    });
    expect(() => resolveSchema('market.events.Broken', named)).toThrow(
      /market.events.Nowhere is not defined/,
    );
  });
});
