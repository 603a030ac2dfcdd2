/**
 * The admin token every test control API is started with, and the one the snapshot fixtures'
 * control API would need: one value, so no suite invents its own and a leak check can look for
 * exactly this string.
 */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
