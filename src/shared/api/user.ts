import * as z from 'zod';
import { PlainText, Timestamp } from './common.js';

/** A user of the account and the groups `identity.groups.name` sees (extension). */
export const User = z
  .object({
    email: z.string(),
    groups: z.array(z.string()),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** `PUT users/{email}`: replaces the user's groups (creating the user if needed). */
export const UserPut = z
  .strictObject({
    groups: z.array(PlainText.trim().min(1, 'group names cannot be empty').max(256)).max(100),
  })
  .meta({ id: 'UserPut' });
export type UserPut = z.infer<typeof UserPut>;
