/**
 * The envelope code of the WARP adapter's own answers (a refusal by warp-cli, WARP not ready,
 * the Cloudflare API down or refusing): their message already says what happened and what to
 * do, so the agent passes it on as is.
 */
export const WARP_ERROR_CODE = 1100;
