import { describe, expectTypeOf, it } from 'vitest';
import type { Resolution, ResolveResult } from '../../src/shared/api/index.js';
import type { EgressResolution } from '../../src/shared/egress/index.js';

// Checked by `tsc -p tsconfig.test.json`: the wire schema and the resolver's type must agree,
// so the server returns a resolution as is and the agent reads it back without casts.
describe('the resolve contract', () => {
  it('the Resolution schema and EgressResolution are the same type', () => {
    expectTypeOf<Resolution>().toEqualTypeOf<EgressResolution>();
  });

  it('an EgressResolution is a ResolveResult', () => {
    expectTypeOf<EgressResolution>().toExtend<ResolveResult>();
  });
});
