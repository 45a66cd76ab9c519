import type { z } from 'zod';

/**
 * A valid input for any channel schema, found by walking the zod tree: each
 * string field tries a few plausible values against its own checks. Good
 * enough for the role matrix, where only getting past validation matters.
 */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly options?: readonly z.ZodType[];
  readonly in?: z.ZodType;
}

const STRINGS = ['sample', '2026-01-15', '123456', '1', '1.00', '19', 'DE', 'EUR', 'x@example.com', 'DE89370400440532013000', 'Sample Name', '2026-11'];
const NUMBERS = [1, 0, 19, 100];

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

export function sampleFor(schema: z.ZodType): unknown {
  const d = def(schema);
  switch (d.type) {
    case 'object': {
      // Optional fields left out first; a cross-field rule ("customerId or customer") may need them.
      const build = (fillOptional: boolean): Record<string, unknown> => {
        const out: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(d.shape ?? {})) {
          const inner = def(field);
          const value = fillOptional && inner.type === 'optional' && inner.innerType ? sampleFor(inner.innerType) : sampleFor(field);
          if (value !== undefined) out[key] = value;
        }
        return out;
      };
      const lean = build(false);
      return schema.safeParse(lean).success ? lean : build(true);
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return undefined;
    case 'nullable':
      return null;
    case 'string':
      return STRINGS.find((s) => schema.safeParse(s).success) ?? 'sample';
    case 'number':
    case 'int':
      return NUMBERS.find((n) => schema.safeParse(n).success) ?? 1;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(d.entries ?? {})[0];
    case 'literal':
      return d.values?.[0];
    case 'array': {
      if (schema.safeParse([]).success) return [];
      if (!d.element) return [];
      const one = [sampleFor(d.element)];
      // Double-entry lines come at least in pairs.
      return schema.safeParse(one).success ? one : [...one, ...one];
    }
    case 'union':
      return d.options?.[0] ? sampleFor(d.options[0]) : undefined;
    case 'pipe':
      return d.in ? sampleFor(d.in) : undefined;
    case 'record':
      return {};
    default:
      return undefined;
  }
}
