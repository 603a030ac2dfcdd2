import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import type {
  Condition,
  Expression,
  IpLiteral,
  Literal,
  SetItem,
} from '../../../src/shared/policy/index.js';
import { POLICY_FIELDS } from '../../../src/shared/policy/index.js';

const scalarFields = POLICY_FIELDS.filter((f) => !f.type.startsWith('list of '));
const listFields = POLICY_FIELDS.filter((f) => f.type.startsWith('list of '));

/** Any string, quotes, backslashes, newlines and non-ASCII included. */
const anyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', '"', '\\', '\\"', 'a b', '\n', 'ünï', 'x@example.com'),
);

const stringLiteral = (values: fc.Arbitrary<string>) =>
  values.map((value): Literal => ({ type: 'string', value }));

const port = fc.integer({ min: 0, max: 65535 });
const intLiteral = port.map((value): Literal => ({ type: 'int', value }));
const rangeLiteral = fc
  .tuple(port, port)
  .map(([a, b]): SetItem => ({ type: 'range', from: Math.min(a, b), to: Math.max(a, b) }));

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((parts) => new ipaddr.IPv6(parts).toRFC5952String());

/** An address or a CIDR block with its host bits cleared, in canonical text. */
const ipLiteral: fc.Arbitrary<IpLiteral> = fc.oneof(
  ipv4.map((address): IpLiteral => ({ type: 'ip', address })),
  ipv6.map((address): IpLiteral => ({ type: 'ip', address })),
  fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(
    ([address, prefix]): IpLiteral => ({
      type: 'ip',
      address: ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString(),
      prefix,
    }),
  ),
  fc.tuple(ipv6, fc.integer({ min: 0, max: 128 })).map(
    ([address, prefix]): IpLiteral => ({
      type: 'ip',
      address: ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toRFC5952String(),
      prefix,
    }),
  ),
);

/** Valid RE2 patterns: regex-escaped arbitrary text, or a few shapes with escapes and quotes. */
const pattern = fc.oneof(
  fc.string({ maxLength: 10 }).map((text) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')),
  fc.constantFrom('^a.*b$', '\\d+', 'foo|bar', '"quoted"', '[a-z]+\\.com$', 'a\\\\b', '(?i)x', ''),
);

function conditionFor(
  field: (typeof POLICY_FIELDS)[number],
  values: { string: fc.Arbitrary<string> },
): fc.Arbitrary<Condition> {
  const name = field.name;
  const type = field.type.replace('list of ', '');
  if (type === 'integer') {
    return fc.oneof(
      fc
        .tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), intLiteral)
        .map(([op, value]): Condition => ({ type: 'compare', field: name, op, value })),
      fc
        .array(fc.oneof(intLiteral, rangeLiteral), { minLength: 1, maxLength: 4 })
        .map((items): Condition => ({ type: 'in', field: name, values: items })),
    );
  }
  if (type === 'ip') {
    const address = ipLiteral.filter((literal) => literal.prefix === undefined);
    return fc.oneof(
      fc
        .tuple(fc.constantFrom('==', '!=' as const), address)
        .map(([op, value]): Condition => ({ type: 'compare', field: name, op, value })),
      fc
        .array(ipLiteral, { minLength: 1, maxLength: 4 })
        .map((items): Condition => ({ type: 'in', field: name, values: items })),
    );
  }
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('==', '!=' as const), stringLiteral(values.string))
      .map(([op, value]): Condition => ({ type: 'compare', field: name, op, value })),
    fc
      .array(stringLiteral(values.string), { minLength: 1, maxLength: 4 })
      .map((items): Condition => ({ type: 'in', field: name, values: items })),
    pattern.map((p): Condition => ({ type: 'matches', field: name, pattern: p })),
  );
}

/** Random valid trees over every field and operator, without positions. */
export function expressionArbitrary(
  options: {
    fields?: readonly (typeof POLICY_FIELDS)[number][];
    string?: fc.Arbitrary<string>;
    depth?: number;
  } = {},
): fc.Arbitrary<Expression> {
  const values = { string: options.string ?? anyString };
  const fields = options.fields ?? POLICY_FIELDS;
  const scalars = fields.filter((f) => scalarFields.includes(f));
  const lists = fields.filter((f) => listFields.includes(f));
  const leaves: fc.Arbitrary<Expression>[] = [];
  if (scalars.length > 0) {
    leaves.push(fc.constantFrom(...scalars).chain((f) => conditionFor(f, values)));
  }
  if (lists.length > 0) {
    leaves.push(
      fc
        .constantFrom(...lists)
        .chain((f) => conditionFor(f, values))
        .map((condition): Expression => ({ type: 'any', condition })),
    );
  }
  const leaf = fc.oneof(...leaves);
  const { tree } = fc.letrec<{ tree: Expression }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', maxDepth: options.depth ?? 5 },
      leaf,
      tie('tree').map((operand): Expression => ({ type: 'not', operand })),
      fc
        .tuple(
          fc.constantFrom('and', 'or', 'xor' as const),
          fc.array(tie('tree'), { minLength: 2, maxLength: 4 }),
        )
        .map(([type, operands]): Expression => ({ type, operands })),
    ),
  }));
  return tree;
}

/** Edits that turn a valid expression into a near miss. */
export function mutate(source: string): fc.Arbitrary<string> {
  const index = fc.nat(source.length);
  const noise = fc.oneof(
    fc.constantFrom(
      '(',
      ')',
      '{',
      '}',
      '[*]',
      '"',
      '\\',
      '==',
      '!=',
      '..',
      '/',
      ':',
      ' and ',
      ' or ',
      'not(',
      '!',
      'any(',
      'in',
      'matches',
      '99999999999999999999',
      '::',
      '\n',
      '\u0000',
      '\ud800',
    ),
    fc.string({ maxLength: 4 }),
  );
  return fc.oneof(
    fc
      .tuple(index, index)
      .map(([a, b]) => source.slice(0, Math.min(a, b)) + source.slice(Math.max(a, b))),
    fc.tuple(index, noise).map(([i, text]) => source.slice(0, i) + text + source.slice(i)),
    fc.tuple(index, index).map(([a, b]) => source.slice(0, a) + source.slice(b)),
    fc
      .tuple(index, fc.nat(source.length))
      .map(([i, n]) => source.slice(0, i) + source.slice(i, i + n).repeat(3) + source.slice(i + n)),
  );
}
