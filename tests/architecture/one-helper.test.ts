import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name))
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  );
}

function offenders(files: string[], pattern: RegExp, home: string): string[] {
  return files
    .filter((file) => file !== home)
    .flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}`] : [])),
    );
}

// A helper written once stays once: a new copy fails here and names the helper to call.
describe('one helper for each small job', () => {
  it('what a thrown value says is errorMessage (src/shared/text/error-message.ts)', () => {
    const copy = /(\w+) instanceof Error \? \1\.message : String\(\1\)/;
    expect(
      offenders(sources('src', 'tests', 'bench'), copy, 'src/shared/text/error-message.ts'),
    ).toEqual([]);
  });

  it("zod's issues are worded by zodIssueLines (src/shared/text/zod-issues.ts)", () => {
    expect(offenders(sources('src'), /\.issues\b/, 'src/shared/text/zod-issues.ts')).toEqual([]);
  });
});
