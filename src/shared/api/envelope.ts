import * as z from 'zod';

/** One `errors[]` / `messages[]` entry of Cloudflare's envelope. */
export const ApiMessage = z.object({
  code: z.int().min(1000),
  message: z.string(),
});
export type ApiMessage = z.infer<typeof ApiMessage>;

/** Paging of a list answer; every list here returns a single page. */
export const ResultInfo = z.object({
  page: z.int().min(1),
  per_page: z.int().min(0),
  count: z.int().min(0),
  total_count: z.int().min(0),
});
export type ResultInfo = z.infer<typeof ResultInfo>;

/** The envelope of a successful answer carrying `result`. */
export function envelopeOf<T extends z.ZodType>(result: T) {
  return z.object({
    success: z.literal(true),
    errors: z.array(ApiMessage),
    messages: z.array(ApiMessage),
    result,
  });
}

/** The envelope of a successful list answer. */
export function listEnvelopeOf<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    errors: z.array(ApiMessage),
    messages: z.array(ApiMessage),
    result: z.array(item),
    result_info: ResultInfo,
  });
}

/** Every failure: `success:false`, `result:null` and at least one error. */
export const ErrorEnvelope = z.object({
  success: z.literal(false),
  errors: z.array(ApiMessage).min(1),
  messages: z.array(ApiMessage),
  result: z.null(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export interface Envelope<T> {
  success: boolean;
  errors: ApiMessage[];
  messages: ApiMessage[];
  result: T;
  result_info?: ResultInfo;
}

/**
 * What a tolerant reader accepts as a failure: some Cloudflare shapes send `errors: null` or
 * `messages` as plain strings, so only the parts a client acts on are required.
 */
export const LooseErrorEnvelope = z.object({
  success: z.literal(false).optional(),
  errors: z
    .array(z.union([ApiMessage, z.object({ code: z.number(), message: z.string() }), z.string()]))
    .nullable()
    .optional(),
});
