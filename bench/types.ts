/** One benchmark section: what `bench/sections/*.ts` default-export functions resolve to. */
export interface BenchSection {
  title: string;
  rows: {
    name: string;
    value: number;
    unit: string;
    /** The goal as a person reads it, e.g. "≥ 500,000". */
    goal?: string;
    /** Whether the goal was met; absent when the row has no goal. */
    ok?: boolean;
  }[];
  notes?: string[];
}

export type BenchSectionRunner = () => Promise<BenchSection>;
