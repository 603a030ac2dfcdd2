import type { Verification } from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { verificationLine } from '../output/describe.js';
import { verifyOutput } from '../output/project.js';
import { formatFields } from '../output/table.js';

/** 5 when the destination saw another egress; 1 when the check itself could not be made. */
export function verificationExit(verification: Verification): ExitCode {
  if (verification.status === 'mismatch') return ExitCode.verificationMismatch;
  if (verification.status === 'error') return ExitCode.internal;
  return ExitCode.ok;
}

export async function runVerify(ctx: CliContext): Promise<ExitCode> {
  const agent = await ctx.agent();
  const verification = await agent.verify({});
  if (ctx.json) {
    ctx.printJson(verifyOutput(verification));
  } else {
    const { expected, observed } = verification;
    ctx.print(
      formatFields([
        ['Result', verificationLine(verification, ctx.style)],
        ['Expected', [expected.ipv4, expected.colo, expected.country].filter(Boolean).join(' · ')],
        ['Observed', observed ? [observed.ip, observed.colo, observed.loc].join(' · ') : null],
      ]),
    );
  }
  return verificationExit(verification);
}
