import { z } from 'zod';

/**
 * The conversation between the main process and the local simulator's utility process. Both
 * sides parse what they receive: a message is data from another process, not a trusted value.
 */

export const SimulatorCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), dataDir: z.string().min(1) }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type SimulatorCommand = z.infer<typeof SimulatorCommand>;

export const SimulatorReport = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    url: z.url({ protocol: /^http$/ }),
    adminToken: z.string().min(16),
  }),
  z.strictObject({ type: z.literal('failed'), message: z.string() }),
  z.strictObject({ type: z.literal('stopped') }),
]);
export type SimulatorReport = z.infer<typeof SimulatorReport>;
